package modload

import (
	"context"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
)

// CheckStdImport reports the error go gives for an import of the
// standard package path (found in stdDir) that a main module, a
// requirement or (with -mod=vendor) the vendor directory also provides:
// an *AmbiguousImportError listing every copy, the standard library's
// last. It returns nil when only the standard library has the package.
func (s *State) CheckStdImport(ctx context.Context, path, stdDir string) error {
	if s.mode == GOPATHMode {
		return nil
	}
	if s.buildMod == "vendor" {
		dirs := []string{stdDir}
		for _, m := range s.mods {
			if m.root == "" {
				continue
			}
			if dir, ok, _ := s.dirInModule(path, m.mod.Path, m.root, true); ok {
				dirs = append(dirs, dir)
			}
		}
		if vdir := s.VendorDir(); s.HasModRoot() && vdir != "" {
			if dir, ok, _ := s.dirInModule(path, "", vdir, false); ok {
				v, err := s.vendorList()
				if err != nil {
					return err
				}
				if _, listed := v.pkgMod[path]; listed || gover.Compare(s.GoVersion(), gover.ExplicitModulesTxtImportVersion) < 0 {
					dirs = append(dirs, dir)
				}
			}
		}
		if len(dirs) > 1 {
			return &AmbiguousImportError{Path: path, Dirs: dirs}
		}
		return nil
	}
	g, err := s.importGraph(ctx)
	if err != nil {
		return err
	}
	mods := []module.Version{{}}
	dirs := []string{stdDir}
	for _, m := range prefixModules(g, path) {
		root, isLocal, err := s.fetch(m)
		if err != nil {
			continue
		}
		if dir, ok, _ := s.dirInModule(path, m.Path, root, isLocal); ok {
			mods = append(mods, m)
			dirs = append(dirs, dir)
		}
	}
	if len(mods) == 1 {
		return nil
	}
	reverse(mods)
	reverse(dirs)
	return &AmbiguousImportError{Path: path, Dirs: dirs, Modules: mods}
}
