package modload

import (
	"context"
	"slices"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
)

// This file is the loading loop of go mod tidy. Like go, tidy loads
// "all", then adds to the requirements the roots a tidy go.mod would
// have (never removing one while loading, so that the loop converges:
// versions only rise and paths are finite), reloads while that changes
// the version of a module providing a loaded package, and only then
// resolves missing imports. The roots no package needs are dropped at
// the end (tidyPrunedRoots, tidyUnprunedRoots).

// tidyLoadAll loads "all" for go mod tidy, growing the requirements
// until they are stable; resolve looks up modules for missing imports.
// keepGo leaves the go version as it is (tidy -go checks it at the end).
func (s *State) tidyLoadAll(ctx context.Context, resolve, keepGo bool) (*AllPackages, error) {
	if resolve {
		s.deferQuery = true
		defer func() { s.deferQuery = false }()
	}
	defer func() { s.skipImportModFiles = false }()
	for {
		s.skipImportModFiles = gover.Compare(s.rootGoVersion(), tidyGoModSumVersion) < 0
		ld := &allLoader{
			s:           s,
			closeTests:  gover.Compare(s.rootGoVersion(), "1.16") < 0,
			allTests:    true,
			byPath:      map[string]*PkgNode{},
			testImports: map[*PkgNode][]string{},
			out:         &AllPackages{},
		}
		if err := ld.load(ctx); err != nil {
			return nil, err
		}
		// Like go, stop at a package whose module needs a newer Go: the
		// command may switch to one.
		if tn := pkgsTooNew(ld.out.Pkgs); tn != nil {
			return ld.out, tn
		}
		changed, err := s.tidyGrowRoots(ctx, ld.out, keepGo)
		if err != nil {
			return ld.out, err
		}
		if changed {
			continue
		}
		if !resolve {
			return ld.out, nil
		}
		added, err := s.resolveMissing(ctx, ld.out.Pkgs)
		if err != nil || !added {
			return ld.out, err
		}
	}
}

// isExternal reports whether n was loaded from a module other than a
// main module.
func (s *State) isExternal(n *PkgNode) bool {
	return n.Mod.Path != "" && !(n.Mod.Version == "" && s.isMain(n.Mod.Path))
}

// tidyGrowRoots adds to the requirements the roots tidy would keep for
// the packages of all (and, for a pruned module, the modules of the
// packages in "all"), raises every root to its selected version, and
// reports whether that changed what the packages would load: the go
// version, the selected version of a module providing a package, or a
// package in error that would now resolve.
func (s *State) tidyGrowRoots(ctx context.Context, all *AllPackages, keepGo bool) (bool, error) {
	before := s.Requirements()
	beforeGo := s.rootGoVersion()
	add, err := s.tidyRootsOf(ctx, all)
	if err != nil {
		return false, nil // reported by the final tidy roots
	}
	roots := slices.Clone(before.Roots)
	if s.pruning == unpruned {
		// Without pruning go keeps the whole build list while loading:
		// raising a root must not drop what its older version required.
		if g, err := s.loadGraph(ctx); err == nil {
			for _, m := range g.BuildList() {
				if !gover.IsToolchain(m.Path) && !s.isMain(m.Path) {
					roots = upsert(roots, m)
				}
			}
		}
	}
	isRoot := map[string]bool{}
	for _, r := range roots {
		isRoot[r.Path] = true
	}
	if s.pruning == pruned {
		for _, n := range all.Pkgs {
			if n.TestOf == nil && n.InAll && s.isExternal(n) && !isRoot[n.Mod.Path] {
				roots = append(roots, n.Mod)
				isRoot[n.Mod.Path] = true
			}
		}
	}
	for _, m := range add {
		if gover.IsToolchain(m.Path) || s.isMain(m.Path) {
			continue
		}
		roots = upsert(roots, m)
	}
	for {
		s.SetRequirements(Requirements{Roots: roots, Direct: before.Direct})
		g, err := s.loadGraph(ctx)
		if err != nil {
			// Keep what loads; the final tidy roots report the error.
			if g == nil {
				s.SetRequirements(before)
				return false, nil
			}
			break
		}
		raised := false
		for i, r := range roots {
			if gover.IsToolchain(r.Path) {
				continue
			}
			if v := g.Selected(r.Path); v != "none" && v != r.Version {
				roots[i].Version = v
				raised = true
			}
		}
		if !raised {
			break
		}
	}
	if !keepGo {
		s.raiseGoToGraph(ctx)
	}
	if s.rootGoVersion() != beforeGo {
		return true, nil
	}
	after := s.Requirements().Roots
	sortedBefore := slices.Clone(before.Roots)
	gover.ModSort(sortedBefore)
	if slices.Equal(after, sortedBefore) {
		return false, nil
	}
	g, err := s.loadGraph(ctx)
	if err != nil && g == nil {
		return false, nil
	}
	for _, n := range all.Pkgs {
		if n.TestOf != nil {
			continue
		}
		if s.isExternal(n) && g.Selected(n.Mod.Path) != n.Mod.Version {
			return true, nil
		}
		if n.Err != nil && !n.Std {
			if _, err := s.importModules(ctx, n.Path); err == nil {
				return true, nil
			}
		}
	}
	return false, nil
}

// tidyRootsOf returns the roots a tidy go.mod would have for the
// packages of all, leaving the requirements as they are.
func (s *State) tidyRootsOf(ctx context.Context, all *AllPackages) ([]module.Version, error) {
	saved := s.Requirements()
	savedPruning := s.pruning
	defer func() {
		s.SetRequirements(saved)
		s.pruning = savedPruning
	}()
	if s.pruning == pruned {
		return s.tidyPrunedRoots(ctx, all, saved.Direct)
	}
	return s.tidyUnprunedRoots(ctx, all, saved.Direct)
}
