// Package run implements 'go run'.
package run

import (
	"context"
	"fmt"
	"go/build"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/search"
	"gocmd/internal/work"
)

// Flags are the flags of 'go run'.
type Flags struct {
	base.BuildFlags
	Exec base.StringsFlag // -exec: program that runs the binary
}

// New returns the 'go run' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go run [build flags] [-exec xprog] package [arguments...]",
		Short:     "compile and run Go program",
		Long:      helpRun,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlags(fs, &f.BuildFlags, base.DefaultBuildFlags)
	base.AddCoverFlags(fs, &f.BuildFlags, nil)
	fs.Var(&f.Exec, "exec", "")
	cmd.PrepareFlags = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return work.SwitchForVersionedArg(ctx, inv, fs, "run", args)
	}
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) (err error) {
	versioned := len(args) > 0 && !strings.HasSuffix(args[0], ".go") && !strings.HasPrefix(args[0], "-") &&
		strings.Contains(args[0], "@") && !build.IsLocalImport(args[0]) && !filepath.IsAbs(args[0])
	var s *work.Session
	if versioned {
		var patterns []string
		var root module.Version
		s, patterns, root, err = work.NewSessionVersioned(ctx, inv, &f.BuildFlags, "run", args[:1])
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		defer func() {
			if cerr := s.Close(); cerr != nil && err == nil {
				err = work.Fatal(inv.Stderr, cerr)
			}
		}()
		pkgs, err := s.Loader.LoadPackages(ctx, patterns)
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		pkgs = s.CheckVersionedPackages(pkgs, patterns, root, true)
		s.SetBuildInfo(ctx, pkgs, false)
		if len(pkgs) != 1 {
			var names []string
			for _, p := range pkgs {
				names = append(names, p.ImportPath)
			}
			fmt.Fprintf(inv.Stderr, "go: pattern %s matches multiple packages:\n\t%s\n", args[0], strings.Join(names, "\n\t"))
			return base.Exit(1)
		}
		return runPackage(ctx, inv, f, s, pkgs[0], args[1:])
	}
	s, err = work.NewSession(ctx, inv, &f.BuildFlags, "run")
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = work.Fatal(inv.Stderr, cerr)
		}
	}()

	i := 0
	for i < len(args) && strings.HasSuffix(args[i], ".go") {
		i++
	}
	var p *load.Package
	switch {
	case i > 0:
		for _, file := range args[:i] {
			if strings.HasSuffix(file, "_test.go") {
				fmt.Fprintf(inv.Stderr, "go: cannot run *_test.go files (%s)\n", file)
				return base.Exit(1)
			}
		}
		pkgs, err := s.Load(ctx, args[:i])
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		p = pkgs[0]
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		pkgs, err := s.Loader.LoadPackages(ctx, args[:1])
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		pkgs = mainPackagesOnly(inv, args[0], pkgs)
		s.SetBuildInfo(ctx, pkgs, false)
		switch {
		case len(pkgs) == 0:
			fmt.Fprintf(inv.Stderr, "go: no packages loaded from %s\n", args[0])
			return base.Exit(1)
		case len(pkgs) > 1:
			var names []string
			for _, p := range pkgs {
				names = append(names, p.ImportPath)
			}
			fmt.Fprintf(inv.Stderr, "go: pattern %s matches multiple packages:\n\t%s\n", args[0], strings.Join(names, "\n\t"))
			return base.Exit(1)
		}
		p = pkgs[0]
		i++
	default:
		fmt.Fprintf(inv.Stderr, "go: no go files listed\n")
		return base.Exit(1)
	}
	return runPackage(ctx, inv, f, s, p, args[i:])
}

// runPackage builds the loaded main package p and runs it with cmdArgs.
func runPackage(ctx context.Context, inv *base.Invocation, f *Flags, s *work.Session, p *load.Package, cmdArgs []string) error {
	if p.Error == nil && p.Name != "main" && p.Name != "" {
		s.Builder.Printer().Errorf(p, "package %s is not a main package", p.ImportPath)
		return base.Exit(1)
	}
	if err := s.CheckErrors([]*load.Package{p}); err != nil {
		return err
	}
	if f.Cover {
		s.Loader.PrepareForCoverageBuild(ctx, []*load.Package{p})
	}

	var exeName string
	if p.Internal.CmdlineFiles {
		var src string
		switch {
		case len(p.GoFiles) > 0:
			src = p.GoFiles[0]
		case len(p.CgoFiles) > 0:
			src = p.CgoFiles[0]
		default:
			hint := ""
			if !inv.Env.CgoEnabled() {
				hint = " (cgo is disabled)"
			}
			fmt.Fprintf(inv.Stderr, "go: no suitable source files%s\n", hint)
			return base.Exit(1)
		}
		exeName = strings.TrimSuffix(src, ".go")
	} else {
		exeName = s.Loader.DefaultExecName(p)
	}
	return s.RunLinked(ctx, p, exeName, "go run", func(b *work.Builder, a, link *work.Action) int {
		exe := link.Built()
		if c := link.CachedExecutable(); c != "" {
			exe = c
		}
		cmdline := append(execCmd(inv, f), exe)
		cmdline = append(cmdline, cmdArgs...)
		if f.N || f.X {
			b.Shell(a).ShowCmd("", "%s", strings.Join(cmdline, " "))
			if f.N {
				return 0
			}
		}
		b.StopStatus()
		return runProgram(inv, cmdline)
	})
}

// execCmd returns the program that runs the binary: -exec, or for a
// cross-compiled binary go_GOOS_GOARCH_exec if it is in $PATH.
func execCmd(inv *base.Invocation, f *Flags) []string {
	if len(f.Exec) > 0 {
		return append([]string(nil), f.Exec...)
	}
	return inv.Env.ExecWrapper()
}

// runProgram runs the built program with the go command's standard
// streams and original environment (with GOROOT/bin first in $PATH),
// ignoring interrupts meanwhile so that the program handles them. A
// failure is printed as go prints it ("exit status 3") and gives the
// status 1.
func runProgram(inv *base.Invocation, cmdline []string) int {
	err := base.RunProgram(inv, cmdline, inv.Env.ProgramEnviron(), "", base.IgnoreInterrupts)
	if err != nil {
		fmt.Fprintf(inv.Stderr, "%v\n", err)
		return 1
	}
	return 0
}

// mainPackagesOnly keeps the main packages a wildcard or meta pattern
// matched (and the packages that failed to load, which may be main),
// warning as go does when it matched only other packages. A literal
// pattern keeps its package, which is reported if it is not main.
func mainPackagesOnly(inv *base.Invocation, pattern string, pkgs []*load.Package) []*load.Package {
	if !strings.Contains(pattern, "...") && !search.IsMetaPackage(pattern) {
		return pkgs
	}
	var mains []*load.Package
	for _, p := range pkgs {
		if p.Name == "main" || (p.Name == "" && p.Error != nil) || len(p.InvalidGoFiles) > 0 {
			mains = append(mains, p)
		}
	}
	if len(mains) == 0 && len(pkgs) > 0 {
		fmt.Fprintf(inv.Stderr, "go: warning: %q matched only non-main packages\n", pattern)
	}
	return mains
}
