package workcmd

import (
	"context"
	"errors"
	"fmt"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/modload"
)

// runVendor implements 'go work vendor': the vendor directory at the
// workspace root holds what every workspace module needs.
func runVendor(ctx context.Context, inv *base.Invocation, f *VendorFlags, args []string) error {
	ms, err := modload.Init(ctx, modload.Config{
		Env:          inv.Env,
		Dir:          inv.Dir,
		Flags:        &f.BuildFlags,
		GOFLAGS:      inv.GOFLAGS,
		CmdName:      "work vendor",
		ForceModules: true,
		// A workspace without modules has nothing to vendor.
		AllowMissingMainModule: true,
		Warn:                   func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	})
	if err != nil {
		return err
	}
	if ms.WorkFile() == "" {
		return errors.New("go: no go.work file found\n\t(run 'go work init' first or specify path using GOWORK environment variable)")
	}
	if len(args) != 0 {
		return errors.New("go: 'go mod vendor' accepts no arguments")
	}
	err = load.Vendor(ctx, load.InvocationConfig(inv, &f.BuildFlags, ms), f, inv.Stderr)
	if err == load.ErrVendorFailed {
		return base.Exit(1)
	}
	return err
}
