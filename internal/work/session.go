package work

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/cache"
	"gocmd/internal/load"
	"gocmd/internal/modload"
)

// A Session is the setup shared by the commands that build (build,
// install, run): module state, package loader and builder, configured
// from one invocation.
type Session struct {
	Inv     *base.Invocation
	Flags   *base.BuildFlags
	CmdName string
	Mods    *modload.State // nil in GOPATH mode
	Loader  *load.Loader
	Builder *Builder
}

// NewSession checks the build flags and the environment, initializes
// the module state, and creates the builder (printing WORK= under -x and
// -work). Errors are go's messages; the caller prints them.
func NewSession(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags, cmdName string) (*Session, error) {
	return newSession(ctx, inv, flags, cmdName, nil)
}

// newSession is NewSession with a hook that adjusts the module
// configuration and prepares the module state before packages load.
func newSession(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags, cmdName string, modHook func(*modload.Config, *modload.State) error) (*Session, error) {
	s := &Session{Inv: inv, Flags: flags, CmdName: cmdName}
	if err := load.CheckBuildFlags(inv.Env, flags); err != nil {
		return nil, err
	}
	mcfg := modload.Config{
		Env:                    inv.Env,
		Dir:                    inv.Dir,
		Flags:                  flags,
		GOFLAGS:                inv.GOFLAGS,
		AllowMissingMainModule: true,
		CmdName:                cmdName,
		Warn:                   func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	}
	if modHook != nil {
		if err := modHook(&mcfg, nil); err != nil {
			return nil, err
		}
	}
	ms, err := modload.Init(ctx, mcfg)
	if err != nil {
		return nil, err
	}
	if modHook != nil {
		if err := modHook(nil, ms); err != nil {
			return nil, err
		}
	}
	cfg := load.Config{
		Env:     inv.Env,
		Dir:     inv.Dir,
		Flags:   flags,
		GOFLAGS: inv.GOFLAGS,
		Warn:    func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	}
	if ms.Mode() != modload.GOPATHMode {
		cfg.Modules = ms
		s.Mods = ms
	}
	s.Loader = load.NewLoader(cfg)
	tools := map[string]bool{}
	if s.Mods != nil {
		for _, t := range s.Mods.Tools() {
			tools[t] = true
		}
	}
	b, err := NewBuilder(Config{
		Tools:           tools,
		Env:             inv.Env,
		Dir:             inv.Dir,
		Flags:           flags,
		CmdName:         cmdName,
		Stderr:          inv.Stderr,
		Stdout:          inv.Stdout,
		FS:              s.Loader.FS(),
		DefaultExecName: s.Loader.DefaultExecName,
		Loader:          s.Loader,
		BuildInfo:       buildInfoString,
	})
	if err != nil {
		return nil, err
	}
	s.Builder = b
	return s, nil
}

// Close removes the work directory.
func (s *Session) Close() error {
	if s.Builder == nil {
		return nil
	}
	return s.Builder.Close()
}

// Load loads the packages named by args. Loading errors (of the packages
// or their dependencies) are printed as go prints them and end the
// command with status 1.
func (s *Session) Load(ctx context.Context, args []string) ([]*load.Package, error) {
	pkgs, err := s.Loader.LoadPackages(ctx, args)
	if err != nil {
		return nil, err
	}
	s.SetBuildInfo(ctx, pkgs, s.CmdName != "run")
	if s.reportPackageErrors(pkgs) {
		return nil, base.Exit(1)
	}
	return pkgs, nil
}

// SetBuildInfo computes the build information of the main packages
// among pkgs and their dependencies that loaded without errors, as go
// does while loading. autoVCS stamps VCS information under
// -buildvcs=auto (go build and go install do; go run does not).
func (s *Session) SetBuildInfo(ctx context.Context, pkgs []*load.Package, autoVCS bool) {
	SetBuildInfo(ctx, s.Inv, s.Flags, s.Loader, pkgs, autoVCS)
}

// SetBuildInfo computes the build information of the main packages
// among pkgs and their dependencies that loaded without errors, for
// commands without a Session (go list).
func SetBuildInfo(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags, l *load.Loader, pkgs []*load.Package, autoVCS bool) {
	runner := load.NewVCSRunner(inv.Env.Environ(), inv.Env.LookPath)
	runner.Verbose = flags.V
	runner.Stderr = inv.Stderr
	if flags.X {
		runner.X = inv.Stderr
	}
	for _, p := range load.PackageList(pkgs) {
		if p.Error == nil && p.Name == "main" && !p.Internal.ForceLibrary && !p.Incomplete && p.Internal.BuildInfo == nil {
			l.SetBuildInfo(ctx, p, load.BuildInfoOptions{AutoVCS: autoVCS, VCS: runner})
		}
	}
}

// CheckErrors prints the loading errors of pkgs and their dependencies
// and returns base.Exit(1) if there were any.
func (s *Session) CheckErrors(pkgs []*load.Package) error {
	if s.reportPackageErrors(pkgs) {
		return base.Exit(1)
	}
	return nil
}

// reportPackageErrors prints the errors of pkgs and their dependencies
// when any is incomplete, and reports whether there were any.
func (s *Session) reportPackageErrors(pkgs []*load.Package) bool {
	incomplete := false
	for _, p := range pkgs {
		if p.Incomplete {
			incomplete = true
		}
	}
	if !incomplete {
		return false
	}
	any := false
	for _, p := range load.PackageList(pkgs) {
		if p.Error != nil {
			s.Builder.Printer().Errorf(p, "%v", p.Error)
			any = true
		}
	}
	return any
}

// FilterForBuildmode applies -buildmode's restrictions on the packages
// built: exe builds only main packages, archive and shared only
// non-main ones, c-archive, c-shared and plugin exactly one main package.
// oneMain is set for -buildmode=exe with -o.
func (s *Session) FilterForBuildmode(pkgs []*load.Package, explicitO bool) ([]*load.Package, error) {
	mode := s.Flags.Buildmode
	var out []*load.Package
	switch {
	case mode == "exe" && !explicitO:
		for _, p := range pkgs {
			if p.Name == "main" {
				out = append(out, p)
			}
		}
	case mode == "archive" || mode == "shared":
		for _, p := range pkgs {
			if p.Name != "main" {
				out = append(out, p)
			}
		}
	case mode == "c-archive" || mode == "c-shared" || mode == "plugin" || mode == "exe":
		if len(pkgs) != 1 || pkgs[0].Name != "main" {
			return nil, fmt.Errorf("-buildmode=%s requires exactly one main package", mode)
		}
		out = pkgs
	default:
		out = pkgs
	}
	// Packages with only test files are dropped unless named literally.
	kept := out[:0:0]
	for _, p := range out {
		if len(p.GoFiles)+len(p.CgoFiles) == 0 && !p.Internal.CmdlinePkgLiteral {
			continue
		}
		kept = append(kept, p)
	}
	return kept, nil
}

// Run opens the build cache, runs the action graph, and closes (trims)
// the cache. It returns base.Exit(1) if an action failed (its error is
// already printed).
func (s *Session) Run(ctx context.Context, root *Action) error {
	c, err := OpenCache(ctx, s.Inv)
	if err != nil {
		fmt.Fprintf(s.Inv.Stderr, "%v\n", err)
		return base.Exit(1)
	}
	s.Builder.cfg.Cache = c
	s.Builder.Do(ctx, root)
	if err := c.Close(); err != nil {
		fmt.Fprintf(s.Inv.Stderr, "go: failed to trim cache: %v\n", err)
		return base.Exit(1)
	}
	if s.Builder.Failed() {
		return base.Exit(1)
	}
	return nil
}

// OpenCache opens GOCACHE (or starts GOCACHEPROG) for a build, with
// go's messages when it cannot.
func OpenCache(ctx context.Context, inv *base.Invocation) (Cache, error) {
	dir, dirErr := inv.Env.GOCACHE()
	dbg := cache.ParseDebug(inv.Env.Get("GODEBUG"))
	c, err := cache.OpenDefault(ctx, cache.DefaultConfig{
		Dir:        dir,
		DirErr:     dirErr,
		Prog:       inv.Env.Get("GOCACHEPROG"),
		Options:    cache.Options{Verify: dbg.Verify},
		ProgConfig: cache.ProgConfig{Stderr: inv.Stderr, Env: inv.Env.Environ()},
	})
	if err != nil {
		return nil, err
	}
	return NewCache(c), nil
}

// Fatal prints err as go prints fatal errors (with a "go: " prefix
// unless it has one; each error of a joined list on its own line; with
// a final newline) and returns the error ending the command with status
// 1. An *base.ExitError passes through unprinted.
func Fatal(w io.Writer, err error) error {
	if _, ok := err.(*base.ExitError); ok {
		return err
	}
	if e, ok := err.(*load.BuildFlagError); ok {
		msg := e.Msg
		if !strings.HasSuffix(msg, "\n") {
			msg += "\n"
		}
		fmt.Fprint(w, msg)
		return base.Exit(e.Code)
	}
	printError(w, err)
	return base.Exit(1)
}

func printError(w io.Writer, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			printError(w, e)
		}
		return
	}
	msg := err.Error()
	var plain interface{ NoPrefix() }
	if !strings.HasPrefix(msg, "go: ") && !strings.HasPrefix(msg, "-") && !errors.As(err, &plain) {
		msg = "go: " + msg
	}
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	fmt.Fprint(w, msg)
}

// buildInfoString is the build information of a main package in the
// form the linker embeds.
func buildInfoString(p *load.Package) string {
	if p.Internal.BuildInfo == nil {
		return ""
	}
	return p.Internal.BuildInfo.String()
}
