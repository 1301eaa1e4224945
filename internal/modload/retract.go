package modload

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/par"
	"gocmd/internal/wire"
)

// addRetractions fills in Retracted for the listed modules (go list -m
// with -retracted or -u): the rationales of the retract directives of
// the module's latest version that cover the listed version. A replaced
// module reports what its replacement says.
func (s *State) addRetractions(ctx context.Context, mods []*wire.Module) {
	q := par.NewQueue(runtime.GOMAXPROCS(0))
	for _, m := range mods {
		if m.Main || gover.IsToolchain(m.Path) {
			continue
		}
		q.Add(func() {
			if m.Replace != nil {
				s.addRetraction(ctx, m.Replace)
				m.Retracted = m.Replace.Retracted
				return
			}
			s.addRetraction(ctx, m)
		})
	}
	q.Wait()
}

func (s *State) addRetraction(ctx context.Context, m *wire.Module) {
	if m.Version == "" {
		return
	}
	rationale, err := s.retractions(ctx, module.Version{Path: m.Path, Version: m.Version})
	var noMatch *modfetch.NoMatchingVersionError
	switch {
	case err == nil:
		m.Retracted = rationale
	case errors.As(err, &noMatch) || errors.Is(err, fs.ErrNotExist):
		// The proxy knows no version: nothing to say.
	case m.Error == nil:
		var me *module.ModuleError
		if errors.As(err, &me) {
			err = me.Err
		}
		m.Error = &wire.ModuleError{Err: fmt.Sprintf("loading module retractions for %v: %v", module.Version{Path: m.Path, Version: m.Version}, err)}
	}
}

// retractions returns why m is retracted (nil if it is not): the
// rationales of the matching retract directives in the go.mod of the
// module's latest version (retracted versions included, exclusions
// ignored), or go's default text when none gives one.
func (s *State) retractions(ctx context.Context, m module.Version) ([]string, error) {
	if r := s.Replacement(module.Version{Path: m.Path}); r.Path != "" {
		return nil, nil // every version is replaced
	}
	info, err := s.cache.Query(ctx, m.Path, "latest", modfetch.QueryOptions{})
	if err != nil {
		return nil, err
	}
	latest := s.resolveReplacement(module.Version{Path: m.Path, Version: info.Version})
	sum, err := s.rawSummary(latest)
	if err != nil && sum == nil {
		return nil, err
	}
	var why []string
	retracted := false
	for _, r := range sum.retract {
		if gover.ModCompare(m.Path, r.Low, m.Version) <= 0 && gover.ModCompare(m.Path, m.Version, r.High) <= 0 {
			retracted = true
			if r.Rationale != "" {
				why = append(why, r.Rationale)
			}
		}
	}
	if retracted && len(why) == 0 {
		why = []string{"retracted by module author"}
	}
	return why, nil
}
