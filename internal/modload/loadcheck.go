package modload

import (
	"context"
	"fmt"

	"golang.org/x/mod/module"
)

// CheckLoadedRequirements is go's check, after loading packages in
// -mod=readonly, that go.mod's requirements need no update for what was
// loaded. mods are the modules (outside the main module) providing the
// packages named on the command line or imported, directly or not, by
// a main module's packages.
//
// In a pruned module every such module must be a requirement, and the
// requirements of those modules must not ask for more than go.mod
// says (a spot check; when it fails, or when the full graph was loaded
// anyway, every requirement must be the selected version). In an
// unpruned module every requirement must be the selected version. The
// error, "go: updates to go.mod needed...", ends the command.
func (s *State) CheckLoadedRequirements(ctx context.Context, mods []module.Version) error {
	if s.mode != ModuleMode || s.buildMod != "readonly" || !s.HasModRoot() || len(s.mods) != 1 || s.cfg.NoRoot {
		return nil
	}
	dirty := fmt.Errorf("go: %s", s.goModDirtyText())
	if s.pruning == unpruned {
		g, err := s.loadGraph(ctx)
		if err != nil {
			return nil // reported where the graph is needed
		}
		if s.rootsInconsistent(g.Selected) {
			return dirty
		}
		return nil
	}
	for _, m := range mods {
		if _, ok := s.rootSelected(m.Path); !ok {
			return dirty
		}
	}
	if !s.graphLoaded() && s.spotCheckRoots(mods) {
		return nil
	}
	g, err := s.loadGraph(ctx)
	if err != nil {
		return nil
	}
	if s.rootsInconsistent(g.Selected) {
		return dirty
	}
	return nil
}

// graphLoaded reports whether the module graph has been read already.
// It is called once loading is over, when nothing reads the graph
// concurrently.
func (s *State) graphLoaded() bool {
	return s.graph != nil || s.graphErr != nil
}

// spotCheckRoots reports whether the requirements of the modules mods
// ask for no version above the one go.mod requires of the same path.
func (s *State) spotCheckRoots(mods []module.Version) bool {
	for _, m := range mods {
		sum, err := s.goModSummary(m)
		if err != nil {
			return false
		}
		for _, r := range sum.require {
			if v, ok := s.rootSelected(r.Path); ok && cmpVersion(r.Path, v, r.Version) < 0 {
				return false
			}
		}
	}
	return true
}

// selectedRoots returns the requirements at their selected versions
// and whether that changes any, when the roots may be inconsistent: the
// spot check of mods (the modules packages were loaded from) fails or
// the graph was loaded anyway. Loading must then start over with them.
func (s *State) selectedRoots(ctx context.Context, mods []module.Version) ([]module.Version, bool) {
	roots := s.Requirements().Roots
	if !s.graphLoaded() && s.spotCheckRoots(mods) {
		return roots, false
	}
	g, err := s.loadGraph(ctx)
	if err != nil {
		return roots, false
	}
	changed := false
	for i, r := range roots {
		if s.isMain(r.Path) || r.Path == "go" || r.Path == "toolchain" {
			continue
		}
		if v := g.Selected(r.Path); v != r.Version && v != "none" {
			roots[i].Version = v
			changed = true
		}
	}
	return roots, changed
}

// DirectImportFromImplicitDependencyError is go's error for a package of
// the main module that imports a package from a module go.mod does not
// require (at the version it was loaded from), with -mod=readonly.
type DirectImportFromImplicitDependencyError struct {
	ImporterPath string
	ImportedPath string
	Module       module.Version
}

func (e *DirectImportFromImplicitDependencyError) Error() string {
	return fmt.Sprintf("package %s imports %s from implicitly required module; to add missing requirements, run:\n\tgo get %s@%s", e.ImporterPath, e.ImportedPath, e.Module.Path, e.Module.Version)
}

// CheckDirectImport returns the error go attaches to the main-module
// package importer when it imports the package imported from module
// mod (not a main module) and go.mod does not require mod at that
// version, in -mod=readonly outside a workspace; nil otherwise.
func (s *State) CheckDirectImport(importer, imported string, mod module.Version) error {
	if s.mode != ModuleMode || s.buildMod != "readonly" || !s.HasModRoot() || s.cfg.NoRoot || s.isMain(mod.Path) {
		return nil
	}
	if v, ok := s.rootSelected(mod.Path); !ok || v != mod.Version {
		return &DirectImportFromImplicitDependencyError{ImporterPath: importer, ImportedPath: imported, Module: mod}
	}
	return nil
}
