package modload

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/par"
	"gocmd/internal/wire"
)

// This file holds the points where modload hands over to modfetch for
// modules it must fetch over the network.

// Fetcher returns the module cache of the invocation, which downloads
// what is missing (go mod download uses it directly).
func (s *State) Fetcher() *modfetch.Cache { return s.cache }

// Sums returns the invocation's go.sum checksums; Sums().Added() lists
// the hashes verified during the invocation that go.sum lacks.
func (s *State) Sums() *modfetch.Sums { return s.sums }

// queryVersion resolves a path@version argument through the module
// proxies (modfetch.Query): exclusions and, for version ranges,
// retractions rule versions out.
func (s *State) queryVersion(ctx context.Context, path, vers, current string) (*modfetch.RevInfo, error) {
	return s.queryVersionReuse(ctx, path, vers, current, nil, false)
}

// queryVersionReuse is queryVersion that answers with reuse, an earlier
// answer (go mod download -reuse), when its origin still holds.
// With allowRetracted (go list -m -retracted) retracted versions may be
// chosen too.
func (s *State) queryVersionReuse(ctx context.Context, path, vers, current string, reuse *wire.Module, allowRetracted bool) (*modfetch.RevInfo, error) {
	if s.buildMod == "vendor" {
		// The module graph is incomplete: no queries.
		if s.buildModReason != "" {
			return nil, fmt.Errorf("cannot query module due to -mod=%s\n\t(%s)", s.buildMod, s.buildModReason)
		}
		return nil, fmt.Errorf("cannot query module due to -mod=%s", s.buildMod)
	}
	if gover.IsToolchain(path) || s.cache.GOPROXY == "off" && module.CanonicalVersion(vers) == vers && gover.ModIsValid(path, vers) {
		info, err := s.queryExact(path, vers)
		if err != nil {
			if !gover.IsToolchain(path) && s.Replacement(module.Version{Path: path, Version: vers}).Path != "" {
				// A replaced version needs no proxy to exist.
				rev := &modfetch.RevInfo{Version: vers}
				if module.IsPseudoVersion(vers) {
					rev.Time, _ = module.PseudoVersionTime(vers)
				}
				return rev, nil
			}
			return nil, err
		}
		return &modfetch.RevInfo{Version: info.Version, Time: info.Time}, nil
	}
	if s.isMain(path) && (vers == "upgrade" || vers == "patch") {
		return &modfetch.RevInfo{}, nil
	}
	var old *modfetch.RevInfo
	if reuse != nil {
		old = &modfetch.RevInfo{Version: reuse.Version, Origin: reuse.Origin}
		if reuse.Time != nil {
			old.Time = *reuse.Time
		}
	}
	opts := modfetch.QueryOptions{
		Reuse:         old,
		Current:       current,
		Allowed:       func(v string) bool { return !s.exclude[module.Version{Path: path, Version: v}] },
		SkipRetracted: !allowRetracted && !modfetch.IsRevisionQuery(path, vers),
	}
	s.addReplacedQueryOptions(path, &opts)
	return s.cache.Query(ctx, path, vers, opts)
}

// addNetworkInfo fills in what 'go list -m -u', '-versions' and
// '-retracted' ask the proxies for: the available upgrade, the list of
// versions (leaving out excluded and, unless -retracted, retracted
// ones), retraction rationales and deprecation notices. Replacements
// get the same treatment as the modules they replace.
func (s *State) addNetworkInfo(ctx context.Context, mods []*wire.Module, opts ListOptions) {
	if !opts.Update && !opts.Versions && !opts.Retracted {
		return
	}
	q := par.NewQueue(runtime.GOMAXPROCS(0))
	add := func(m *wire.Module) {
		if m.Path == "" || gover.IsToolchain(m.Path) || m.Reuse {
			return
		}
		q.Add(func() {
			if opts.Update {
				s.addUpdate(ctx, m)
			}
			if opts.Versions {
				allowed := func(v string) bool { return !s.exclude[module.Version{Path: m.Path, Version: v}] }
				list, err := s.cache.Versions(ctx, m.Path)
				if _, replaced := s.highestRepl[m.Path]; replaced {
					// Versions on the left of replace directives count.
					for old := range s.replace {
						if old.Path == m.Path && old.Version != "" && !module.IsPseudoVersion(old.Version) {
							list = append(list, old.Version)
						}
					}
					sort.Slice(list, func(i, j int) bool { return gover.ModCompare(m.Path, list[i], list[j]) < 0 })
					list = uniq(list)
					if errors.Is(err, fs.ErrNotExist) {
						err = nil
					}
				}
				if err != nil && m.Error == nil {
					m.Error = &wire.ModuleError{Err: err.Error()}
				}
				var keep []string
				for _, v := range list {
					if allowed(v) && (opts.Retracted || !s.cache.IsRetracted(ctx, m.Path, v)) {
						keep = append(keep, v)
					}
				}
				m.Versions = keep
			}
			if opts.Update || opts.Retracted {
				s.addRetraction(ctx, m)
			}
			if opts.Update {
				s.addDeprecation(ctx, m)
			}
		})
	}
	for _, m := range mods {
		add(m)
		if m.Replace != nil {
			add(m.Replace)
		}
	}
	q.Wait()
	if opts.Update || opts.Retracted {
		// As with GoMod, a module replaced by another module version
		// shows the replacement's retractions.
		for _, m := range mods {
			if m.Replace != nil && m.Replace.Version != "" {
				m.Retracted = m.Replace.Retracted
			}
		}
	}
}

// ignorableQueryError reports errors that only mean the proxy has no
// (allowed) version to offer.
func ignorableQueryError(err error) bool {
	var nm *modfetch.NoMatchingVersionError
	return errors.As(err, &nm) || errors.Is(err, fs.ErrNotExist)
}

func (s *State) addUpdate(ctx context.Context, m *wire.Module) {
	if m.Version == "" || m.Main {
		return
	}
	info, err := s.queryVersion(ctx, m.Path, "upgrade", m.Version)
	if err != nil {
		if !ignorableQueryError(err) && m.Error == nil {
			m.Error = &wire.ModuleError{Err: err.Error()}
		}
		return
	}
	if gover.ModCompare(m.Path, info.Version, m.Version) > 0 {
		t := info.Time
		m.Update = &wire.Module{Path: m.Path, Version: info.Version, Time: &t}
	}
}

func (s *State) addRetraction(ctx context.Context, m *wire.Module) {
	if m.Version == "" {
		return
	}
	err := s.Retraction(ctx, module.Version{Path: m.Path, Version: m.Version})
	var re *RetractedError
	switch {
	case err == nil || ignorableQueryError(err):
	case errors.As(err, &re):
		if len(re.Rationale) == 0 {
			m.Retracted = []string{"retracted by module author"}
		} else {
			m.Retracted = re.Rationale
		}
	case m.Error == nil:
		var me *module.ModuleError
		if errors.As(err, &me) && me == err {
			err = me.Err
		}
		m.Error = &wire.ModuleError{Err: fmt.Sprintf("loading module retractions for %v: %v", module.Version{Path: m.Path, Version: m.Version}, err)}
	}
}

func (s *State) addDeprecation(ctx context.Context, m *wire.Module) {
	msg, err := s.Deprecation(ctx, module.Version{Path: m.Path, Version: m.Version})
	if err != nil {
		if !ignorableQueryError(err) && m.Error == nil {
			m.Error = &wire.ModuleError{Err: fmt.Sprintf("loading deprecation for %s: %v", m.Path, err)}
		}
		return
	}
	m.Deprecated = msg
}
