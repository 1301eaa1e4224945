package modcmd

import (
	"context"
	"errors"
	"fmt"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/modload"
)

// VendorFlags are the flags of 'go mod vendor'.
type VendorFlags = base.VendorFlags

func newVendor() *base.Command {
	f := new(VendorFlags)
	cmd := &base.Command{
		UsageLine: "go mod vendor [-e] [-v] [-o outdir]",
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

func runVendor(ctx context.Context, inv *base.Invocation, f *VendorFlags, args []string) error {
	ms, err := modload.Init(ctx, modload.Config{
		Env:          inv.Env,
		Dir:          inv.Dir,
		Flags:        &f.BuildFlags,
		GOFLAGS:      inv.GOFLAGS,
		CmdName:      "mod vendor",
		ForceModules: true,
		Warn:         func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	})
	if err != nil {
		return err
	}
	if ms.WorkFile() != "" {
		return errors.New("go: 'go mod vendor' cannot be run in workspace mode. Run 'go work vendor' to vendor the workspace or set 'GOWORK=off' to exit workspace mode.")
	}
	if len(args) != 0 {
		return errors.New("go: 'go mod vendor' accepts no arguments")
	}
	if err := ms.MustHaveModRoot(); err != nil {
		return err
	}
	err = load.Vendor(ctx, load.InvocationConfig(inv, &f.BuildFlags, ms), f, inv.Stderr)
	if err == load.ErrVendorFailed {
		return base.Exit(1)
	}
	return err
}
