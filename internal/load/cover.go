package load

import (
	"context"
	"fmt"
	"go/token"

	"gocmd/internal/base"
)

// CoverSetup says how a package is instrumented for coverage.
type CoverSetup struct {
	// Mode is the cover tool's -mode: "set", "count", "atomic", or
	// "regonly" (registration only, no counters); "" means the package
	// is not instrumented.
	Mode string
	// GenMeta asks the cover tool for the package's static meta-data
	// file (go test -cover of a package without tests).
	GenMeta bool
}

// CoverMode is the coverage mode of a build with flags f: -covermode,
// or its default ("set", "atomic" under -race).
func CoverMode(f *base.BuildFlags) string {
	switch {
	case f == nil:
		return "set"
	case f.CoverMode != "":
		return f.CoverMode
	case f.Race:
		return "atomic"
	}
	return "set"
}

// runtimePackages are the packages the compiler treats as part of the
// runtime: under -race they are only registered for coverage, never
// counted, since their counters would run before the race detector is
// initialized.
var runtimePackages = map[string]bool{
	"runtime":                          true,
	"internal/runtime/atomic":          true,
	"internal/runtime/cgroup":          true,
	"internal/runtime/exithook":        true,
	"internal/runtime/gc":              true,
	"internal/runtime/gc/scan":         true,
	"internal/runtime/maps":            true,
	"internal/runtime/math":            true,
	"internal/runtime/sys":             true,
	"internal/runtime/syscall/linux":   true,
	"internal/runtime/syscall/windows": true,
	"internal/abi":                     true,
	"internal/bytealg":                 true,
	"internal/byteorder":               true,
	"internal/chacha8rand":             true,
	"internal/coverage/rtcov":          true,
	"internal/cpu":                     true,
	"internal/goarch":                  true,
	"internal/godebugs":                true,
	"internal/goexperiment":            true,
	"internal/goos":                    true,
	"internal/profilerecord":           true,
	"internal/strconv":                 true,
	"internal/stringslite":             true,
}

// PrepareForCoverageBuild marks the packages of a go build, install,
// run or list -cover (pkgs and their dependencies) for instrumentation:
// those matching -coverpkg, or without it the packages of the main
// modules and those named on the command line.
func (l *Loader) PrepareForCoverageBuild(ctx context.Context, pkgs []*Package) {
	var match []func(*Package) bool
	if f := l.cfg.Flags; f != nil && len(f.CoverPkg) > 0 {
		for _, pat := range f.CoverPkg {
			match = append(match, l.MatchPackage(pat))
		}
	} else {
		match = []func(*Package) bool{func(p *Package) bool {
			return p.Internal.CmdlineFiles || p.Internal.CmdlinePkg || p.Module != nil && p.Module.Main
		}}
	}
	l.SelectCoverPackages(ctx, PackageList(pkgs), match, "build")
}

// SelectCoverPackages sets the coverage mode of the packages among
// roots that some matcher accepts (op is "build" or "test"), and returns
// them. In atomic mode each gets an import of sync/atomic, which the
// instrumented code uses. -coverpkg patterns matching none of roots get
// a warning.
func (l *Loader) SelectCoverPackages(ctx context.Context, roots []*Package, match []func(*Package) bool, op string) []*Package {
	f := l.cfg.Flags
	mode := CoverMode(f)
	race := f != nil && f.Race
	var covered []*Package
	matched := make([]bool, len(match))
	for _, p := range roots {
		any := false
		for i, m := range match {
			if m(p) {
				matched[i] = true
				any = true
			}
		}
		// Nothing to instrument in unsafe, nor in packages with only
		// test files; sync/atomic cannot count itself atomically.
		if !any || p.ImportPath == "unsafe" || len(p.GoFiles)+len(p.CgoFiles) == 0 {
			continue
		}
		if mode == "atomic" && p.Standard && (p.ImportPath == "sync/atomic" || p.ImportPath == "internal/runtime/atomic") {
			continue
		}
		pmode := mode
		if race && p.Standard && runtimePackages[p.ImportPath] {
			pmode = "regonly"
		}
		p.Internal.Cover.Mode = pmode
		covered = append(covered, p)
		if mode == "atomic" {
			l.AddCoverImport(ctx, p, "sync/atomic")
		}
	}
	if f != nil {
		verb := "built"
		if op == "test" {
			verb = "tested"
		}
		for i, pat := range f.CoverPkg {
			if i < len(matched) && !matched[i] && l.cfg.Warn != nil {
				l.cfg.Warn(fmt.Sprintf("warning: no packages being %s depend on matches for pattern %s", verb, pat))
			}
		}
	}
	return covered
}

// AddCoverImport adds path to the package p's compile imports. Like
// go, it adds it even when p imports it already (the compile then lists
// it twice in its import configuration and action ID).
func (l *Loader) AddCoverImport(ctx context.Context, p *Package, path string) {
	l.init()
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.queue.Wait()
	var stk importStack
	p1, _ := l.loadImport(ctx, path, p.Dir, p, &stk, nil, 0)
	p.Internal.Imports = append(p.Internal.Imports, p1)
}

// setTestCoverModes sets the coverage modes of a test's packages: the
// test variant of the package under test is instrumented as the package
// itself is (or, without -coverpkg, always), and the test main in the
// "testmain" mode, which registers the coverage hooks only.
func setTestCoverModes(p, ptest, pmain *Package, cover *TestCover) {
	if cover == nil {
		return
	}
	ptest.Internal.Cover.Mode = p.Internal.Cover.Mode
	pmain.Internal.Cover.Mode = "testmain"
	if cover.Local {
		ptest.Internal.Cover.Mode = cover.Mode
	}
}

// TestPackageList returns the packages the tests of pkgs build: the
// packages and their dependencies, with each package's test and
// external test imports and their dependencies, in go's order.
func (l *Loader) TestPackageList(ctx context.Context, pkgs []*Package) []*Package {
	l.init()
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.queue.Wait()
	seen := map[*Package]bool{}
	var all []*Package
	var walk func(*Package)
	walk = func(p *Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, p1 := range p.Internal.Imports {
			walk(p1)
		}
		all = append(all, p)
	}
	walkTest := func(root *Package, path string) {
		var stk importStack
		var pos []token.Position
		if root.Internal.Build != nil {
			pos = root.Internal.Build.TestImportPos[path]
		}
		p1, perr := l.loadImport(ctx, path, root.Dir, root, &stk, pos, resolveImport)
		if perr != nil && root.Error == nil {
			root.Error = perr
			root.Incomplete = true
		}
		if p1.Error == nil {
			walk(p1)
		}
	}
	for _, p := range pkgs {
		walk(p)
		for _, path := range p.TestImports {
			walkTest(p, path)
		}
		for _, path := range p.XTestImports {
			walkTest(p, path)
		}
	}
	return all
}
