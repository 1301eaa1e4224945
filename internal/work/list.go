package work

import (
	"context"
	"fmt"

	"gocmd/internal/base"
	"gocmd/internal/load"
)

// ListOptions says what go list needs from the build engine.
type ListOptions struct {
	// Export builds the packages (or finds them in the cache) and sets
	// Export and BuildID (go list -export).
	Export bool
	// Compiled sets CompiledGoFiles (go list -compiled): the Go files
	// the compiler gets, with the files cgo generates (in the cache).
	Compiled bool
	// AllowErrors (-e) makes build errors the packages' errors.
	AllowErrors bool
}

// ListBuild computes for go list what the build engine knows about pkgs
// (and, with Export, everything they need): Stale and StaleReason as go
// reports them ("build ID mismatch", "stale dependency: X", "not
// installed but available in build cache", "build -a flag in use"...),
// and with opts.Export the compiled archive in Export and its BuildID.
// Only -export compiles anything; staleness comes from build IDs and the
// cache, never from modification times. Errors of the build are printed
// on inv.Stderr; the result is base.Exit(1) if there were any.
func ListBuild(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags, loader *load.Loader, pkgs []*load.Package, opts ListOptions) error {
	b, err := NewBuilder(Config{
		Env:             inv.Env,
		Dir:             inv.Dir,
		Flags:           flags,
		CmdName:         "list",
		Stderr:          inv.Stderr,
		DefaultExecName: loader.DefaultExecName,
		Loader:          loader,
		FS:              loader.FS(),
		BuildInfo:       buildInfoString,
		IsCmdList:       true,
		NeedExport:      opts.Export,

		NeedCompiledGoFiles: opts.Compiled,
		AllowErrors:         opts.AllowErrors,
	})
	if err != nil {
		fmt.Fprintf(inv.Stderr, "%v\n", err)
		return base.Exit(1)
	}
	defer b.Close()
	c, err := OpenCache(ctx, inv)
	if err != nil {
		fmt.Fprintf(inv.Stderr, "%v\n", err)
		return base.Exit(1)
	}
	b.cfg.Cache = c
	SetBuildInfo(ctx, inv, flags, loader, pkgs, true)
	if flags.Cover {
		loader.PrepareForCoverageBuild(ctx, pkgs)
	}
	root := &Action{Mode: "go list"}
	for _, p := range pkgs {
		if len(p.GoFiles)+len(p.CgoFiles) > 0 {
			root.Deps = append(root.Deps, b.AutoAction(ModeInstall, ModeInstall, p))
		}
	}
	b.Do(ctx, root)
	if opts.Export || opts.Compiled {
		if err := c.Close(); err != nil {
			fmt.Fprintf(inv.Stderr, "go: failed to trim cache: %v\n", err)
		}
	}
	if b.Failed() {
		return base.Exit(1)
	}
	return nil
}
