package work

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"gocmd/internal/load"
)

// pgoMode is the mode of the action turning a pprof profile into the
// compiler's preprocessed form (cmd/preprofile). One such action serves
// every package compiled with the same profile.
const pgoMode = "preprocess PGO profile"

// pgoAction returns the action preprocessing the profile p is compiled
// with (p.Internal.PGOProfile), or nil without profile.
func (b *Builder) pgoAction(p *load.Package) *Action {
	file := p.Internal.PGOProfile
	if file == "" {
		return nil
	}
	return b.cached(pgoMode+" "+file, nil, func() *Action {
		a := &Action{Mode: pgoMode, Objdir: b.newObjdir()}
		a.Actor = func(b *Builder, ctx context.Context, a *Action) error {
			return b.preprofile(ctx, a, file)
		}
		a.Target = filepath.Join(a.Objdir, "pgo.preprofile")
		return a
	})
}

// pgoActionID hashes the inputs of preprocessing a profile: the
// preprofile program and the profile's contents.
func (b *Builder) pgoActionID(ctx context.Context, input string) ([32]byte, error) {
	id, err := b.toolID(ctx, "preprofile")
	if err != nil {
		return [32]byte{}, err
	}
	h := b.newHash(pgoMode + " " + input)
	fmt.Fprintf(h, "%s\n", pgoMode)
	fmt.Fprintf(h, "preprofile %s\n", id)
	fmt.Fprintf(h, "input %q\n", b.fileHash(input))
	return h.Sum(), nil
}

// preprofile is the actor of a PGO preprocessing action. The result
// has no build ID: it is stored in the cache as is, and a cached copy is
// used in place.
func (b *Builder) preprofile(ctx context.Context, a *Action, input string) error {
	id, err := b.pgoActionID(ctx, input)
	if err != nil {
		return err
	}
	a.actionID = id
	a.output = nil
	if !b.flags.A && b.cfg.Cache != nil {
		if file, err := b.cfg.Cache.GetFile(id); err == nil {
			a.built = file
			a.Target = "DO NOT USE - using cache"
			return nil
		}
	}
	if b.cfg.IsCmdList {
		return nil
	}
	sh := b.Shell(a)
	if err := sh.Mkdir(a.Objdir); err != nil {
		return err
	}
	args := append(append([]string(nil), b.flags.Toolexec...), b.tool("preprofile"), "-o", a.Target, "-i", input)
	if err := sh.Run(".", input, b.changedEnv(), args...); err != nil {
		return err
	}
	a.built = a.Target
	if b.flags.N || b.cfg.Cache == nil {
		return nil
	}
	f, err := os.Open(a.Target)
	if err != nil {
		return fmt.Errorf("error opening target for caching: %w", err)
	}
	file, err := b.cfg.Cache.Put(id, f)
	f.Close()
	if err != nil {
		return fmt.Errorf("error adding target to cache: %w", err)
	}
	if b.flags.X {
		sh.ShowCmd("", "%s # internal", JoinUnambiguously([]string{"cp", a.Target, file}))
	}
	return nil
}

// pgoProfile returns the preprocessed profile a compile action uses, or
// "".
func pgoProfile(a *Action) string {
	for _, a1 := range a.Deps {
		if a1.Mode == pgoMode {
			return a1.built
		}
	}
	return ""
}
