package modload

import (
	"context"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
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
	return s.cache.Query(ctx, path, vers, modfetch.QueryOptions{
		Current:       current,
		Allowed:       func(v string) bool { return !s.exclude[module.Version{Path: path, Version: v}] },
		SkipRetracted: !modfetch.IsRevisionQuery(path, vers),
	})
}
