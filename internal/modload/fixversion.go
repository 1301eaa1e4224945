package modload

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// versionFixer returns the modfile.VersionFixer go applies to the main
// modules' go.mod files: a version that is not canonical (a commit
// hash, a branch, "v1.2") is resolved by a query to the version it
// names, and go.mod then needs rewriting. Resolutions are remembered
// in fixes, so that re-reading the file gives the same answers. fixed
// is set when any version changed.
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
	// The old gopkg.in hack: v1.2.3-gopkgin-v1.2.3.
	if strings.HasPrefix(path, "gopkg.in/") && strings.Contains(vers, "-gopkgin-") {
		vers = vers[strings.Index(vers, "-gopkgin-")+len("-gopkgin-"):]
	}
	_, pathMajor, ok := module.SplitPathVersion(path)
	if !ok {
		return "", &module.ModuleError{
			Path: path,
			Err:  &module.InvalidVersionError{Version: vers, Err: fmt.Errorf("malformed module path %q", path)},
		}
	}
	if vers != "" && module.CanonicalVersion(vers) == vers {
		if err := module.CheckPathMajor(vers, pathMajor); err != nil {
			return "", module.VersionError(module.Version{Path: path, Version: vers}, err)
		}
		return vers, nil
	}
	key := module.Version{Path: path, Version: vers}
	if v, ok := s.fixes[key]; ok {
		return v, nil
	}
	if s.cache == nil {
		return vers, nil
	}
	info, err := s.queryVersionReuse(ctx, path, vers, "", nil, true)
	if err != nil {
		return "", err
	}
	if s.fixes == nil {
		s.fixes = map[module.Version]string{}
	}
	s.fixes[key] = info.Version
	return info.Version, nil
}

// parseMainModFile parses a main module's go.mod with the versions go
// resolved when reading it (see versionFixer).
func (s *State) parseMainModFile(gomod string, data []byte) (*modfile.File, error) {
	var fixed bool
	return modfile.Parse(gomod, data, s.versionFixer(context.Background(), &fixed))
}
