package modload

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/modfetch"
)

// versionFixer returns the modfile.VersionFixer go parses a main
// module's go.mod with. Canonical versions are checked against the
// path's major version; anything else (a branch, a commit, "latest", a
// version prefix) is resolved through the proxies, and *fixed is set
// when a version had to change, so that the file counts as needing an
// update. With a fixer, modfile also checks retract directives.
func (s *State) versionFixer(ctx context.Context, fixed *bool) modfile.VersionFixer {
	return func(path, vers string) (string, error) {
		resolved, err := s.fixVersion(ctx, path, vers)
		if err == nil && resolved != vers {
			*fixed = true
		}
		return resolved, err
	}
}

func (s *State) fixVersion(ctx context.Context, path, vers string) (string, error) {
	// Versions written by the old gopkg.in conversion carry a prefix.
	if strings.HasPrefix(path, "gopkg.in/") {
		if _, after, ok := strings.Cut(vers, "-gopkgin-"); ok {
			vers = after
		}
	}
	_, pathMajor, ok := module.SplitPathVersion(path)
	if !ok {
		return "", &module.ModuleError{Path: path, Err: &module.InvalidVersionError{
			Version: vers,
			Err:     fmt.Errorf("malformed module path %q", path),
		}}
	}
	if vers != "" && module.CanonicalVersion(vers) == vers {
		if err := module.CheckPathMajor(vers, pathMajor); err != nil {
			return "", module.VersionError(module.Version{Path: path, Version: vers}, err)
		}
		return vers, nil
	}
	if s.cache == nil {
		return "", s.lookupDisabledError(path, vers)
	}
	info, err := s.cache.Query(ctx, path, vers, modfetch.QueryOptions{})
	if err != nil {
		return "", err
	}
	return info.Version, nil
}

// lookupDisabledError is the error for a version that would need a
// lookup where none can be made.
func (s *State) lookupDisabledError(path, vers string) error {
	return module.VersionError(module.Version{Path: path, Version: vers}, modfetch.ErrLookupDisabled)
}
