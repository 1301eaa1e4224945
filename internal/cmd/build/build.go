// Package build implements 'go build'.
package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/work"
)

// Flags are the flags of go build.
type Flags struct {
	base.BuildFlags
	O string // -o: output file or directory
}

// New returns the build command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go build [-o output] [build flags] [packages]",
		Short:     "compile packages and dependencies",
		Long:      helpBuild,
	}
	fs := cmd.FlagSet()
	fs.StringVar(&f.O, "o", "", "")
	base.AddBuildFlags(fs, &f.BuildFlags, base.DefaultBuildFlags)
	base.AddCoverFlags(fs, &f.BuildFlags, nil)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) (err error) {
	s, err := work.NewSession(ctx, inv, &f.BuildFlags, "build")
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = work.Fatal(inv.Stderr, cerr)
		}
	}()
	pkgs, err := s.Load(ctx, args)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	b := s.Builder
	exe := inv.Env.GOEXE()
	switch f.Buildmode {
	case "c-archive":
		exe = ".a"
	case "plugin":
		exe = ".so"
	case "c-shared":
		if inv.Env.GOOS() == "windows" {
			exe = ""
		}
	}

	out := f.O
	explicitO := out != ""
	if len(pkgs) == 1 && pkgs[0].Name == "main" && out == "" {
		out = s.Loader.DefaultExecName(pkgs[0]) + exe
	}
	switch f.Compiler {
	case "gc":
		if f.Gccgoflags.Present {
			fmt.Fprintln(inv.Stdout, "go build: when using gc toolchain, please pass compile flags using -gcflags, and linker flags using -ldflags")
		}
	case "gccgo":
		if f.Gcflags.Present {
			fmt.Fprintln(inv.Stdout, "go build: when using gccgo toolchain, please pass compiler flags using -gccgoflags, not -gcflags")
		}
		if f.Ldflags.Present {
			fmt.Fprintln(inv.Stdout, "go build: when using gccgo toolchain, please pass linker flags using -gccgoflags, not -ldflags")
		}
	}
	pkgs, err = s.FilterForBuildmode(pkgs, explicitO)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	if out == os.DevNull || inv.Env.GOOS() == "windows" && strings.EqualFold(out, "NUL") {
		out = ""
	}
	if f.Cover {
		s.Loader.PrepareForCoverageBuild(ctx, pkgs)
	}
	if out != "" {
		// Like go, the output keeps the spelling given (relative to the
		// working directory), which -n and -x print.
		abs := out
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(inv.Dir, abs)
		}
		if fi, err := os.Stat(abs); err == nil && fi.IsDir() || strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(os.PathSeparator)) {
			if !explicitO {
				return work.Fatal(inv.Stderr, fmt.Errorf("go: build output %q already exists and is a directory", f.relOut(abs, inv.Dir)))
			}
			root := &work.Action{Mode: "go build"}
			for _, p := range pkgs {
				if p.Name != "main" {
					continue
				}
				b.SetTarget(p, filepath.Join(out, s.Loader.DefaultExecName(p))+exe)
				p.Stale = true
				p.StaleReason = "build -o flag in use"
				root.Deps = append(root.Deps, b.AutoAction(work.ModeInstall, work.ModeBuild, p))
			}
			if len(root.Deps) == 0 {
				return work.Fatal(inv.Stderr, fmt.Errorf("go: no main packages to build"))
			}
			return s.Run(ctx, root)
		}
		switch {
		case len(pkgs) > 1:
			return work.Fatal(inv.Stderr, fmt.Errorf("go: cannot write multiple packages to non-directory %s", f.relOut(abs, inv.Dir)))
		case len(pkgs) == 0:
			return work.Fatal(inv.Stderr, fmt.Errorf("no packages to build"))
		}
		p := pkgs[0]
		b.SetTarget(p, out)
		p.Stale = true
		p.StaleReason = "build -o flag in use"
		return s.Run(ctx, b.AutoAction(work.ModeInstall, work.ModeBuild, p))
	}

	root := &work.Action{Mode: "go build"}
	for _, p := range pkgs {
		root.Deps = append(root.Deps, b.AutoAction(work.ModeBuild, work.ModeBuild, p))
	}
	return s.Run(ctx, root)
}

// relOut spells an output path as the user gave it in messages.
func (f *Flags) relOut(out, dir string) string {
	if f.O != "" {
		return f.O
	}
	if rel, err := filepath.Rel(dir, out); err == nil {
		return rel
	}
	return out
}
