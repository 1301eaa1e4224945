package modload

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/mvs"
)

// batchState records, while packages are loaded in passes with -mod=mod,
// the imports whose module lookup failed, so that later passes report
// the lookup's error.
type batchState struct {
	mu   sync.Mutex
	errs map[string]error
}

func (b *batchState) failed(path string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.errs[path]
}

// BeginMissingBatch prepares package loading in passes, as go loads
// with -mod=mod in a main module: during a pass Import reports the
// imports no module in the build list provides instead of looking each
// up at once; ResolveMissing then looks them all up and adds their
// modules, and the caller loads again. It reports whether batching
// applies (otherwise Import looks up missing imports itself, if at
// all). EndMissingBatch ends it.
func (s *State) BeginMissingBatch() bool {
	if s.mode != ModuleMode || s.buildMod != "mod" || !s.HasModRoot() || s.inWorkspace() || s.deferQuery || s.cfg.NoRoot {
		return false
	}
	s.deferQuery = true
	s.batch.errs = map[string]error{}
	return true
}

// EndMissingBatch ends what BeginMissingBatch started.
func (s *State) EndMissingBatch() {
	s.deferQuery = false
	s.batch.errs = nil
}

// PassError is an error of a package loaded in a pass, with the text of
// the import stack that led to the package ("a imports\n\tb").
type PassError struct {
	Err   error
	Stack string
}

// ResolveMissing looks up the modules providing the imports that the
// errors (those of a loading pass, in load order) report as missing,
// adds them to the requirements ("go: found P in M V") and reports
// whether the packages must be loaded again: a module was added or a
// lookup failed (its error replaces the missing-import error). A module
// added whose requirements cannot be loaded is a fatal error, reported
// with the import stack of the package that brought it in.
func (s *State) ResolveMissing(ctx context.Context, errs []PassError) (bool, error) {
	type found struct {
		path  string
		m     module.Version
		stack string
	}
	var adds []found
	again := false
	seen := map[string]bool{}
	for _, pe := range errs {
		var me *ImportMissingError
		if !errors.As(pe.Err, &me) || !me.needQuery || seen[me.Path] {
			continue
		}
		seen[me.Path] = true
		m, qerr := s.queryMissing(ctx, me.Path)
		if qerr != nil {
			s.batch.mu.Lock()
			s.batch.errs[me.Path] = qerr
			s.batch.mu.Unlock()
			again = true
			continue
		}
		adds = append(adds, found{me.Path, m, pe.Stack})
	}
	if len(adds) == 0 {
		return again, nil
	}
	req := s.Requirements()
	before := fmt.Sprint(req.Roots)
	added := map[module.Version]string{}
	stacks := map[string]string{}
	for _, a := range adds {
		s.warn(fmt.Sprintf("go: found %s in %s %s", a.path, a.m.Path, a.m.Version))
		req.Roots = upsert(req.Roots, a.m)
		if _, ok := added[a.m]; !ok {
			added[a.m] = a.path
		}
		stacks[a.path] = a.stack
	}
	gover.ModSort(req.Roots)
	if fmt.Sprint(req.Roots) == before {
		return again, nil
	}
	if err := s.installRoots(ctx, req, added); err != nil {
		err.Stack = stacks[err.Path]
		return false, err
	}
	return true, nil
}

// installRoots makes req the requirements and raises their go version
// to the module graph's. added maps the modules added for missing
// imports to the import each provides: when the requirements of one of
// them cannot be loaded, go stops, and so its AddedModuleError is
// returned.
func (s *State) installRoots(ctx context.Context, req Requirements, added map[module.Version]string) *AddedModuleError {
	s.SetRequirements(req)
	if len(added) > 0 {
		var ble *mvs.BuildListError
		if _, err := s.loadGraph(ctx); errors.As(err, &ble) {
			if path, ok := added[ble.Module()]; ok {
				return &AddedModuleError{Path: path, Err: ble.Err}
			}
		}
	}
	s.raiseGoToGraph(ctx)
	return nil
}

// AddedModuleError is the error of a module added to provide a missing
// import whose own requirements cannot be loaded. go stops at it,
// naming the import stack of the package that needed the module; until
// the stack is known (an import resolved on its own, see
// addMissingImport) the error reads as the module's.
type AddedModuleError struct {
	Path  string // the import
	Stack string // the import stack's text ("a imports\n\tb"), if known
	Err   error  // the module's error, without a requirement chain
}

func (e *AddedModuleError) Error() string {
	if e.Stack == "" {
		return e.Err.Error()
	}
	return "go: " + e.Stack + ": " + e.Err.Error()
}

func (e *AddedModuleError) Unwrap() error { return e.Err }

// promoteRoots finishes raising requirements to the modules of loaded
// packages (req, changed by that when changed): if nothing was added,
// the requirements are raised to the versions the graph selects for
// mods. It installs and reports a change.
func (s *State) promoteRoots(ctx context.Context, req Requirements, mods []module.Version, changed bool) bool {
	if !changed {
		req.Roots, changed = s.selectedRoots(ctx, mods)
	}
	if changed {
		gover.ModSort(req.Roots)
		s.installRoots(ctx, req, nil)
	}
	return changed
}

// PromoteLoadedRoots keeps, with -mod=mod, go's invariant of a pruned
// module graph after a loading pass: every module in mods (those of the
// packages named and of the packages in "all") is a requirement, and
// requirements whose modules ask for more stand at their selected
// versions. It reports whether the requirements changed, in which case
// the packages must be loaded again.
func (s *State) PromoteLoadedRoots(ctx context.Context, mods []module.Version) bool {
	if s.pruning != pruned || !s.deferQuery || s.batch.errs == nil {
		return false
	}
	req := s.Requirements()
	changed := false
	for _, m := range mods {
		if _, ok := s.rootSelected(m.Path); !ok {
			req.Roots = upsert(req.Roots, m)
			changed = true
		}
	}
	return s.promoteRoots(ctx, req, mods, changed)
}
