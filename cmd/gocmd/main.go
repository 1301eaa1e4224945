// Command gocmd is a from-scratch implementation of the go command.
// Put it on PATH as "go".
package main

import (
	"context"
	"os"

	"gocmd/internal/cli"
)

func main() {
	exe, _ := os.Executable()
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Environ(), exe,
		cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
}
