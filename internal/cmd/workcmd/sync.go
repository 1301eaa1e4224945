package workcmd

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modload"
	"gocmd/internal/toolchain"
)

// runSync implements 'go work sync': the versions the workspace selects
// for the packages of each used module are pushed back into that
// module's go.mod (upgrading only), which is then tidied; go.work's go
// line is raised to the highest go version of the modules.
func runSync(ctx context.Context, inv *base.Invocation, f *ModFlags, args []string) error {
	if err := checkModules(inv); err != nil {
		return err
	}
	ws, err := initWorkfile(inv, f)
	if err != nil {
		return err
	}
	if ws.gowork == "" {
		return errNoGoWork
	}
	warn := func(msg string) { fmt.Fprintln(inv.Stderr, msg) }
	ms, err := modload.Init(ctx, modload.Config{
		Env:          inv.Env,
		Dir:          inv.Dir,
		Flags:        f,
		GOFLAGS:      inv.GOFLAGS,
		CmdName:      "work sync",
		ForceModules: true,
		Warn:         warn,
		// An empty workspace has nothing to sync, which is no error.
		AllowMissingMainModule: true,
	})
	if err != nil {
		return switchOrError(ctx, inv, err)
	}
	if err := ms.LoadGraph(ctx); err != nil {
		return switchOrError(ctx, inv, fmt.Errorf("go: %w", err))
	}
	mains := ms.MainModules()
	mustSelect := map[string][]module.Version{}
	for _, m := range mains {
		mods, err := ms.WorkModuleVersions(ctx, m.Path)
		if err != nil {
			return fmt.Errorf("go: %w", err)
		}
		mustSelect[m.Path] = mods
	}
	// go.work.sum keeps what the workspace loading verified.
	if err := ms.Commit(ctx, modload.WriteOpts{}); err != nil {
		return fmt.Errorf("go: %w", err)
	}

	goV := ""
	for _, m := range mains {
		mf := *f
		mf.ModFile = ""
		one, err := modload.Init(ctx, modload.Config{
			Env:             inv.Env,
			Dir:             m.Dir,
			Flags:           &mf,
			GOFLAGS:         inv.GOFLAGS,
			CmdName:         "work sync",
			ForceModules:    true,
			IgnoreWorkspace: true,
			Warn:            warn,
		})
		if err != nil {
			return err
		}
		v, err := one.SyncRequirements(ctx, mustSelect[m.Path])
		if err != nil {
			continue
		}
		goV = gover.Max(goV, v)
	}

	wf, err := ws.readWorkFile(ws.gowork, false)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	updateWorkGoVersion(wf, goV)
	return ws.writeWorkFile(ws.gowork, wf)
}

// switchOrError reruns the command with a newer toolchain when err says
// a module needs one and GOTOOLCHAIN allows it; otherwise (or if none
// is found) it returns the error to print.
func switchOrError(ctx context.Context, inv *base.Invocation, err error) error {
	var tn *gover.TooNewError
	if !errors.As(err, &tn) {
		return err
	}
	return toolchain.SwitchOrError(ctx, inv, err)
}
