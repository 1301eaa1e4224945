package work

import (
	"context"

	"gocmd/internal/base"
	"gocmd/internal/load"
)

// RunLinked builds the main package p as the executable exeName (kept
// in the cache's executable store) and, once it is linked, calls run
// from an action named mode ("go run", "go tool") with the link action,
// whose Built or CachedExecutable name the program. run returns the exit
// status of the program; a nonzero one ends the command with it (as a
// *base.ExitError), like a failed build.
func (s *Session) RunLinked(ctx context.Context, p *load.Package, exeName, mode string, run func(b *Builder, a, link *Action) int) error {
	b := s.Builder
	b.SetOmitDebug(p)
	b.SetTarget(p, "")
	b.SetExeName(p, exeName)
	link := b.LinkAction(ModeBuild, ModeBuild, p)
	link.SetCacheExecutable()
	status := 0
	root := &Action{Mode: mode, Deps: []*Action{link}}
	root.Actor = func(b *Builder, ctx context.Context, a *Action) error {
		status = run(b, a, link)
		return nil
	}
	if err := s.Run(ctx, root); err != nil {
		return err
	}
	if status != 0 {
		return base.Exit(status)
	}
	return nil
}
