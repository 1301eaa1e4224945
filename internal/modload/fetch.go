package modload

import (
	"context"
	"errors"
	"io/fs"
	"runtime"

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
func (s *State) queryVersion(ctx context.Context, path, vers, current string, reuse *wire.Module) (*modfetch.RevInfo, error) {
	if gover.IsToolchain(path) || s.cache.GOPROXY == "off" && module.CanonicalVersion(vers) == vers && gover.ModIsValid(path, vers) {
		info, err := s.queryExact(path, vers)
		if err != nil {
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
	return s.cache.Query(ctx, path, vers, modfetch.QueryOptions{
		Reuse:         old,
		Current:       current,
		Allowed:       func(v string) bool { return !s.exclude[module.Version{Path: path, Version: v}] },
		SkipRetracted: !modfetch.IsRevisionQuery(path, vers),
	})
}

// addNetworkInfo fills in what 'go list -m -u' and '-versions' ask the
// proxies for: the available upgrade and the list of versions, leaving
// out excluded and (unless -retracted) retracted versions.
func (s *State) addNetworkInfo(ctx context.Context, mods []*wire.Module, opts ListOptions) {
	if !opts.Update && !opts.Versions {
		return
	}
	q := par.NewQueue(runtime.GOMAXPROCS(0))
	for _, m := range mods {
		if m.Path == "" || gover.IsToolchain(m.Path) {
			continue
		}
		q.Add(func() {
			allowed := func(v string) bool { return !s.exclude[module.Version{Path: m.Path, Version: v}] }
			if opts.Update && m.Version != "" && !m.Main {
				info, err := s.cache.Query(ctx, m.Path, "upgrade", modfetch.QueryOptions{Current: m.Version, Allowed: allowed, SkipRetracted: true})
				switch {
				case err == nil:
					if gover.ModCompare(m.Path, info.Version, m.Version) > 0 {
						t := info.Time
						m.Update = &wire.Module{Path: m.Path, Version: info.Version, Time: &t}
					}
				case errors.Is(err, fs.ErrNotExist):
				default:
					if m.Error == nil {
						m.Error = &wire.ModuleError{Err: err.Error()}
					}
				}
			}
			if opts.Versions {
				list, err := s.cache.Versions(ctx, m.Path)
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
		})
	}
	q.Wait()
}
