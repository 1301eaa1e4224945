package test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/lockedfile"
	"gocmd/internal/work"
)

// tester holds the state of one 'go test' invocation.
type tester struct {
	inv      *base.Invocation
	f        *Flags
	pkgArgs  []string
	testArgs []string
	s        *work.Session
	b        *work.Builder
	pkgs     []*load.Package
	stdout   *lockedWriter
	oDir     bool // -o names a directory

	exitStatus     atomic.Int32
	interrupted    atomic.Bool
	shouldFailFast atomic.Bool

	killTimeout time.Duration // 0: no backup kill
	waitDelay   time.Duration
	cacheExpire time.Time // go clean -testcache's cutoff
	execCmd     []string

	runActors map[*work.Action]*runActor // the actors of the "test run" actions
	cover     *coverState                // -cover's state (cover.go), or nil
	// jsonBuildText (GODEBUG=gotestjsonbuildtext=1) keeps build output
	// as text under -json, and FailedBuild out of the events.
	jsonBuildText bool
}

// lockedWriter serializes writes to the go command's standard output.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (t *tester) setExitStatus(n int32) {
	for {
		old := t.exitStatus.Load()
		if old >= n || t.exitStatus.CompareAndSwap(old, n) {
			return
		}
	}
}

// showPass reports whether the output of a passing test is shown.
func (t *tester) showPass() bool {
	return t.f.V.On || t.f.List != "" || t.f.Help
}

// needBinary reports whether the test binary is kept after the run.
func (t *tester) needBinary() bool {
	return t.f.BlockProfile != "" || t.f.CPUProfile != "" || t.f.MemProfile != "" ||
		t.f.MutexProfile != "" || t.f.O != ""
}

// profileFlag returns the first profiling flag set, or "".
func (t *tester) profileFlag() string {
	switch {
	case t.f.BlockProfile != "":
		return "-blockprofile"
	case t.f.CPUProfile != "":
		return "-cpuprofile"
	case t.f.MemProfile != "":
		return "-memprofile"
	case t.f.MutexProfile != "":
		return "-mutexprofile"
	case t.f.Trace != "":
		return "-trace"
	}
	return ""
}

func isNull(path string) bool {
	return path == os.DevNull || runtime.GOOS == "windows" && strings.EqualFold(path, "NUL")
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, pkgArgs, testArgs []string) (err error) {
	jsonBuildText := strings.Contains(","+inv.Env.Get("GODEBUG")+",", ",gotestjsonbuildtext=1,")
	if f.JSON && !jsonBuildText {
		f.BuildFlags.JSON = true
	}
	t := &tester{jsonBuildText: jsonBuildText, inv: inv, f: f, pkgArgs: pkgArgs, testArgs: testArgs, stdout: &lockedWriter{w: inv.Stdout}, runActors: map[*work.Action]*runActor{}}
	s, err := work.NewSession(ctx, inv, &f.BuildFlags, "test")
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = work.Fatal(inv.Stderr, cerr)
		}
	}()
	t.s, t.b = s, s.Builder
	vetFlags := f.Vet.Flags
	if !f.Vet.Explicit && vetFlags == nil {
		vetFlags = defaultVetFlags
	}
	t.b.SetVetOptions(work.VetOptions{Flags: vetFlags, Explicit: f.Vet.Explicit})

	pkgs, err := s.Loader.LoadPackages(ctx, pkgArgs)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	s.SetBuildInfo(ctx, pkgs, false)
	if len(pkgs) == 0 {
		fmt.Fprintf(inv.Stderr, "no packages to test\n")
		return base.Exit(1)
	}
	t.pkgs = pkgs
	if err := t.checkFlags(); err != nil {
		return err
	}
	if err := t.initCover(ctx); err != nil {
		return err
	}
	defer t.closeCoverProfile()
	t.setTimeouts()
	t.readTestExpire()
	t.execCmd = inv.Env.ExecWrapper()
	if len(f.Exec) > 0 {
		t.execCmd = append([]string(nil), f.Exec...)
	}

	root, err := t.actions(ctx)
	if err != nil {
		return err
	}
	// An interrupt goes to the test binaries too (they share the
	// terminal's process group): let them report and exit, and start no
	// new test after it.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		if _, ok := <-sigs; ok {
			t.interrupted.Store(true)
		}
	}()
	if err := s.Run(ctx, root); err != nil && t.exitStatus.Load() == 0 {
		t.setExitStatus(1)
	}
	if n := t.exitStatus.Load(); n != 0 {
		return base.Exit(int(n))
	}
	return nil
}

// checkFlags reports the flag combinations go test refuses once the
// packages are known.
func (t *tester) checkFlags() error {
	f, inv := t.f, t.inv
	fatal := func(format string, args ...any) error {
		fmt.Fprintf(inv.Stderr, format+"\n", args...)
		return base.Exit(1)
	}
	if f.Fuzz != "" {
		if len(t.pkgs) != 1 {
			return fatal("cannot use -fuzz flag with multiple packages")
		}
		if f.CoverProfile != "" {
			return fatal("cannot use -coverprofile flag with -fuzz flag")
		}
		if pf := t.profileFlag(); pf != "" {
			return fatal("cannot use %s flag with -fuzz flag", pf)
		}
		if t.fuzzOutsideMain(t.pkgs[0]) {
			return fatal("cannot use -fuzz flag on package outside the main module")
		}
	}
	if pf := t.profileFlag(); pf != "" && len(t.pkgs) != 1 {
		return fatal("cannot use %s flag with multiple packages", pf)
	}
	if f.O != "" {
		if strings.HasSuffix(f.O, "/") || strings.HasSuffix(f.O, string(os.PathSeparator)) {
			t.oDir = true
		} else if fi, err := os.Stat(t.abs(f.O)); err == nil && fi.IsDir() {
			t.oDir = true
		}
	}
	if len(t.pkgs) > 1 && (f.C || f.O != "") && !isNull(f.O) {
		if f.O != "" && !t.oDir {
			return fatal("with multiple packages, -o must refer to a directory or %s", os.DevNull)
		}
		byName := map[string][]*load.Package{}
		var names []string
		for _, p := range t.pkgs {
			n := t.binaryName(p)
			if byName[n] == nil {
				names = append(names, n)
			}
			byName[n] = append(byName[n], p)
		}
		bad := false
		for _, n := range names {
			if ps := byName[n]; len(ps) > 1 {
				var buf strings.Builder
				for _, p := range ps {
					buf.WriteString(p.ImportPath + "\n")
				}
				fmt.Fprintf(inv.Stderr, "cannot write test binary %s for multiple packages:\n%s", n, buf.String())
				bad = true
			}
		}
		if bad {
			return base.Exit(1)
		}
	}
	return nil
}

func (t *tester) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(t.inv.Dir, path)
}

// setTimeouts sets the backup kill timeout: the test panics by itself
// after -timeout; go kills it a minute (or one wait delay) later.
func (t *tester) setTimeouts() {
	timeout := t.f.Timeout
	if timeout <= 0 || t.f.Fuzz != "" || t.f.Bench != "" {
		return
	}
	t.waitDelay = timeout / 10
	if t.waitDelay < 5*time.Second {
		t.waitDelay = 5 * time.Second
	}
	if t.waitDelay < time.Minute {
		t.killTimeout = timeout + time.Minute
	} else {
		t.killTimeout = timeout + t.waitDelay
	}
}

// readTestExpire reads GOCACHE/testexpire.txt, written by go clean
// -testcache: test results older than that time are not used.
func (t *tester) readTestExpire() {
	dir, err := t.inv.Env.GOCACHE()
	if err != nil || dir == "off" || dir == "" {
		return
	}
	data, _ := lockedfile.Read(filepath.Join(dir, "testexpire.txt"))
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return
	}
	if n, err := strconv.ParseInt(string(data[:len(data)-1]), 10, 64); err == nil {
		t.cacheExpire = time.Unix(0, n)
	}
}

// binaryName is the file name of p's test binary (without .exe): the
// last element of the import path, not the package name, which is
// "main" for commands.
func (t *tester) binaryName(p *load.Package) string {
	if p.ImportPath == "command-line-arguments" {
		return p.Name + ".test"
	}
	return t.s.Loader.DefaultExecName(p) + ".test"
}

// actions builds the action graph: for each package its test build,
// run and print, printing in package order.
func (t *tester) actions(ctx context.Context) (*work.Action, error) {
	allImports := map[*load.Package]bool{}
	for _, p := range t.pkgs {
		if p.Error != nil && p.Error.IsImportCycle {
			continue
		}
		for _, p1 := range p.Internal.Imports {
			allImports[p1] = true
		}
	}
	var builds, runs, prints []*work.Action
	for _, p := range t.pkgs {
		var firstErr *load.Package
		for _, p1 := range load.PackageList([]*load.Package{p}) {
			if p1.Error != nil {
				t.reportErr(p, p1, p1.Error)
				if firstErr == nil {
					firstErr = p1
				}
			}
		}
		if firstErr != nil {
			t.setupFailed(p, firstErr)
			continue
		}
		build, run, print, perr, err := t.testActions(ctx, p, allImports[p])
		if err != nil {
			if perr == nil {
				perr = p
			}
			t.reportErr(p, perr, err)
			t.setupFailed(p, perr)
			continue
		}
		builds = append(builds, build)
		runs = append(runs, run)
		prints = append(prints, print)
	}

	// Each run waits for the builds of the runs before it (a barrier
	// between the run and its dependencies), so that tests start in
	// order; a channel makes their start events come in order too.
	var prevBarrier *work.Action
	ch := make(chan struct{})
	close(ch)
	for _, a := range runs {
		r, ok := t.runActors[a]
		if !ok {
			continue
		}
		barrier := &work.Action{Mode: "test barrier", Deps: slices.Clip(a.Deps)}
		if prevBarrier != nil {
			barrier.Deps = append(barrier.Deps, prevBarrier)
		}
		a.Deps = []*work.Action{barrier}
		prevBarrier = barrier
		r.prev = ch
		ch = make(chan struct{})
		r.next = ch
	}

	root := &work.Action{Mode: "go test", Deps: prints}
	root.Actor = func(b *work.Builder, ctx context.Context, a *work.Action) error {
		if !t.f.JSON && t.f.Fuzz == "" && len(t.pkgArgs) != 0 && (t.exitStatus.Load() != 0 || b.Failed()) {
			fmt.Fprintln(t.stdout, "FAIL")
		}
		return nil
	}
	for i, a := range prints {
		if i > 0 {
			a.Deps = append(a.Deps, prints[i-1])
		}
	}
	if !t.f.C && t.f.Bench != "" {
		// Benchmarks run one at a time, after all builds.
		for i, run := range runs {
			if i == 0 {
				run.Deps = append(run.Deps, builds...)
			} else {
				run.Deps = append(run.Deps, prints[i-1])
			}
		}
	}
	return root, nil
}

// reportErr prints a loading error of the test of p.
func (t *tester) reportErr(p, perr *load.Package, err error) {
	if p.ImportPath != "" {
		t.b.Printer().Errorf(perr, "# %s\n%s", p.ImportPath, err)
	} else {
		t.b.Printer().Errorf(perr, "%s", err)
	}
}

// setupFailed reports that p's test could not be set up.
func (t *tester) setupFailed(p, perr *load.Package) {
	var w io.Writer = t.stdout
	if t.f.JSON {
		c := newConverter(t.stdout, p.ImportPath)
		if !t.jsonBuildText {
			c.failedBuild = perr.Desc()
		}
		defer func() {
			c.exited(fmt.Errorf("setup failed"))
			c.Close()
		}()
		w = c
	}
	fmt.Fprintf(w, "FAIL\t%s [setup failed]\n", p.ImportPath)
	t.setExitStatus(1)
}
