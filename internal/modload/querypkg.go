package modload

import (
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"sort"
	"sync"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// This file resolves imports that no module of the build list provides
// when go may look them up without writing go.mod: outside any main
// module with -mod=mod. The module providing the package at its latest
// version joins the build list (with its requirements) for the rest of
// the invocation.

// queriedRoots are the modules added by package queries.
type queriedRoots struct {
	mu   sync.Mutex
	mods map[string]string // path -> version
}

func (q *queriedRoots) selected(path string) (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	v, ok := q.mods[path]
	return v, ok
}

// mayQueryPackages reports whether a missing import is looked up.
func (s *State) mayQueryPackages() bool {
	return !s.HasModRoot() && s.buildMod == "mod" && !s.inWorkspace() && !errors.Is(s.cache.LookupError(), modfetch.ErrLookupDisabled)
}

// queryPackage finds the module providing path at its latest version,
// adds it to the build list and returns where the package is.
func (s *State) queryPackage(ctx context.Context, path string) (*Resolved, error) {
	s.warn("go: finding module for package " + path)
	var candidates []string
	for prefix := path; prefix != "." && prefix != "/"; prefix = pathpkg.Dir(prefix) {
		if module.CheckPath(prefix) == nil {
			candidates = append(candidates, prefix)
		}
	}
	type result struct {
		mod       module.Version
		root, dir string
		err       error
	}
	results := make([]result, len(candidates))
	var wg sync.WaitGroup
	for i, mp := range candidates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[i]
			info, err := s.cache.Query(ctx, mp, "latest", modfetch.QueryOptions{SkipRetracted: true})
			if err != nil {
				r.err = err
				return
			}
			r.mod = module.Version{Path: mp, Version: info.Version}
			root, err := s.cache.Download(r.mod, s.sums)
			if err != nil {
				r.err = err
				return
			}
			dir, ok, err := s.dirInModule(path, mp, root, false)
			if err != nil {
				r.err = err
				return
			}
			if !ok {
				r.err = fmt.Errorf("module %s@%s found, but does not contain package %s", mp, info.Version, path)
				return
			}
			r.root, r.dir = root, dir
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r.err == nil {
			// (Outside a module go does not say "go: found ...".)
			s.addQueried(r.mod)
			return &Resolved{Dir: r.dir, Root: r.root, Module: s.moduleInfo(r.mod, true)}, nil
		}
	}
	var queryErr error
	if len(results) > 0 {
		queryErr = results[0].err
	}
	var nm *modfetch.NoMatchingVersionError
	if queryErr != nil && !errors.As(queryErr, &nm) {
		// Report the lookup of the full path, as go does.
		queryErr = fmt.Errorf("module %s: %w", candidates[0], queryErr)
	}
	return nil, s.importMissing(path, queryErr)
}

// addQueried adds m and the modules it requires (all of them when its
// go.mod predates graph pruning) to the queried roots, keeping the
// highest version of each path.
func (s *State) addQueried(m module.Version) {
	q := &s.queried
	add := func(m module.Version) bool {
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.mods == nil {
			q.mods = map[string]string{}
		}
		if old, ok := q.mods[m.Path]; ok && gover.ModCompare(m.Path, old, m.Version) >= 0 {
			return false
		}
		q.mods[m.Path] = m.Version
		return true
	}
	var walk func(m module.Version, deep bool)
	walk = func(m module.Version, deep bool) {
		if gover.IsToolchain(m.Path) || !add(m) {
			return
		}
		sum, err := s.goModSummary(m)
		if err != nil {
			return
		}
		reqs := append([]module.Version(nil), sum.require...)
		sort.Slice(reqs, func(i, j int) bool { return reqs[i].Path < reqs[j].Path })
		for _, r := range reqs {
			if deep || sum.pruning == unpruned {
				walk(r, sum.pruning == unpruned)
			} else if !gover.IsToolchain(r.Path) {
				add(r)
			}
		}
	}
	walk(m, true)
}
