package main

import (
	"context"
	"os"
	"testing"

	"gocmd/internal/cli"
)

// TestMain lets the test binary act as gocmd: tests put a "go" link to
// os.Args[0] on PATH and set GOCMD_TEST_AS_GO=1 (see testenv_test.go), so
// the project's tests need no separate build step and run the code under
// test, whichever go command runs them.
func TestMain(m *testing.M) {
	if os.Getenv("GOCMD_TEST_AS_GO") == "1" {
		exe, _ := os.Executable()
		os.Exit(cli.Main(context.Background(), os.Args[1:], os.Environ(), exe,
			cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}
