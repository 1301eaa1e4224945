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
	// Replaced but unrequired modules come first.
	var replPaths []string
	for mp := range s.highestRepl {
		if maybeInModule(path, mp) {
			replPaths = append(replPaths, mp)
		}
	}
	sort.Slice(replPaths, func(i, j int) bool { return len(replPaths[i]) > len(replPaths[j]) })
	for _, mp := range replPaths {
		mv := s.highestRepl[mp]
		if mv == "" {
			if _, major, ok := module.SplitPathVersion(mp); ok && len(major) > 0 {
				mv = module.ZeroPseudoVersion(major[1:])
			} else {
				mv = module.ZeroPseudoVersion("v0")
			}
		}
		m := module.Version{Path: mp, Version: mv}
		root, isLocal, err := s.fetch(m)
		if err != nil {
			continue
		}
		if _, ok, _ := s.dirInModule(path, mp, root, isLocal); ok {
			return m, nil
		}
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
