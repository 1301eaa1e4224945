package modcmd

import (
	"bufio"
	"context"
	"fmt"
	"go/build"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/search"
)

// WhyFlags are the flags of 'go mod why'.
type WhyFlags struct {
	ModFlags
	M      bool // -m: arguments are modules
	Vendor bool // -vendor: ignore tests of dependencies
}

func newWhy() *base.Command {
	f := new(WhyFlags)
	cmd := &base.Command{
		UsageLine: "go mod why [-m] [-vendor] packages...",
		Short:     "explain why packages or modules are needed",
		Long:      helpWhy,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.M, "m", false, "")
	fs.BoolVar(&f.Vendor, "vendor", false, "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runWhy(ctx, inv, f, args)
	}
	return cmd
}

func runWhy(ctx context.Context, inv *base.Invocation, f *WhyFlags, args []string) error {
	ms, err := loadModules(ctx, inv, &f.ModFlags, "mod why")
	if err != nil {
		return err
	}
	if err := ms.MustHaveModRoot(); err != nil {
		return err
	}
	if f.M {
		for _, arg := range args {
			if strings.Contains(arg, "@") {
				return fmt.Errorf("go: %s: 'go mod why' requires a module path, not a version query", arg)
			}
		}
	}
	loader := load.NewLoader(load.Config{
		Env:     inv.Env,
		Dir:     inv.Dir,
		Flags:   &f.ModFlags,
		GOFLAGS: inv.GOFLAGS,
		Modules: ms,
		Warn: func(msg string) {
			// Like go, say nothing of "all" matching no packages.
			if msg != `go: warning: "all" matched no packages` {
				fmt.Fprintln(inv.Stderr, msg)
			}
		},
	})
	var named []string // packages or modules, in the order to report
	if f.M {
		mods, err := ms.ListModules(ctx, args, modload.ListOptions{})
		if err != nil {
			return err
		}
		for _, m := range mods {
			named = append(named, m.Path)
		}
	} else {
		pkgs, err := loader.LoadPackages(ctx, args)
		if err != nil {
			return err
		}
		named = whyNames(pkgs, args)
	}
	g, err := newWhyGraph(ctx, loader, ms, !f.Vendor)
	if err != nil {
		return err
	}
	vendoring := ""
	if f.Vendor {
		vendoring = " to vendor"
	}
	w := bufio.NewWriter(inv.Stdout)
	sep := ""
	for _, name := range named {
		var chain []string
		what := "package"
		if f.M {
			what = "module"
			chain = g.moduleChain(name)
		} else {
			chain = g.chain(name)
		}
		fmt.Fprintf(w, "%s# %s\n", sep, name)
		if chain == nil {
			fmt.Fprintf(w, "(main module does not need%s %s %s)\n", vendoring, what, name)
		}
		for _, c := range chain {
			fmt.Fprintf(w, "%s\n", c)
		}
		sep = "\n"
	}
	return w.Flush()
}

// whyNames lists the packages to report as go does: argument by
// argument, the packages each matched. A literal import path is
// reported as given: under a GOFIPS140 snapshot crypto/internal/fips140/x
// and crypto/internal/fips140/vX.Y.Z/x name one package.
func whyNames(pkgs []*load.Package, args []string) []string {
	type entry struct {
		arg  int
		name string
	}
	var list []entry
	for _, p := range pkgs {
		if strings.Contains(p.ImportPath, "...") {
			continue // the stand-in for a pattern that matched nothing
		}
		if len(p.Match) == 0 {
			list = append(list, entry{len(args), p.ImportPath})
		}
		for _, m := range p.Match {
			name := p.ImportPath
			if !strings.Contains(m, "...") && !build.IsLocalImport(m) && !filepath.IsAbs(m) && !search.IsMetaPackage(m) {
				name = m
			}
			arg := slices.Index(args, m)
			if arg < 0 {
				arg = len(args)
			}
			list = append(list, entry{arg, name})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].arg < list[j].arg })
	names := make([]string, len(list))
	for i, e := range list {
		names[i] = e.name
	}
	return names
}
