package modload

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/mvs"
)

// summary is what the module graph needs from a dependency's go.mod.
type summary struct {
	module     module.Version
	goVersion  string
	toolchain  string
	pruning    modPruning
	require    []module.Version
	retract    []*modfile.Retract
	deprecated string
	ignore     []string
}

type summaryResult struct {
	s   *summary
	err error
}

// sumMissingError is a missing go.sum entry.
type sumMissingError struct{ suggestion string }

func (e *sumMissingError) Error() string { return "missing go.sum entry" + e.suggestion }

// cmpVersion orders versions with the main modules' "" above all others.
func cmpVersion(path, v1, v2 string) int {
	if v2 == "" {
		if v1 == "" {
			return 0
		}
		return -1
	}
	if v1 == "" {
		return 1
	}
	return gover.ModCompare(path, v1, v2)
}

// rootsFromModFiles computes the roots of the module graph.
func (s *State) rootsFromModFiles() error {
	s.direct = map[string]bool{}
	if s.inWorkspace() {
		s.pruning = workspace
		for _, m := range s.mods {
			s.roots = append(s.roots, m.mod)
			for _, r := range m.file.Require {
				if !r.Indirect {
					s.direct[r.Mod.Path] = true
				}
			}
		}
		s.roots = append(s.roots, module.Version{Path: "go", Version: gover.FromGoWork(s.work)})
		s.direct["go"] = true
		if s.work.Toolchain != nil {
			s.roots = append(s.roots, module.Version{Path: "toolchain", Version: s.work.Toolchain.Name})
		}
	} else {
		m := s.mods[0]
		s.pruning = pruningFor(gover.FromGoMod(m.file))
		if m.needsFix {
			s.dirtyRoots = true
		}
		for _, r := range m.file.Require {
			if s.exclude[r.Mod] {
				s.dirtyRoots = true
				if s.buildMod == "mod" {
					s.warn(fmt.Sprintf("go: dropping requirement on excluded version %s %s", r.Mod.Path, r.Mod.Version))
				} else {
					s.warn(fmt.Sprintf("go: ignoring requirement on excluded version %s %s", r.Mod.Path, r.Mod.Version))
				}
				continue
			}
			s.roots = append(s.roots, r.Mod)
			if !r.Indirect {
				s.direct[r.Mod.Path] = true
			}
		}
		s.roots = append(s.roots, module.Version{Path: "go", Version: gover.FromGoMod(m.file)})
		s.direct["go"] = true
		if m.file.Toolchain != nil {
			tc := m.file.Toolchain.Name
			s.roots = append(s.roots, module.Version{Path: "toolchain", Version: tc})
			// go drops a toolchain line that repeats the go line or
			// names no toolchain of go 1.21 or later (an invalid one
			// included): go.mod would change.
			if tc == "go"+gover.FromGoMod(m.file) || gover.Compare(gover.FromToolchain(tc), gover.GoStrictVersion) < 0 {
				s.dirtyRoots = true
			}
		}
	}
	gover.ModSort(s.roots)
	if !s.inWorkspace() {
		for i, r := range s.roots {
			// A requirement on the main module itself is redundant, but
			// go rewrites go.mod for it only in unpruned modules.
			if s.isMain(r.Path) && s.pruning == unpruned || (i > 0 && r.Path == s.roots[i-1].Path) {
				s.dirtyRoots = true
			}
		}
	}
	return nil
}

// rootSelected returns the version of path among the roots.
func (s *State) rootSelected(path string) (string, bool) {
	if s.isMain(path) {
		return "", true
	}
	v, ok := "", false
	for _, r := range s.roots {
		if r.Path == path && (!ok || cmpVersion(path, v, r.Version) < 0) {
			v, ok = r.Version, true
		}
	}
	return v, ok
}

// mustHaveSums reports whether go.sum must already vouch for what is
// read: readonly single-module mode.
func (s *State) mustHaveSums() bool {
	return s.HasModRoot() && s.buildMod == "readonly" && !s.inWorkspace()
}

// replacementFrom returns the replacement of mod and the module root of
// the go.mod that says it ("" for go.work).
func (s *State) replacementFrom(mod module.Version) (module.Version, replaceSource, bool) {
	if s.isMain(mod.Path) && mod.Version == "" {
		return module.Version{}, replaceSource{}, false
	}
	if r, ok := s.replace[mod]; ok {
		return r, s.replaceFrom[mod], true
	}
	if r, ok := s.replace[module.Version{Path: mod.Path}]; ok {
		return r, s.replaceFrom[module.Version{Path: mod.Path}], true
	}
	return module.Version{}, replaceSource{}, false
}

// Replacement returns the replacement of mod (zero if none). A relative
// directory is relative to the main module, or to go.work's directory in
// workspace mode (replacements are stored in that form, see
// canonicalizeReplacePath).
func (s *State) Replacement(mod module.Version) module.Version {
	r, _, ok := s.replacementFrom(mod)
	if !ok {
		return module.Version{}
	}
	return r
}

func (s *State) canonicalizeReplacePath(r module.Version, modRoot string) module.Version {
	if filepath.IsAbs(r.Path) || r.Version != "" || modRoot == "" || !s.inWorkspace() {
		return r
	}
	abs := filepath.Join(modRoot, r.Path)
	if rel, err := filepath.Rel(filepath.Dir(s.workFile), abs); err == nil {
		return module.Version{Path: toDirectoryPath(rel)}
	}
	return module.Version{Path: toDirectoryPath(abs)}
}

func toDirectoryPath(path string) string {
	if modfile.IsDirectoryPath(path) {
		return path
	}
	return "./" + filepath.ToSlash(filepath.Clean(path))
}

// replaceRelativeTo is the directory relative replacements are based on.
func (s *State) replaceRelativeTo() string {
	if s.inWorkspace() {
		return filepath.Dir(s.workFile)
	}
	if len(s.mods) == 1 {
		return s.mods[0].root
	}
	return s.cfg.Dir
}

func (s *State) resolveReplacement(m module.Version) module.Version {
	if r := s.Replacement(m); r.Path != "" {
		return r
	}
	return m
}

// goModSummary returns the requirements of dependency m, after
// replacements, exclusions and vendoring.
func (s *State) goModSummary(m module.Version) (*summary, error) {
	if gover.IsToolchain(m.Path) {
		return s.rawSummary(m)
	}
	if s.buildMod == "vendor" {
		v, _ := s.vendorList()
		sum := &summary{module: module.Version{Path: m.Path}}
		if v.version[m.Path] == m.Version {
			sum.require = v.list
		}
		return sum, nil
	}
	actual := s.resolveReplacement(m)
	if s.mustHaveSums() && actual.Version != "" {
		key := module.Version{Path: actual.Path, Version: actual.Version + "/go.mod"}
		if !s.sums.Have(key) {
			return nil, module.VersionError(actual, &sumMissingError{suggestion: fmt.Sprintf(" for go.mod file; to add it:\n\tgo mod download %s", m.Path)})
		}
	}
	sum, err := s.rawSummary(actual)
	if err != nil {
		return nil, err
	}
	if actual.Version != "" {
		if sum.module.Path == "" {
			return nil, module.VersionError(actual, errors.New("parsing go.mod: missing module line"))
		}
		if mp := sum.module.Path; mp != m.Path && mp != actual.Path {
			return nil, module.VersionError(actual, fmt.Errorf("parsing go.mod:\n"+
				"\tmodule declares its path as: %s\n"+
				"\t        but was required as: %s", mp, m.Path))
		}
	}
	if len(s.exclude) > 0 {
		filtered := false
		for _, r := range sum.require {
			if s.exclude[r] {
				filtered = true
			}
		}
		if filtered {
			c := *sum
			c.require = nil
			for _, r := range sum.require {
				if !s.exclude[r] {
					c.require = append(c.require, r)
				}
			}
			sum = &c
		}
	}
	return sum, nil
}

// rawSummary reads the go.mod of m itself (a cached module version, or
// a directory when m.Version is "").
func (s *State) rawSummary(m module.Version) (*summary, error) {
	if gover.IsToolchain(m.Path) {
		if m.Path == "go" && gover.Compare(m.Version, gover.GoStrictVersion) >= 0 {
			return &summary{module: m, require: []module.Version{{Path: "toolchain", Version: "go" + m.Version}}}, nil
		}
		return &summary{module: m}, nil
	}
	if m.Version == "" && s.inWorkspace() {
		if mi := s.mainByPath(m.Path); mi != nil {
			return s.summaryFromFile(m, mi.file)
		}
	}
	s.mu.Lock()
	if r, ok := s.summaries[m]; ok {
		s.mu.Unlock()
		return r.s, r.err
	}
	s.mu.Unlock()
	sum, err := s.readSummary(m)
	s.mu.Lock()
	if s.summaries == nil {
		s.summaries = map[module.Version]*summaryResult{}
	}
	s.summaries[m] = &summaryResult{sum, err}
	s.mu.Unlock()
	return sum, err
}

func (s *State) readSummary(m module.Version) (*summary, error) {
	name, data, err := s.rawGoModData(m)
	if err != nil {
		return nil, err
	}
	f, err := modfile.ParseLax(name, data, nil)
	if err != nil {
		return nil, module.VersionError(m, fmt.Errorf("parsing %s: %v", s.shortPath(name), err))
	}
	return s.summaryFromFile(m, f)
}

func (s *State) rawGoModData(m module.Version) (string, []byte, error) {
	if m.Version == "" {
		dir := m.Path
		if !filepath.IsAbs(dir) {
			if mi := s.mainByPath(m.Path); mi != nil && s.inWorkspace() {
				dir = mi.root
			} else {
				dir = filepath.Join(s.replaceRelativeTo(), dir)
			}
		}
		name := filepath.Join(dir, "go.mod")
		data, err := s.fs.ReadFile(name)
		if err != nil {
			return "", nil, module.VersionError(m, fmt.Errorf("reading %s: %v", s.shortPath(name), err))
		}
		return name, data, nil
	}
	if !gover.ModIsValid(m.Path, m.Version) {
		return "", nil, fmt.Errorf("go: internal error: %s@%s: unexpected invalid semantic version", m.Path, m.Version)
	}
	data, err := s.cache.GoMod(m)
	return "go.mod", data, err
}

func (s *State) summaryFromFile(m module.Version, f *modfile.File) (*summary, error) {
	sum := &summary{pruning: unpruned}
	if f.Module != nil {
		sum.module = f.Module.Mod
		sum.deprecated = f.Module.Deprecated
	}
	if f.Go != nil {
		sum.goVersion = f.Go.Version
		sum.pruning = pruningFor(f.Go.Version)
		s.mu.Lock()
		if _, ok := s.goVersions[m]; !ok {
			s.goVersions[m] = f.Go.Version
		}
		s.mu.Unlock()
	}
	if f.Toolchain != nil {
		sum.toolchain = f.Toolchain.Name
	}
	for _, r := range f.Require {
		sum.require = append(sum.require, r.Mod)
	}
	sum.retract = f.Retract
	for _, ig := range f.Ignore {
		sum.ignore = append(sum.ignore, ig.Path)
	}
	if sum.goVersion != "" && gover.Compare(sum.goVersion, gover.GoStrictVersion) >= 0 {
		sum.require = append(sum.require, module.Version{Path: "go", Version: sum.goVersion})
		if gover.Compare(sum.goVersion, s.localGo) > 0 {
			return sum, s.tooNew("module "+m.String(), sum.goVersion)
		}
	}
	return sum, nil
}

// goVersionOf returns the go line recorded for m, if its go.mod was read.
func (s *State) goVersionOf(m module.Version) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.goVersions[m]
	return v, ok
}

// Graph loads the module graph. The error, if any, is go's text for the
// first module whose requirements could not be loaded (without "go: ").
func (s *State) loadGraph(ctx context.Context) (*mvs.Graph, error) {
	s.graphOnce.Do(func() {
		if s.buildMod == "vendor" {
			s.graph, s.graphErr = s.vendorGraph()
			return
		}
		s.graph, s.graphErr = s.readModGraph()
	})
	return s.graph, s.graphErr
}

type loadKey struct {
	m       module.Version
	pruning modPruning
}

func (s *State) readModGraph() (*mvs.Graph, error) {
	return s.graphFromRoots(s.roots)
}

// graphFromRoots loads the module graph that the given requirements of
// the main module(s) (in s.pruning mode) would have.
func (s *State) graphFromRoots(roots []module.Version) (*mvs.Graph, error) {
	var graphRoots []module.Version
	if s.inWorkspace() {
		graphRoots = roots
	} else {
		for _, m := range s.mods {
			graphRoots = append(graphRoots, m.mod)
		}
	}
	if len(s.mods) == 0 {
		graphRoots = []module.Version{{Path: "command-line-arguments"}}
		if s.inWorkspace() {
			graphRoots = append(graphRoots, roots...)
		}
	}
	g := mvs.NewGraph(cmpVersion, graphRoots)
	if s.pruning != workspace {
		g.Require(graphRoots[0], roots)
	}
	loaded := map[module.Version]*summaryResult{}
	loadOne := func(m module.Version) (*summary, error) {
		if r, ok := loaded[m]; ok {
			return r.s, r.err
		}
		sum, err := s.goModSummary(m)
		loaded[m] = &summaryResult{sum, err}
		if err == nil {
			g.Require(m, sum.require)
		}
		return sum, err
	}
	seen := map[loadKey]bool{}
	type item struct {
		m       module.Version
		pruning modPruning
	}
	var queue []item
	enqueue := func(m module.Version, p modPruning) {
		if m.Version == "none" || seen[loadKey{m, p}] {
			return
		}
		seen[loadKey{m, p}] = true
		queue = append(queue, item{m, p})
	}
	prefetched := map[module.Version]bool{}
	drain := func() {
		for len(queue) > 0 {
			prefetchSummaries(s, queue, func(it item) module.Version { return it.m }, prefetched)
			it := queue[0]
			queue = queue[1:]
			sum, err := loadOne(it.m)
			if err != nil {
				continue
			}
			next := sum.pruning
			if it.pruning == unpruned {
				next = unpruned
			}
			for _, r := range sum.require {
				if it.pruning != pruned || sum.pruning == unpruned {
					enqueue(r, next)
				}
			}
		}
	}
	for _, m := range roots {
		enqueue(m, s.pruning)
	}
	drain()

	if s.pruning == workspace {
		hasDeps := map[string]bool{}
		done := map[module.Version]bool{}
		for _, m := range roots {
			hasDeps[m.Path] = true
		}
		for {
			need := map[module.Version]bool{}
			for p := range hasDeps {
				m := module.Version{Path: p, Version: g.Selected(p)}
				if !done[m] {
					need[m] = true
					continue
				}
				reqs, _ := g.RequiredBy(m)
				for _, r := range reqs {
					sel := module.Version{Path: r.Path, Version: g.Selected(r.Path)}
					if gover.ModCompare(r.Path, sel.Version, r.Version) > 0 && !done[sel] {
						need[sel] = true
					}
				}
			}
			if len(need) == 0 {
				break
			}
			for m := range need {
				enqueue(m, workspace)
				done[m] = true
				hasDeps[m.Path] = true
			}
			drain()
		}
	}

	stack := g.FindPath(func(m module.Version) bool {
		r, ok := loaded[m]
		return ok && r.err != nil
	})
	if len(stack) > 0 {
		return g, mvs.NewBuildListError(loaded[stack[len(stack)-1]].err, stack)
	}
	return g, nil
}

// graphFetchParallelism bounds the module files fetched at once (go.mod
// files while the graph loads, .info files of a listing): most of the
// time goes to network round trips.
const graphFetchParallelism = 16

// prefetchSummaries fetches the go.mod summaries of the queued modules
// not loaded yet and not in the module cache, in parallel, so that the
// graph walk that follows (which stays sequential and so keeps its
// order and errors) finds them in the summary cache instead of fetching
// one at a time.
func prefetchSummaries[T any](s *State, queue []T, mod func(T) module.Version, done map[module.Version]bool) {
	if s.buildMod == "vendor" {
		return
	}
	var todo []module.Version
	for _, it := range queue {
		if m := mod(it); !done[m] {
			done[m] = true
			// A go.mod on disk is read in turn: that costs less than
			// a goroutine.
			if actual := s.resolveReplacement(m); actual.Version != "" && !s.cache.IsCached(actual, "mod") {
				todo = append(todo, m)
			}
		}
	}
	if len(todo) < 2 {
		return
	}
	fetchEach(todo, func(m module.Version) {
		s.goModSummary(m) // the result lands in s.summaries
	})
}

// fetchEach calls fetch for each module, graphFetchParallelism at a
// time, and waits for all: for work that waits on the network.
func fetchEach(mods []module.Version, fetch func(module.Version)) {
	sem := make(chan struct{}, graphFetchParallelism)
	var wg sync.WaitGroup
	for _, m := range mods {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			fetch(m)
		})
	}
	wg.Wait()
}
