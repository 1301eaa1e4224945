package modload

import (
	"errors"
	"fmt"
	"sort"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/wire"
)

// addVersions fills in Versions for 'go list -m -versions' (and for the
// replacements of the listed modules), or records why the versions are
// unknown in Module.Error when the module has no error yet.
func (s *State) addVersions(mods []*wire.Module, listRetracted bool) {
	add := func(m *wire.Module) {
		v, err := s.versions(m.Path, listRetracted)
		if err != nil && m.Error == nil {
			m.Error = &wire.ModuleError{Err: err.Error()}
		}
		m.Versions = v
	}
	for _, m := range mods {
		add(m)
		if m.Replace != nil {
			add(m.Replace)
		}
	}
}

// versions lists the known versions of the module path without
// fetching anything: the module proxy is not consulted (with GOPROXY=off
// go fails the same way), but versions named on the left of the main
// modules' replace directives are known, as go lists them when the
// proxy has nothing. Excluded versions are left out, and so are
// retracted ones unless listRetracted.
func (s *State) versions(path string, listRetracted bool) ([]string, error) {
	if path != "go" && path != "toolchain" {
		if err := module.CheckPath(path); err != nil {
			return nil, err
		}
	}
	repoErr := s.cache.LookupError()
	if _, ok := s.highestRepl[path]; !ok || !errors.Is(repoErr, modfetch.ErrLookupDisabled) {
		return nil, repoErr
	}
	var list []string
	for old := range s.replace {
		if old.Path == path && old.Version != "" && !module.IsPseudoVersion(old.Version) {
			list = append(list, old.Version)
		}
	}
	sort.Slice(list, func(i, j int) bool { return gover.ModCompare(path, list[i], list[j]) < 0 })
	list = uniq(list)
	var out []string
	for _, v := range list {
		m := module.Version{Path: path, Version: v}
		if s.exclude[m] {
			continue
		}
		if !listRetracted {
			retracted, err := s.replacedRetracted(m, list)
			if err != nil {
				return nil, err
			}
			if retracted {
				continue
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// replacedRetracted reports whether m is retracted by the go.mod of the
// latest known version of its module, all of which are replacements
// here. A replacement of every version of the module cannot be
// retracted.
func (s *State) replacedRetracted(m module.Version, known []string) (bool, error) {
	if r := s.Replacement(module.Version{Path: m.Path}); r.Path != "" {
		return false, nil
	}
	latest := module.Version{Path: m.Path, Version: known[len(known)-1]}
	sum, err := s.rawSummary(s.resolveReplacement(latest))
	if err != nil {
		var me *module.ModuleError
		if errors.As(err, &me) {
			err = me.Err
		}
		return false, fmt.Errorf("loading module retractions for %v: %v", m, err)
	}
	for _, r := range sum.retract {
		if semver.Compare(r.Low, m.Version) <= 0 && semver.Compare(m.Version, r.High) <= 0 {
			return true, nil
		}
	}
	return false, nil
}

func uniq(list []string) []string {
	out := list[:0]
	for i, v := range list {
		if i == 0 || v != list[i-1] {
			out = append(out, v)
		}
	}
	return out
}
