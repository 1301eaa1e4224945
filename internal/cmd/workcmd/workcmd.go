// Package workcmd implements 'go work' and its subcommands.
package workcmd

import (
	"context"

	"gocmd/internal/base"
)

// New returns the 'go work' command group.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go work",
		Short:     "workspace maintenance",
		Long:      helpWork,
		Commands: []*base.Command{
			newEdit(),
			newInit(),
			newSync(),
			newUse(),
			newVendor(),
		},
	}
}

// ModFlags are the module flags most subcommands accept: -modcacherw,
// -modfile and -overlay (base.AddModCommonFlags binds them into a
// base.BuildFlags).
type ModFlags = base.BuildFlags

func newInit() *base.Command {
	f := new(ModFlags)
	cmd := &base.Command{
		UsageLine: "go work init [moddirs]",
		Short:     "initialize workspace file",
		Long:      helpInit,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, f)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runInit(ctx, inv, f, args)
	}
	return cmd
}

func newSync() *base.Command {
	f := new(ModFlags)
	cmd := &base.Command{
		UsageLine: "go work sync",
		Short:     "sync workspace build list to modules",
		Long:      helpSync,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, f)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runSync(ctx, inv, f, args)
	}
	return cmd
}

// UseFlags are the flags of 'go work use'.
type UseFlags struct {
	ModFlags
	R bool // -r: search directories recursively
}

func newUse() *base.Command {
	f := new(UseFlags)
	cmd := &base.Command{
		UsageLine: "go work use [-r] [moddirs]",
		Short:     "add modules to workspace file",
		Long:      helpUse,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.R, "r", false, "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runUse(ctx, inv, f, args)
	}
	return cmd
}

// VendorFlags are the flags of 'go work vendor'.
type VendorFlags = base.VendorFlags

func newVendor() *base.Command {
	f := new(VendorFlags)
	cmd := &base.Command{
		UsageLine: "go work vendor [-e] [-v] [-o outdir]",
		Short:     "make vendored copy of dependencies",
		Long:      helpVendor,
	}
	fs := cmd.FlagSet()
	base.AddVendorFlags(fs, f)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runVendor(ctx, inv, f, args)
	}
	return cmd
}
