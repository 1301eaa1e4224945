package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary act as gocmd: tests put a "go" link to
// os.Args[0] on PATH and set GOCMD_TEST_AS_GO=1 (see testenv_test.go), so
// the project's tests need no separate build step and run the code under
// test, whichever go command runs them.
func TestMain(m *testing.M) {
	if os.Getenv("GOCMD_TEST_AS_GO") == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}
