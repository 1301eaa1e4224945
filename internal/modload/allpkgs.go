package modload

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/search"
)

// This file loads the package graph of the "all" pattern the way go
// computes module requirements (go mod tidy, go mod vendor): every
// build tag but "ignore" holds, the tests of the main modules' packages
// count, and with a main module older than go 1.16 the tests of every
// package in "all" count too.

// PkgNode is a package of "all" (or the test of one).
type PkgNode struct {
	Path string
	Mod  module.Version // zero for standard packages
	Dir  string
	Std  bool
	Err  error
	// Imports are the packages imported by the package's source (for a
	// test node: by its _test.go files).
	Imports []*PkgNode
	// Test is the node of the package's tests, when they are loaded.
	Test *PkgNode
	// TestOf is the package a test node tests.
	TestOf *PkgNode
	// Stack is the importer on a shortest import path from a root.
	Stack *PkgNode
	// InAll: the package is in "all" (not only imported by tests of
	// dependencies).
	InAll bool
}

// StackText is go's "a imports\n\tb imports\n\tc" import stack text.
func (p *PkgNode) StackText() string {
	var stack []*PkgNode
	for q := p; q != nil; q = q.Stack {
		stack = append(stack, q)
	}
	var b strings.Builder
	for i := len(stack) - 1; i >= 0; i-- {
		q := stack[i]
		b.WriteString(q.Path)
		if q.TestOf != nil {
			b.WriteString(".test")
		}
		if i > 0 {
			if stack[i-1].TestOf == q {
				b.WriteString(" tested by\n\t")
			} else {
				b.WriteString(" imports\n\t")
			}
		}
	}
	return b.String()
}

// AllPackages is the result of LoadAll.
type AllPackages struct {
	// Pkgs holds every package node (tests included) breadth-first
	// from the main modules' packages: each package's imports, then its
	// test.
	Pkgs []*PkgNode
	// Roots are the packages of the main modules, sorted by path.
	Roots []*PkgNode
}

// AllOptions configure LoadAll.
type AllOptions struct {
	// ResolveMissing looks up modules for missing imports and adds them
	// to the requirements (printing go's "finding module" lines).
	ResolveMissing bool
	// MainModule, if set, limits the roots to the packages of that main
	// module (go work sync).
	MainModule string
	// Tests loads the tests of every package in "all" (go mod tidy), not
	// only those of the main modules' packages; the packages only they
	// import are loaded but not in "all".
	Tests bool
}

type allLoader struct {
	s           *State
	closeTests  bool
	allTests    bool
	mainModule  string
	byPath      map[string]*PkgNode
	testImports map[*PkgNode][]string
	out         *AllPackages
	pre         *allPrefetch // nil: resolve during the visits (allpar.go)
}

// LoadAll loads the packages of "all" with any build tags.
func (s *State) LoadAll(ctx context.Context, opts AllOptions) (*AllPackages, error) {
	if opts.ResolveMissing {
		s.deferQuery = true
		defer func() { s.deferQuery = false }()
	}
	for {
		ld := &allLoader{
			s:           s,
			closeTests:  gover.Compare(s.rootGoVersion(), "1.16") < 0,
			allTests:    opts.Tests,
			mainModule:  opts.MainModule,
			byPath:      map[string]*PkgNode{},
			testImports: map[*PkgNode][]string{},
			out:         &AllPackages{},
		}
		if err := ld.load(ctx); err != nil {
			return nil, err
		}
		if s.promoteAllRoots(ctx, ld.out) {
			continue
		}
		if !opts.ResolveMissing {
			return ld.out, nil
		}
		added, err := s.resolveMissing(ctx, ld.out.Pkgs)
		if err != nil {
			return ld.out, err
		}
		if !added {
			return ld.out, nil
		}
	}
}

func (ld *allLoader) load(ctx context.Context) error {
	s := ld.s
	pool := newWorkPool()
	defer pool.close()
	if ld.canPrefetch() {
		ld.pre = &allPrefetch{pool: pool, done: map[*PkgNode]chan struct{}{}}
	}
	var rootPaths []string
	have := map[string]bool{}
	checks := newWalkChecks(pool)
	w := &search.Walker{
		FS:          s.fs,
		Ignore:      map[string]*search.IgnorePatterns{},
		IsPackage:   checks.isPackage(s),
		Trace:       s.cache.Trace,
		PruneVendor: true,
	}
	for _, mi := range s.mods {
		if ld.mainModule != "" && mi.mod.Path != ld.mainModule {
			continue
		}
		if len(mi.ignore) > 0 {
			w.Ignore[filepath.Clean(mi.root)] = search.NewIgnorePatterns(mi.ignore)
		}
		m := search.NewMatch("all")
		w.WalkTree(m, mi.root, mi.mod.Path, func(string) bool { return true }, func(string) bool { return true }, true, have)
		rootPaths = append(rootPaths, checks.keep(m.Pkgs)...)
	}
	for _, t := range s.tools {
		if ld.mainModule != "" {
			break
		}
		if !have[t] {
			have[t] = true
			rootPaths = append(rootPaths, t)
		}
	}
	sort.Strings(rootPaths)

	var work []*PkgNode
	for _, p := range rootPaths {
		n, _ := ld.node(ctx, p)
		n.InAll = true
		ld.out.Roots = append(ld.out.Roots, n)
		work = append(work, n)
	}
	loaded := map[*PkgNode]bool{}
	for len(work) > 0 {
		n := work[0]
		work = work[1:]
		if !loaded[n] {
			loaded[n] = true
			if n.TestOf == nil {
				ld.resolveVisit(ctx, n)
			}
			if !n.Std && n.Err == nil && n.Dir != "" {
				if r, err := s.scanDir(n.Dir, nil); err == nil {
					imports := r.imports
					if n.TestOf != nil {
						imports = r.testImports
					} else {
						ld.testImports[n] = r.testImports
					}
					for _, path := range imports {
						if path == n.Path && n.TestOf != nil {
							continue
						}
						q, isNew := ld.node(ctx, path)
						n.Imports = append(n.Imports, q)
						if isNew {
							work = append(work, q)
						}
					}
				}
			}
		}
		propagate := n.InAll
		if n.TestOf != nil {
			propagate = ld.testInAll(n.TestOf)
		}
		if propagate {
			for _, q := range n.Imports {
				if !q.InAll {
					q.InAll = true
					work = append(work, q)
				}
			}
		}
		if n.TestOf == nil && n.InAll && n.Test == nil && len(ld.testImports[n]) > 0 &&
			(ld.testInAll(n) || ld.allTests) {
			n.Test = &PkgNode{Path: n.Path, Mod: n.Mod, Dir: n.Dir, TestOf: n}
			work = append(work, n.Test)
		}
	}

	// Order the packages breadth-first from the roots, each import
	// before the package's test, recording the shortest import stacks.
	seen := map[*PkgNode]bool{}
	for _, n := range ld.out.Roots {
		seen[n] = true
		ld.out.Pkgs = append(ld.out.Pkgs, n)
	}
	for i := 0; i < len(ld.out.Pkgs); i++ {
		n := ld.out.Pkgs[i]
		for _, q := range n.Imports {
			if !seen[q] {
				seen[q] = true
				q.Stack = n
				ld.out.Pkgs = append(ld.out.Pkgs, q)
			}
		}
		if t := n.Test; t != nil && !seen[t] {
			seen[t] = true
			t.Stack = n
			ld.out.Pkgs = append(ld.out.Pkgs, t)
		}
	}
	return nil
}

// testInAll reports whether the imports of n's test are in "all".
func (ld *allLoader) testInAll(n *PkgNode) bool {
	return ld.closeTests || n.Mod.Version == "" && ld.s.isMain(n.Mod.Path)
}

// node returns the node of path and whether it is new; a new node's
// lookups start at once.
func (ld *allLoader) node(ctx context.Context, path string) (*PkgNode, bool) {
	if n, ok := ld.byPath[path]; ok {
		return n, false
	}
	n := &PkgNode{Path: path}
	ld.byPath[path] = n
	ld.prefetch(ctx, n)
	return n, true
}

// resolve finds the directory and module of a new node.
func (ld *allLoader) resolve(ctx context.Context, n *PkgNode) {
	s := ld.s
	path := n.Path
	if isStandardImportPath(path) {
		dir := filepath.Join(s.goroot, "src", path)
		if ok, _ := s.isGoDir(dir); ok {
			n.Std, n.Dir = true, dir
			return
		}
	}
	res, err := s.importModules(ctx, path)
	if err != nil {
		n.Err = err
		return
	}
	n.Dir = res.Dir
	if res.Module != nil {
		n.Mod = module.Version{Path: res.Module.Path, Version: res.Module.Version}
	}
}

// resolveMissing looks up modules for the packages that no module in
// the build list provides, as go does with -mod=mod, adds them to the
// requirements and reports whether any was added. Lookup failures stay
// in the nodes' Err.
func (s *State) resolveMissing(ctx context.Context, pkgs []*PkgNode) (bool, error) {
	type found struct {
		n *PkgNode
		m module.Version
	}
	var adds []found
	var queried []*PkgNode
	var queryErrs []error
	seen := map[string]bool{}
	for _, n := range pkgs {
		var me *ImportMissingError
		if n.Err == nil || !errors.As(n.Err, &me) || !me.needQuery || seen[n.Path] {
			continue
		}
		seen[n.Path] = true
		m, err := s.queryMissing(ctx, n.Path)
		if err != nil {
			n.Err = err
			queried, queryErrs = append(queried, n), append(queryErrs, err)
			continue
		}
		adds = append(adds, found{n, m})
	}
	// A module that needs a newer Go stops the loading, as in go: the
	// command may switch to a toolchain that can use it.
	if tn, i := maxTooNew(queryErrs); tn != nil {
		s.warn("go: toolchain upgrade needed to resolve " + queried[i].Path)
		return false, tn
	}
	if len(adds) == 0 {
		return false, nil
	}
	req := s.Requirements()
	before := fmt.Sprint(req.Roots)
	for _, a := range adds {
		s.warn(fmt.Sprintf("go: found %s in %s %s", a.n.Path, a.m.Path, a.m.Version))
		req.Roots = upsert(req.Roots, a.m)
	}
	gover.ModSort(req.Roots)
	if fmt.Sprint(req.Roots) == before {
		return false, nil // nothing new: stop rather than loop
	}
	s.SetRequirements(req)
	s.raiseGoToGraph(ctx)
	return true, nil
}

// upsert adds m to roots, raising an existing requirement on its path.
func upsert(roots []module.Version, m module.Version) []module.Version {
	for i, r := range roots {
		if r.Path == m.Path {
			if gover.ModCompare(m.Path, m.Version, r.Version) > 0 {
				roots[i] = m
			}
			return roots
		}
	}
	return append(roots, m)
}

// promoteAllRoots keeps go's invariant of a pruned module graph while
// requirements may change (-mod=mod): every module providing a package
// in "all" is a root, at the version the package was loaded from. It
// reports whether the roots changed (the packages must be reloaded).
func (s *State) promoteAllRoots(ctx context.Context, all *AllPackages) bool {
	if s.buildMod != "mod" || s.pruning != pruned || s.inWorkspace() {
		return false
	}
	req := s.Requirements()
	changed := false
	var mods []module.Version
	for _, n := range all.Pkgs {
		if !n.InAll || n.TestOf != nil || n.Mod.Version == "" || s.isMain(n.Mod.Path) {
			continue
		}
		mods = append(mods, n.Mod)
		if v, ok := s.rootSelected(n.Mod.Path); !ok || v != n.Mod.Version {
			req.Roots = upsert(req.Roots, n.Mod)
			changed = true
		}
	}
	return s.promoteRoots(ctx, req, mods, changed)
}
