// Package tool implements 'go tool'.
package tool

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/work"
)

// Flags are the flags of 'go tool'.
type Flags struct {
	base.BuildFlags      // only the module flags apply
	N               bool // -n: print the command instead of running it
}

// New returns the 'go tool' command.
func New() *base.Command {
	f := new(Flags)
	// The build of a tool uses the default build settings.
	f.P = runtime.GOMAXPROCS(0)
	f.Compiler = runtime.Compiler
	f.Buildmode = "default"
	f.Buildvcs = "auto"
	f.PGO = "auto"
	cmd := &base.Command{
		UsageLine: "go tool [-n] command [args...]",
		Short:     "run specified go tool",
		Long:      helpTool,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.BuildFlags)
	fs.BoolVar(&f.N, "n", false, "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	if len(args) == 0 {
		return listTools(ctx, inv, f)
	}
	name := args[0]
	toolPath, err := toolPath(inv, name)
	if err == nil {
		return runTool(inv, f, name, nil, append([]string{toolPath}, args[1:]...))
	}
	if name == "dist" && len(args) > 1 && args[1] == "list" {
		if distList(inv, args[2:]) {
			return nil
		}
	}
	if pkg := builtinTool(inv, name); pkg != "" {
		s, err := work.NewToolSession(ctx, inv, &f.BuildFlags)
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		return buildAndRun(ctx, inv, f, s, name, pkg, args[1:], false)
	}
	ms, err := modules(ctx, inv, f)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	var matches []string
	for _, t := range ms.Tools() {
		if t == name || execName(t) == name {
			matches = append(matches, t)
		}
	}
	switch {
	case len(matches) > 1:
		msg := fmt.Sprintf("go: tool %q is ambiguous; choose one of:\n\t", name)
		for _, t := range matches {
			msg += t + "\n\t"
		}
		fmt.Fprintln(inv.Stderr, msg)
		return base.Exit(1)
	case len(matches) == 1:
		s, err := work.NewSession(ctx, inv, &f.BuildFlags, "tool")
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		return buildAndRun(ctx, inv, f, s, name, matches[0], args[1:], true)
	}
	fmt.Fprintf(inv.Stderr, "go: no such tool %q\n", name)
	return base.Exit(2)
}

// toolPath returns the file of the named tool in the tool directory and
// whether it exists (err == nil).
func toolPath(inv *base.Invocation, name string) (string, error) {
	if !validToolName(name) {
		return "", fmt.Errorf("bad tool name: %q", name)
	}
	p := filepath.Join(inv.Env.GOTOOLDIR(), name) + hostExe()
	_, err := os.Stat(p)
	return p, err
}

// validToolName reports whether name may name a tool of the toolchain.
func validToolName(name string) bool {
	for _, c := range name {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func hostExe() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// modules initializes the module state to find tool directives.
func modules(ctx context.Context, inv *base.Invocation, f *Flags) (*modload.State, error) {
	return modload.Init(ctx, load.ModulesConfig(inv, &f.BuildFlags, "tool"))
}

// listTools prints the tools of the tool directory, then those of the
// main modules' tool directives.
func listTools(ctx context.Context, inv *base.Invocation, f *Flags) error {
	d, err := os.Open(inv.Env.GOTOOLDIR())
	if err != nil {
		fmt.Fprintf(inv.Stderr, "go: no tool directory: %s\n", err)
		return base.Exit(2)
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		fmt.Fprintf(inv.Stderr, "go: can't read tool directory: %s\n", err)
		return base.Exit(2)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintln(inv.Stdout, strings.TrimSuffix(strings.ToLower(n), hostExe()))
	}
	ms, err := modules(ctx, inv, f)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	tools := ms.Tools()
	slices.Sort(tools)
	for _, t := range slices.Compact(tools) {
		fmt.Fprintln(inv.Stdout, t)
	}
	return nil
}

// builtinTool returns cmd/NAME if it is a command of the toolchain that
// belongs in the tool directory, or "".
func builtinTool(inv *base.Invocation, name string) string {
	if !validToolName(name) {
		return ""
	}
	switch name {
	case "go", "gofmt":
		return ""
	}
	dir := filepath.Join(inv.Env.GOROOT(), "src", "cmd", name)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			return "cmd/" + name
		}
	}
	return ""
}

// execName is the name go gives the executable of a tool package: the
// last path element, or the one before a major version suffix.
func execName(importPath string) string {
	elem := path.Base(importPath)
	if elem != importPath && isVersionElement(elem) {
		elem = path.Base(path.Dir(importPath))
	}
	return elem
}

// isVersionElement reports whether s is a major version suffix (v2...).
func isVersionElement(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' || s[1] == '1' && len(s) == 2 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// buildAndRun builds the tool package pkg (caching its executable) and
// runs it with args. A module tool runs as go run runs programs: through
// go_GOOS_GOARCH_exec when cross-compiled, with GOROOT/bin in $PATH.
func buildAndRun(ctx context.Context, inv *base.Invocation, f *Flags, s *work.Session, name, pkg string, args []string, modTool bool) (err error) {
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = work.Fatal(inv.Stderr, cerr)
		}
	}()
	pkgs, err := s.Loader.LoadPackages(ctx, []string{pkg})
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	if len(pkgs) != 1 {
		fmt.Fprintf(inv.Stderr, "go: no such tool %q\n", name)
		return base.Exit(2)
	}
	p := pkgs[0]
	if p.Error == nil && p.Name != "main" {
		fmt.Fprintf(inv.Stderr, "package %s is not a main package\n", p.ImportPath)
		return base.Exit(1)
	}
	if err := s.CheckErrors([]*load.Package{p}); err != nil {
		return err
	}
	s.SetBuildInfo(ctx, pkgs, false)
	return s.RunLinked(ctx, p, execName(p.ImportPath), "go tool", func(b *work.Builder, a, link *work.Action) int {
		exe := link.Built()
		if c := link.CachedExecutable(); c != "" && (f.N || exe == "") {
			exe = c
		}
		var cmdline, environ []string
		if modTool {
			cmdline = append(inv.Env.ExecWrapper(), exe)
			environ = inv.Env.ProgramEnviron()
		} else {
			cmdline = []string{exe}
		}
		cmdline = append(cmdline, args...)
		b.StopStatus()
		if err := runTool(inv, f, name, environ, cmdline); err != nil {
			var ee *base.ExitError
			if errors.As(err, &ee) {
				return ee.Code
			}
		}
		return 0
	})
}

// runTool runs cmdline (or prints it under -n), forwarding signals, and
// returns an *base.ExitError with the tool's exit status if it failed.
// environ nil means the go command's own environment.
func runTool(inv *base.Invocation, f *Flags, name string, environ, cmdline []string) error {
	if f.N {
		fmt.Fprintln(inv.Stdout, strings.Join(cmdline, " "))
		return nil
	}
	if environ == nil {
		environ = inv.Env.Environ()
	}
	err := base.RunProgram(inv, cmdline, environ, inv.Dir, base.ForwardSignals)
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Exited() {
		fmt.Fprintf(inv.Stderr, "go tool %s: %s\n", name, err)
	}
	if ee != nil {
		return base.Exit(ee.ExitCode())
	}
	return base.Exit(1)
}
