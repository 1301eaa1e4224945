// Package generate implements 'go generate'.
package generate

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/work"
)

// Flags are the flags of 'go generate'.
type Flags struct {
	base.BuildFlags
	Run  string // -run: regexp selecting directives to run
	Skip string // -skip: regexp selecting directives to skip
}

// New returns the 'go generate' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go generate [-run regexp] [-n] [-v] [-x] [build flags] [file.go... | packages]",
		Short:     "generate Go files by processing source",
		Long:      helpGenerate,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlags(fs, &f.BuildFlags, base.OmitBuildOnlyFlags)
	fs.StringVar(&f.Run, "run", "", "")
	fs.StringVar(&f.Skip, "skip", "", "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

// config is what every file's generator shares.
type config struct {
	inv         *base.Invocation
	f           *Flags
	runRE       *regexp.Regexp
	skipRE      *regexp.Regexp
	failed      bool
	gorootBin   string
	gocmdEnv    []string // the go command's own environment (for $VAR)
	origEnviron []string
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	c := &config{inv: inv, f: f}
	var err error
	if f.Run != "" {
		if c.runRE, err = regexp.Compile(f.Run); err != nil {
			fmt.Fprintf(inv.Stderr, "generate: %s\n", err)
			return base.Exit(1)
		}
	}
	if f.Skip != "" {
		if c.skipRE, err = regexp.Compile(f.Skip); err != nil {
			fmt.Fprintf(inv.Stderr, "generate: %s\n", err)
			return base.Exit(1)
		}
	}
	if root := inv.Env.GOROOT(); root != "" {
		c.gorootBin = filepath.Join(root, "bin")
	}
	c.gocmdEnv = inv.Env.Environ()
	c.origEnviron = inv.Env.OSEnviron()

	// Files are matched with the "generate" build tag set.
	flags := f.BuildFlags
	flags.Tags = append(append([]string(nil), f.Tags...), "generate")
	ms, err := modload.Init(ctx, load.ModulesConfig(inv, &flags, "generate"))
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	cfg := load.InvocationConfig(inv, &flags, ms)
	cfg.Find = true
	modules := cfg.Modules != nil
	pkgs, err := load.NewLoader(cfg).LoadPackages(ctx, args)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	printedDeps := false
	for _, p := range pkgs {
		if modules && p.Module != nil && !p.Module.Main {
			if !printedDeps {
				fmt.Fprintf(inv.Stderr, "go: not generating in packages in dependency modules\n")
				printedDeps = true
			}
			continue
		}
		if p.Error != nil && !hasAnyGoFiles(p) {
			fmt.Fprintf(inv.Stderr, "%v\n", p.Error)
			c.failed = true
		}
		for _, files := range [][]string{abs(p, p.GoFiles, p.CgoFiles, p.TestGoFiles), abs(p, p.XTestGoFiles)} {
			for _, file := range files {
				ok, err := c.generate(ctx, file)
				if err != nil {
					fmt.Fprintf(inv.Stderr, "generate: %s\n", err)
					return base.Exit(1)
				}
				if !ok {
					c.failed = true
					break
				}
			}
		}
	}
	if c.failed {
		return base.Exit(1)
	}
	return nil
}

// hasAnyGoFiles reports whether p has Go files of any kind, including
// files build constraints exclude.
func hasAnyGoFiles(p *load.Package) bool {
	return len(p.GoFiles)+len(p.CgoFiles)+len(p.TestGoFiles)+len(p.XTestGoFiles)+len(p.IgnoredGoFiles) > 0
}

// abs joins p's directory to the files of the lists.
func abs(p *load.Package, lists ...[]string) []string {
	var out []string
	for _, list := range lists {
		for _, f := range list {
			if !filepath.IsAbs(f) {
				f = filepath.Join(p.Dir, f)
			}
			out = append(out, f)
		}
	}
	return out
}
