package load

import (
	"context"
	"fmt"

	"gocmd/internal/modload"
)

// commitModules records in go.mod and go.sum what loading changed (the
// requirements -mod=mod added for missing imports, checksums), as go
// does at the end of loading with -mod=mod or in a workspace. Modules
// imported by the main modules' packages are direct requirements.
func (l *Loader) commitModules(ctx context.Context, pkgs []*Package) error {
	ms := l.cfg.Modules
	if !l.st.modules || ms.BuildMod() != "mod" && ms.Mode() != modload.WorkspaceMode {
		return nil
	}
	var direct []string
	for _, p := range PackageList(pkgs) {
		if p.Module == nil || !p.Module.Main {
			continue
		}
		for _, q := range p.Internal.Imports {
			if q.Module != nil && !q.Module.Main {
				direct = append(direct, q.Module.Path)
			}
		}
	}
	ms.MarkDirect(direct)
	if err := ms.CommitAfterLoad(ctx); err != nil {
		return fmt.Errorf("go: %w", err)
	}
	return nil
}
