// Package fmtcmd implements 'go fmt'.
package fmtcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/work"
)

// Flags are the flags of 'go fmt'. Only -n, -x and the module flags of
// the build flags apply.
type Flags struct {
	base.BuildFlags
}

// New returns the 'go fmt' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go fmt [-n] [-x] [packages]",
		Short:     "gofmt (reformat) package sources",
		Long:      helpFmt,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlagsNX(fs, &f.BuildFlags)
	base.AddChdirFlag(fs)
	base.AddModFlag(fs, &f.BuildFlags)
	base.AddModCommonFlags(fs, &f.BuildFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

// argLimit bounds the length of one gofmt command line; more files go
// to further runs.
const argLimit = 100 << 10

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	ms, err := modload.Init(ctx, load.ModulesConfig(inv, &f.BuildFlags, "fmt"))
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	cfg := load.InvocationConfig(inv, &f.BuildFlags, ms)
	cfg.Find = true
	modules := cfg.Modules != nil
	pkgs, err := load.NewLoader(cfg).LoadPackages(ctx, args)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}

	failed := false
	gofmt := gofmtPath(inv)
	cmdline := []string{gofmt, "-l", "-w"}
	n := len(cmdline)
	size := len(gofmt) + len(" -l -w")
	baseSize := size
	printedDeps := false
	for _, p := range pkgs {
		if modules && p.Module != nil && !p.Module.Main {
			if !printedDeps {
				fmt.Fprintf(inv.Stderr, "go: not formatting packages in dependency modules\n")
				printedDeps = true
			}
			continue
		}
		files := allGoFiles(p)
		if p.Error != nil {
			var nogo *load.NoGoError
			var embed *load.EmbedError
			switch {
			case errors.As(p.Error, &nogo):
			case errors.As(p.Error, &embed) && len(files) > 0:
			default:
				fmt.Fprintf(inv.Stderr, "%v\n", p.Error)
				failed = true
				continue
			}
		}
		for _, file := range files {
			if rel, err := filepath.Rel(inv.Dir, file); err == nil && len(rel) < len(file) {
				file = rel
			}
			cmdline = append(cmdline, file)
			size += 1 + len(file)
			if size >= argLimit {
				failed = runGofmt(inv, f, cmdline) || failed
				cmdline = cmdline[:n]
				size = baseSize
			}
		}
	}
	if len(cmdline) > n {
		failed = runGofmt(inv, f, cmdline) || failed
	}
	if failed {
		return base.Exit(1)
	}
	return nil
}

// allGoFiles returns the absolute paths of every Go file of p, including
// those build constraints exclude.
func allGoFiles(p *load.Package) []string {
	var out []string
	for _, list := range [][]string{p.IgnoredGoFiles, p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
		for _, f := range list {
			if !filepath.IsAbs(f) {
				f = filepath.Join(p.Dir, f)
			}
			out = append(out, f)
		}
	}
	return out
}

// runGofmt runs (or under -n just prints) one gofmt command and reports
// whether it failed.
func runGofmt(inv *base.Invocation, f *Flags, cmdline []string) bool {
	if f.N || f.X {
		fmt.Fprintf(inv.Stdout, "%s\n", strings.Join(cmdline, " "))
		if f.N {
			return false
		}
	}
	cmd := exec.Command(cmdline[0], cmdline[1:]...)
	cmd.Dir = inv.Dir
	cmd.Env = inv.Env.Environ()
	cmd.Stdout = inv.Stdout
	cmd.Stderr = inv.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(inv.Stderr, "%v\n", err)
		return true
	}
	return false
}

// gofmtPath finds gofmt: in GOBIN, in GOROOT/bin, or else in $PATH.
func gofmtPath(inv *base.Invocation) string {
	name := "gofmt"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	for _, dir := range []string{inv.Env.Get("GOBIN"), filepath.Join(inv.Env.GOROOT(), "bin")} {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "gofmt"
}
