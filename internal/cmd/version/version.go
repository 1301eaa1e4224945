// Package version implements 'go version': with no arguments it reports
// the toolchain's own version; given files or directories, it reads the
// build information that the linker embeds in Go binaries (debug/buildinfo)
// and prints it as text (-m) or JSON (-m -json).
package version

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"gocmd/internal/base"
)

// flags are the command line flags of one 'go version' run.
type flags struct {
	m    bool // print module and build settings
	v    bool // report files that are not Go binaries during directory scans
	json bool // with -m, print the build information as JSON
}

// New returns the 'go version' command.
func New() *base.Command {
	f := &flags{}
	cmd := &base.Command{
		UsageLine: "go version [-m] [-v] [-json] [file ...]",
		Short:     "print Go version",
		Long:      longHelp,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	fs.BoolVar(&f.m, "m", false, "")
	fs.BoolVar(&f.v, "v", false, "")
	fs.BoolVar(&f.json, "json", false, "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

const longHelp = `
Version describes Go binaries: for each file named on the command line it
prints the Go release that built it.

With no file arguments, go version prints the version of the Go toolchain
it belongs to, followed by the operating system and architecture it runs
on.

A directory argument is searched recursively for Go binaries, and each one
found is reported. Files in such a directory that are not Go binaries are
skipped without comment unless the -v flag is given, in which case problems
reading files that look like executables are reported too.

The -m flag adds the module information recorded in each binary: the main
package path, the main module, each dependency module with its checksum and
any replacement, and the build settings. These lines follow the version
line, each starting with a tab.

The -json flag prints the same information as -m, as a JSON encoding of
runtime/debug.BuildInfo. It is an error to use -json without -m.

For the meaning of the recorded fields, see 'go doc runtime/debug.BuildInfo'.
`

func run(ctx context.Context, inv *base.Invocation, f *flags, args []string) error {
	if len(args) == 0 {
		// -m, -v and -json only make sense with files to read; reject
		// them when given on the command line, but tolerate them in
		// $GOFLAGS, where they may be meant for other commands.
		for _, fl := range []struct {
			name string
			set  bool
		}{{"-m", f.m}, {"-v", f.v}, {"-json", f.json}} {
			if fl.set && !base.InGOFLAGS(inv.GOFLAGS, fl.name) {
				fmt.Fprintf(inv.Stderr, "go: 'go version' only accepts %s flag with arguments\n", fl.name)
				return base.Exit(2)
			}
		}
		fmt.Fprintf(inv.Stdout, "go version %s %s/%s\n", toolchainVersion(inv.Env.GOROOT()), runtime.GOOS, runtime.GOARCH)
		return nil
	}
	if f.json && !f.m {
		fmt.Fprintf(inv.Stderr, "go: 'go version' with -json flag requires -m flag\n")
		return base.Exit(2)
	}

	s := &scanner{inv: inv, flags: f}
	failed := false
	for _, arg := range args {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		path := resolve(inv.Dir, arg)
		info, err := os.Stat(path)
		if err != nil {
			fmt.Fprintf(inv.Stderr, "%v\n", renamePathError(err, arg))
			failed = true
			continue
		}
		if info.IsDir() {
			s.scanDir(arg, path)
			continue
		}
		if !s.scanFile(arg, path, info, true) && f.m {
			failed = true
		}
	}
	if failed {
		return base.Exit(1)
	}
	return nil
}

// toolchainVersion returns the version of the toolchain in goroot: the
// first line of its VERSION file, or, for a toolchain built from a
// development tree without one, the version of the running binary.
func toolchainVersion(goroot string) string {
	if goroot != "" {
		if data, err := os.ReadFile(filepath.Join(goroot, "VERSION")); err == nil {
			line, _, _ := strings.Cut(string(data), "\n")
			if line = strings.TrimSpace(line); line != "" {
				return line
			}
		}
	}
	return runtime.Version()
}

// resolve returns the path through which to reach the file the user named
// arg. Unlike filepath.Join it keeps arg as written (a trailing slash makes
// a symbolic link to a directory count as the directory).
func resolve(dir, arg string) string {
	if filepath.IsAbs(arg) || dir == "" {
		return arg
	}
	return dir + string(filepath.Separator) + arg
}

// renamePathError reports err, an error about the absolute path, under
// the name the user gave.
func renamePathError(err error, name string) error {
	if pe, ok := err.(*os.PathError); ok {
		return &os.PathError{Op: pe.Op, Path: name, Err: pe.Err}
	}
	return err
}
