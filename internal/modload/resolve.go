package modload

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	pathpkg "path"
	"sort"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// queryNotFoundText is PackageNotInModuleError's text for a module
// version found by a query.
func (e *PackageNotInModuleError) queryNotFoundText() string {
	found := ""
	if r := e.Replacement; r.Path != "" {
		repl := r.Path
		if r.Version != "" {
			repl = r.Path + "@" + r.Version
		}
		if e.Query == e.Mod.Version {
			found = fmt.Sprintf(" (replaced by %s)", repl)
		} else {
			found = fmt.Sprintf(" (%s, replaced by %s)", e.Mod.Version, repl)
		}
	} else if e.Query != e.Mod.Version {
		found = fmt.Sprintf(" (%s)", e.Mod.Version)
	}
	if strings.Contains(e.Pattern, "...") {
		return fmt.Sprintf("module %s@%s found%s, but does not contain packages matching %s", e.Mod.Path, e.Query, found, e.Pattern)
	}
	return fmt.Sprintf("module %s@%s found%s, but does not contain package %s", e.Mod.Path, e.Query, found, e.Pattern)
}

// queryMissing looks up the module to add for a package that no module
// in the build list provides: a replaced module that has it, or the
// latest version of the longest module path prefix that has it.
func (s *State) queryMissing(ctx context.Context, path string) (module.Version, error) {
	repl, err := s.replacedCandidates(ctx, path)
	if err != nil {
		return module.Version{}, err
	}
	for _, m := range repl {
		root, isLocal, err := s.fetch(m)
		if err != nil {
			var sme *sumMissingError
			if errors.As(err, &sme) {
				return module.Version{}, &ImportMissingSumError{Path: path}
			}
			return module.Version{}, err
		}
		if _, ok, err := s.dirInModule(path, m.Path, root, isLocal); err != nil {
			return module.Version{}, err
		} else if ok {
			return m, nil
		}
	}
	if len(repl) > 0 && module.CheckPath(path) != nil {
		return module.Version{}, &PackageNotInModuleError{Mod: repl[0], Query: "latest", Pattern: path, Replacement: s.Replacement(repl[0])}
	}
	if isStandardImportPath(path) {
		// Reserved for the standard library: no module can have it.
		e := s.importMissing(path, nil)
		e.IsStd = true
		return module.Version{}, e
	}

	s.warn("go: finding module for package " + path)
	if err := s.cache.LookupError(); errors.Is(err, modfetch.ErrLookupDisabled) {
		return module.Version{}, s.importMissing(path, err)
	}
	g, err := s.loadGraph(ctx)
	if err != nil {
		return module.Version{}, err
	}
	var (
		found       []module.Version
		noPackage   *PackageNotInModuleError
		notExistErr error
		otherErr    error
		invalidPath error
	)
	for prefix := path; prefix != "."; prefix = pathpkg.Dir(prefix) {
		if err := module.CheckPath(prefix); err != nil {
			var ip *module.InvalidPathError
			if errors.As(err, &ip) && invalidPath == nil {
				invalidPath = err
			}
			continue
		}
		info, err := s.queryVersion(ctx, prefix, "latest", "")
		if err != nil && errors.Is(err, fs.ErrNotExist) {
			// A replaced version stands in for what the proxy lacks.
			if v, ok := s.highestRepl[prefix]; ok && v != "" {
				info, err = &modfetch.RevInfo{Version: v}, nil
			}
		}
		if err == nil {
			m := module.Version{Path: prefix, Version: info.Version}
			var root string
			var isLocal, ok bool
			root, isLocal, err = s.fetch(m)
			if err == nil {
				_, ok, err = s.dirInModule(path, prefix, root, isLocal)
				if err == nil && !ok {
					err = &PackageNotInModuleError{Mod: m, Replacement: s.Replacement(m), Query: "latest", Pattern: path}
				}
			}
			if err == nil {
				found = append(found, m)
				continue
			}
		}
		var pn *PackageNotInModuleError
		switch {
		case errors.As(err, &pn):
			if noPackage == nil {
				noPackage = pn
			}
		case errors.Is(err, fs.ErrNotExist):
			if notExistErr == nil {
				notExistErr = err
			}
		default:
			if otherErr == nil {
				otherErr = err
			}
		}
	}
	if len(found) == 0 {
		err := otherErr
		switch {
		case otherErr != nil:
		case noPackage != nil:
			err = noPackage
		case invalidPath != nil:
			err = invalidPath
		case notExistErr != nil:
			err = notExistErr
		default:
			err = fmt.Errorf("no module found")
		}
		if errors.Is(err, fs.ErrNotExist) {
			e := s.importMissing(path, err)
			return module.Version{}, e
		}
		return module.Version{}, err
	}
	missingAt := ""
	for i, m := range found {
		if v := g.Selected(m.Path); v != "none" && gover.ModCompare(m.Path, v, m.Version) > 0 {
			if i == 0 {
				missingAt = v
			}
			continue
		}
		return m, nil
	}
	e := s.importMissing(path, nil)
	e.Module = found[0]
	e.NewMissingVersion = missingAt
	return module.Version{}, e
}

// replacedCandidates returns the replaced modules that may provide
// path and whose replaced version is above the selected one, longest
// module path first: a module lookup tries them before any query.
func (s *State) replacedCandidates(ctx context.Context, path string) ([]module.Version, error) {
	var repl []module.Version
	for mp, mv := range s.highestRepl {
		if !maybeInModule(path, mp) {
			continue
		}
		if mv == "" {
			if _, major, ok := module.SplitPathVersion(mp); ok && len(major) > 0 {
				mv = module.ZeroPseudoVersion(major[1:])
			} else {
				mv = module.ZeroPseudoVersion("v0")
			}
		}
		g, err := s.loadGraph(ctx)
		if err != nil {
			return nil, err
		}
		if cmpVersion(mp, g.Selected(mp), mv) >= 0 {
			continue
		}
		repl = append(repl, module.Version{Path: mp, Version: mv})
	}
	sort.Slice(repl, func(i, j int) bool { return len(repl[i].Path) > len(repl[j].Path) })
	return repl, nil
}

// addMissingImport resolves an import no module in the build list
// provides by adding a requirement on the module that has it (-mod=mod),
// as go does when loading packages; s.importMu is held.
func (s *State) addMissingImport(ctx context.Context, path string) (*Resolved, error) {
	s.deferQuery = true
	qerr := s.queryImport(ctx, path)
	s.deferQuery = false
	var me *ImportMissingError
	if !errors.As(qerr, &me) || !me.needQuery {
		return nil, qerr
	}
	m, err := s.queryMissing(ctx, path)
	if err != nil {
		return nil, err
	}
	if !s.lookupOutsideModule() {
		// (With -mod=mod outside a module go does not say it.)
		s.warn(fmt.Sprintf("go: found %s in %s %s", path, m.Path, m.Version))
	}
	req := s.Requirements()
	req.Roots = upsert(req.Roots, m)
	if err := s.installRoots(ctx, req, map[module.Version]string{m: path}); err != nil {
		return nil, err
	}
	s.deferQuery = true
	defer func() { s.deferQuery = false }()
	return s.importModules(ctx, path)
}
