// Package install implements 'go install'.
package install

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/work"
)

// Flags are the flags of 'go install'.
type Flags struct {
	base.BuildFlags
}

// New returns the 'go install' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go install [build flags] [packages]",
		Short:     "compile and install packages and dependencies",
		Long:      helpInstall,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlags(fs, &f.BuildFlags, base.DefaultBuildFlags)
	base.AddCoverFlags(fs, &f.BuildFlags, nil)
	cmd.PrepareFlags = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return work.SwitchForVersionedArg(ctx, inv, fs, "install", args)
	}
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) (err error) {
	versioned := false
	for _, arg := range args {
		if strings.Contains(arg, "@") && !build.IsLocalImport(arg) && !filepath.IsAbs(arg) {
			versioned = true
		}
	}
	var s *work.Session
	var pkgs []*load.Package
	if versioned {
		var patterns []string
		var root module.Version
		s, patterns, root, err = work.NewSessionVersioned(ctx, inv, &f.BuildFlags, "install", args)
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		defer func() {
			if cerr := s.Close(); cerr != nil && err == nil {
				err = work.Fatal(inv.Stderr, cerr)
			}
		}()
		pkgs, err = s.Loader.LoadPackages(ctx, patterns)
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		pkgs = s.CheckVersionedPackages(pkgs, patterns, root, true)
		s.SetBuildInfo(ctx, pkgs, true)
		if err := s.CheckErrors(pkgs); err != nil {
			return err
		}
	} else {
		s, err = work.NewSession(ctx, inv, &f.BuildFlags, "install")
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		defer func() {
			if cerr := s.Close(); cerr != nil && err == nil {
				err = work.Fatal(inv.Stderr, cerr)
			}
		}()
		pkgs, err = s.Loader.LoadPackages(ctx, args)
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		s.SetBuildInfo(ctx, pkgs, true)
		if s.Mods != nil && s.Mods.Mode() == modload.ModuleMode && !s.Mods.HasModRoot() && allMissing(pkgs) {
			latest := make([]string, len(args))
			for i, a := range args {
				latest[i] = a + "@latest"
			}
			fmt.Fprintf(inv.Stderr, "go: 'go install' requires a version when current directory is not in a module\n\tTry 'go install %s' to install the latest version\n", strings.Join(latest, " "))
			return base.Exit(1)
		}
		if err := s.CheckErrors(pkgs); err != nil {
			return err
		}
	}
	if f.Cover {
		s.Loader.PrepareForCoverageBuild(ctx, pkgs)
	}
	if gobin := inv.Env.Get("GOBIN"); gobin != "" && !filepath.IsAbs(gobin) {
		fmt.Fprintf(inv.Stderr, "cannot install, GOBIN must be an absolute path\n")
		return base.Exit(1)
	}
	pkgs, err = s.FilterForBuildmode(pkgs, false)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	failed := false
	for _, p := range pkgs {
		if p.Target != "" {
			continue
		}
		switch {
		case p.Name != "main" && p.Internal.Local && p.ConflictDir == "":
		case p.Name != "main" && p.Module != nil:
		case p.Name != "main" && p.Standard && p.Internal.Build != nil && p.Internal.Build.PkgObj == "":
		case p.Name == "main" && inv.Env.Get("GOBIN") != "" && crossCompiling(inv):
			fmt.Fprintf(inv.Stderr, "go: cannot install cross-compiled binaries when GOBIN is set\n")
			failed = true
		case p.Internal.CmdlineFiles:
			fmt.Fprintf(inv.Stderr, "go: no install location for .go files listed on command line (GOBIN not set)\n")
			failed = true
		case p.ConflictDir != "":
			fmt.Fprintf(inv.Stderr, "go: no install location for %s: hidden by %s\n", p.Dir, p.ConflictDir)
			failed = true
		default:
			fmt.Fprintf(inv.Stderr, "go: no install location for directory %s outside GOPATH\n\tFor more details see: 'go help gopath'\n", p.Dir)
			failed = true
		}
	}
	if failed {
		return base.Exit(1)
	}

	b := s.Builder
	root := &work.Action{Mode: "go install"}
	var tools []*work.Action
	for _, p := range pkgs {
		a1 := b.AutoAction(work.ModeInstall, work.ModeBuild, p)
		if isTool(p) {
			// Tools install after everything else is built, so that the
			// go command in use is never replaced midway.
			root.Deps = append(root.Deps, a1.Deps...)
			a1.Deps = append(a1.Deps, root)
			tools = append(tools, a1)
			continue
		}
		root.Deps = append(root.Deps, a1)
	}
	if len(tools) > 0 {
		root = &work.Action{Mode: "go install (tools)", Deps: tools}
	}
	if err := s.Run(ctx, root); err != nil {
		return err
	}

	// go install in a command's directory removes a binary that go build
	// left there.
	if len(args) == 0 && len(pkgs) == 1 && pkgs[0].Name == "main" {
		p := pkgs[0]
		targ := s.Loader.DefaultExecName(p) + inv.Env.GOEXE()
		if filepath.Join(p.Dir, targ) != p.Target {
			name := filepath.Join(inv.Dir, targ)
			if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() && (fi.Mode()&0o111 != 0 || inv.Env.GOOS() == "windows") {
				os.Remove(name)
			}
		}
	}
	return nil
}

// isTool reports whether p is installed in GOROOT/pkg/tool.
func isTool(p *load.Package) bool {
	if !p.Goroot || !strings.HasPrefix(p.ImportPath, "cmd/") || p.Name != "main" {
		return false
	}
	return p.ImportPath != "cmd/go" && p.ImportPath != "cmd/gofmt"
}

func crossCompiling(inv *base.Invocation) bool {
	return inv.Env.GOOS() != runtime.GOOS || inv.Env.GOARCH() != runtime.GOARCH
}

// allMissing reports whether some of the named packages failed to load
// and all of those because no module provides them: outside a module,
// go install then asks for a version.
func allMissing(pkgs []*load.Package) bool {
	failed := false
	for _, p := range pkgs {
		if p.Error == nil {
			continue
		}
		failed = true
		var missing *modload.ImportMissingError
		if !errors.As(p.Error, &missing) {
			return false
		}
	}
	return failed
}
