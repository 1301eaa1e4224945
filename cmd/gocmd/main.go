// Command gocmd is a from-scratch implementation of the go command.
// Put it on PATH as "go".
package main

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"gocmd/internal/cli"
)

// gcPercent is the garbage collector target used unless GOGC is set: a
// go command is short-lived and allocates mostly data it keeps, so
// collecting less often saves much of its CPU time for a few tens of
// megabytes.
const gcPercent = 400

func main() {
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(gcPercent)
	}
	stop := startProfile(os.Getenv("GOCMD_CPUPROFILE"))
	exe, _ := os.Executable()
	code := cli.Main(context.Background(), os.Args[1:], os.Environ(), exe,
		cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the command to file, if not "",
// until the returned function is called (a debugging aid for gocmd's
// own speed).
func startProfile(file string) func() {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		return func() {}
	}
	if pprof.StartCPUProfile(f) != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
