package modload

import (
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/mod/modfile"
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
	m, root, dir, err := s.findPackageModule(ctx, path, "latest")
	if err != nil {
		var nm *modfetch.NoMatchingVersionError
		if !errors.As(err, &nm) {
			// Report the lookup of the full path, as go does.
			err = fmt.Errorf("module %s: %w", path, err)
		}
		return nil, s.importMissing(path, err)
	}
	if s.cfg.NoRoot {
		// (With -mod=mod outside a module go does not say it.)
		s.warn(fmt.Sprintf("go: found %s in %s %s", path, m.Path, m.Version))
	}
	s.addQueried(m)
	return &Resolved{Dir: dir, Root: root, Module: s.moduleInfo(m, true)}, nil
}

// findPackageModule queries each prefix of path that may be a module
// path at version and returns the longest module providing the package,
// with its root and the package directory. When none does, the error is
// the longest module's (found without the package) or else the query
// error of path itself.
func (s *State) findPackageModule(ctx context.Context, path, version string) (module.Version, string, string, error) {
	var candidates []string
	for prefix := path; prefix != "." && prefix != "/"; prefix = pathpkg.Dir(prefix) {
		if module.CheckPath(prefix) == nil {
			candidates = append(candidates, prefix)
		}
	}
	type result struct {
		mod       module.Version
		root, dir string
		found     bool // the module exists (the package may not)
		err       error
	}
	results := make([]result, len(candidates))
	var wg sync.WaitGroup
	for i, mp := range candidates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[i]
			info, err := s.queryVersion(ctx, mp, version, "none", false)
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
			r.found = true
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
			return r.mod, r.root, r.dir, nil
		}
	}
	for _, r := range results {
		if r.found {
			return module.Version{}, "", "", r.err
		}
	}
	if len(results) == 0 {
		return module.Version{}, "", "", fmt.Errorf("malformed module path %q", path)
	}
	return module.Version{}, "", "", results[0].err
}

// QueryOutsideModule prepares the build of package path at version
// outside any module (go run and go install with pkg@version; the state
// must come from Init with NoRoot): it finds the module providing the
// package, checks that its go.mod has no replace or exclude directive,
// and makes it the root of the build list. arg is the command-line
// argument, which go's errors name.
func (s *State) QueryOutsideModule(ctx context.Context, arg, path, version string) (module.Version, error) {
	m, _, _, err := s.findPackageModule(ctx, path, version)
	if err != nil {
		return module.Version{}, fmt.Errorf("%s: %w", arg, err)
	}
	if msg, err := s.deprecation(ctx, m.Path); err != nil {
		return module.Version{}, fmt.Errorf("%s: %w", arg, err)
	} else if msg != "" {
		s.warn(fmt.Sprintf("go: module %s is deprecated: %s", m.Path, msg))
	}
	data, err := s.cache.GoMod(m)
	if err != nil {
		return module.Version{}, fmt.Errorf("%s: %w", arg, err)
	}
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return module.Version{}, fmt.Errorf("%s (in %s): %w", arg, m, err)
	}
	const directive = "%s (in %s):\n" +
		"\tThe go.mod file for the module providing named packages contains one or\n" +
		"\tmore %s directives. It must not contain directives that would cause\n" +
		"\tit to be interpreted differently than if it were the main module."
	if len(f.Replace) > 0 {
		return module.Version{}, fmt.Errorf(directive, arg, m, "replace")
	}
	if len(f.Exclude) > 0 {
		return module.Version{}, fmt.Errorf(directive, arg, m, "exclude")
	}
	s.addQueried(m)
	return m, nil
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

// deprecation returns the deprecation message of module path (from the
// go.mod of its latest version, retracted versions included), shortened
// as go prints it, or "".
func (s *State) deprecation(ctx context.Context, path string) (string, error) {
	if r := s.Replacement(module.Version{Path: path}); r.Path != "" {
		return "", nil
	}
	info, err := s.cache.Query(ctx, path, "latest", modfetch.QueryOptions{})
	if err != nil {
		var nm *modfetch.NoMatchingVersionError
		if errors.As(err, &nm) {
			return "", nil
		}
		return "", err
	}
	sum, err := s.rawSummary(s.resolveReplacement(module.Version{Path: path, Version: info.Version}))
	if err != nil && sum == nil {
		return "", err
	}
	return shortMessage(sum.deprecated), nil
}

// shortMessage is the first line of an author's message, or a note
// when it is too long or not printable.
func shortMessage(msg string) string {
	if i := strings.Index(msg, "\n"); i >= 0 {
		msg = msg[:i]
	}
	msg = strings.TrimSpace(msg)
	if len(msg) > 500 {
		return "(message omitted: too long)"
	}
	for _, r := range msg {
		if !unicode.IsGraphic(r) && !unicode.IsSpace(r) {
			return "(message omitted: contains non-printable characters)"
		}
	}
	return msg
}
