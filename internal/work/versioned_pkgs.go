package work

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/load"
	"gocmd/internal/search"
	"gocmd/internal/wire"
)

// CheckVersionedPackages applies the rules of pkg@version installs and
// runs to the loaded packages: each must come from root, and (mainOnly)
// be a main package; packages matched only by a "..." pattern that are
// not main are dropped with a warning per pattern.
func (s *Session) CheckVersionedPackages(pkgs []*load.Package, patterns []string, root module.Version, mainOnly bool) []*load.Package {
	fail := func(p *load.Package, err error) {
		if p.Error == nil {
			p.Error = &wire.PackageError{Err: err}
			p.Incomplete = true
		}
	}
	for _, p := range pkgs {
		switch {
		case p.Module == nil:
			fail(p, fmt.Errorf("package %s not provided by module %s", p.ImportPath, root))
		case p.Module.Path != root.Path || p.Module.Version != root.Version:
			fail(p, fmt.Errorf("package %s provided by module %s@%s\n\tAll packages must be provided by the same module (%s).", p.ImportPath, p.Module.Path, p.Module.Version, root))
		}
	}
	if !mainOnly {
		return pkgs
	}
	var out []*load.Package
	for _, p := range pkgs {
		if p.Error != nil || p.Name == "main" {
			out = append(out, p)
			continue
		}
		literal := false
		for _, pat := range patterns {
			if pat == p.ImportPath {
				literal = true
			}
		}
		if literal {
			fail(p, errors.New("package "+p.ImportPath+" is not a main package"))
			out = append(out, p)
		}
	}
	for _, pat := range patterns {
		if !strings.Contains(pat, "...") {
			continue
		}
		match := search.MatchPattern(pat)
		any, anyMain := false, false
		for _, p := range pkgs {
			if match(p.ImportPath) {
				any = true
				if p.Name == "main" {
					anyMain = true
				}
			}
		}
		if any && !anyMain {
			fmt.Fprintf(s.Inv.Stderr, "go: warning: %q matched only non-main packages\n", pat)
		}
	}
	return out
}
