package work

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/cache"
	"gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/str"
	"gocmd/internal/vcs"
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
	return NewSessionWith(ctx, inv, flags, cmdName, SessionOptions{})
}

// SessionOptions adjust NewSessionWith.
type SessionOptions struct {
	// OutsideModule ignores go.mod and go.work (pkg@version arguments).
	OutsideModule bool
}

// NewSessionWith is NewSession with options.
func NewSessionWith(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags, cmdName string, opts SessionOptions) (*Session, error) {
	s := &Session{Inv: inv, Flags: flags, CmdName: cmdName}
	if err := checkBuildFlags(inv, flags); err != nil {
		return nil, err
	}
	ms, err := modload.Init(ctx, modload.Config{
		Env:                    inv.Env,
		Dir:                    inv.Dir,
		Flags:                  flags,
		GOFLAGS:                inv.GOFLAGS,
		AllowMissingMainModule: true,
		NoRoot:                 opts.OutsideModule,
		CmdName:                cmdName,
		Warn:                   func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	})
	if err != nil {
		return nil, err
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
		BuildInfo:       buildInfoString,
	})
	if err != nil {
		return nil, err
	}
	s.Builder = b
	return s, nil
}

// checkBuildFlags reports the flag and environment problems go reports
// before loading anything.
func checkBuildFlags(inv *base.Invocation, f *base.BuildFlags) error {
	if f.P <= 0 {
		return fmt.Errorf("go: -p must be a positive integer: %v\n", f.P)
	}
	for _, key := range []string{"CC", "CXX", "FC"} {
		args, err := str.SplitQuotedFields(inv.Env.Get(key))
		if err != nil {
			return fmt.Errorf("go: %s environment variable could not be parsed: %v", key, err)
		}
		if len(args) == 0 {
			continue
		}
		if path := args[0]; !filepath.IsAbs(path) && path != filepath.Base(path) {
			return fmt.Errorf("go: %s environment variable is relative; must be absolute path: %s\n", key, path)
		}
	}
	if err := checkInstrumentation(inv, f); err != nil {
		return err
	}
	if f.Race && f.CoverMode != "" && f.CoverMode != "atomic" {
		return fmt.Errorf(`-covermode must be "atomic", not %q, when -race is enabled`, f.CoverMode)
	}
	return nil
}

// exitError is a message printed as is, ending the command with a
// given status.
type exitError struct {
	msg  string
	code int
}

func (e *exitError) Error() string { return e.msg }

// checkInstrumentation reports the problems go finds with -race, -msan
// and -asan (exit status 2).
func checkInstrumentation(inv *base.Invocation, f *base.BuildFlags) error {
	if !f.Race && !f.MSan && !f.ASan {
		return nil
	}
	fail := func(format string, args ...any) error {
		return &exitError{fmt.Sprintf(format, args...), 2}
	}
	switch {
	case f.Race && f.MSan:
		return fail("go: may not use -race and -msan simultaneously")
	case f.Race && f.ASan:
		return fail("go: may not use -race and -asan simultaneously")
	case f.MSan && f.ASan:
		return fail("go: may not use -msan and -asan simultaneously")
	}
	goos, goarch := inv.Env.GOOS(), inv.Env.GOARCH()
	switch {
	case f.MSan && !msanSupported(goos, goarch):
		return fail("-msan is not supported on %s/%s", goos, goarch)
	case f.Race && !raceSupported(goos, goarch):
		return fail("-race is not supported on %s/%s", goos, goarch)
	case f.ASan && !asanSupported(goos, goarch):
		return fail("-asan is not supported on %s/%s", goos, goarch)
	}
	mode := "-race"
	if f.MSan {
		mode = "-msan"
	} else if f.ASan {
		mode = "-asan"
	}
	if !inv.Env.CgoEnabled() && (goos != "darwin" || f.ASan || f.MSan) {
		if goos != runtime.GOOS || goarch != runtime.GOARCH {
			return fail("go: %s requires cgo", mode)
		}
		return fail("go: %s requires cgo; enable cgo by setting CGO_ENABLED=1", mode)
	}
	if f.Race && f.Buildmode == "pie" && !defaultPIE(goos, goarch, true) {
		return fmt.Errorf("-buildmode=pie not supported when -race is enabled on %s/%s", goos, goarch)
	}
	return nil
}

func raceSupported(goos, goarch string) bool {
	switch goos {
	case "linux":
		return goarch == "amd64" || goarch == "arm64" || goarch == "loong64" || goarch == "ppc64le" || goarch == "riscv64" || goarch == "s390x"
	case "darwin":
		return goarch == "amd64" || goarch == "arm64"
	case "freebsd", "netbsd", "windows":
		return goarch == "amd64"
	}
	return false
}

func msanSupported(goos, goarch string) bool {
	switch goos {
	case "linux":
		return goarch == "amd64" || goarch == "arm64" || goarch == "loong64"
	case "freebsd":
		return goarch == "amd64"
	}
	return false
}

func asanSupported(goos, goarch string) bool {
	return goos == "linux" && (goarch == "arm64" || goarch == "amd64" || goarch == "loong64" || goarch == "riscv64" || goarch == "ppc64le")
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

// LoadOutsideModule is Load for pkg@version arguments (a session made
// with OutsideModule).
func (s *Session) LoadOutsideModule(ctx context.Context, args []string) ([]*load.Package, error) {
	pkgs, err := s.Loader.LoadOutsideModule(ctx, args)
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
	setBuildInfo(ctx, s.Inv, s.Flags, s.Loader, pkgs, autoVCS)
}

func setBuildInfo(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags, l *load.Loader, pkgs []*load.Package, autoVCS bool) {
	runner := &vcs.Runner{
		Environ:  inv.Env.Environ(),
		LookPath: inv.Env.LookPath,
		Verbose:  flags.V,
		Stderr:   inv.Stderr,
	}
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
	if e, ok := err.(*exitError); ok {
		fmt.Fprintf(w, "%s\n", e.msg)
		return base.Exit(e.code)
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
	if !strings.HasPrefix(msg, "go: ") && !strings.HasPrefix(msg, "-") {
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
