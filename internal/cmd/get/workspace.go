package get

import (
	"fmt"
	"path/filepath"
	"slices"

	"golang.org/x/mod/module"

	"gocmd/internal/modload"
)

// workspaceState returns, when the main module belongs to the workspace
// around it (its go.work), the module state of that workspace with the
// main module's requirements replaced by final; otherwise nil. go get
// edits only the main module, but checks that the workspace still loads
// (a workspace module may provide packages no release has) and reports
// deprecations and retractions as the workspace sees them.
func (g *getter) workspaceState(final []module.Version, direct map[string]bool) (*modload.State, error) {
	mm := g.ms.MainModules()
	if len(mm) != 1 || !slices.Contains(g.workMods, mm[0].Path) {
		return nil, nil
	}
	g.ms.SetRequirements(modload.Requirements{Roots: final, Direct: direct})
	_, after, _, err := g.ms.UpdatedGoMod(modload.WriteOpts{})
	if err != nil {
		return nil, fmt.Errorf("go: %w", err)
	}
	cfg := modload.Config{
		Env:          g.inv.Env,
		Dir:          g.inv.Dir,
		Flags:        &g.flags.BuildFlags,
		GOFLAGS:      g.inv.GOFLAGS,
		ForceModules: true,
		CmdName:      "get",
		Warn:         g.warn,
	}
	if after != nil {
		gomod := mm[0].GoMod
		if !filepath.IsAbs(gomod) {
			gomod = filepath.Join(g.inv.Dir, gomod)
		}
		cfg.GoModOverride = map[string][]byte{gomod: after}
	}
	ws, err := modload.Init(g.ctx, cfg)
	if err != nil {
		return nil, err
	}
	ws.NoImportLookups()
	return ws, nil
}
