package workcmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

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
		Flags:        &f.ModFlags,
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
	dir := ms.VendorDir()
	switch {
	case f.O == "":
	case filepath.IsAbs(f.O):
		dir = f.O
	default:
		dir = filepath.Join(inv.Dir, f.O)
	}
	loader := load.NewLoader(load.Config{
		Env:     inv.Env,
		Dir:     inv.Dir,
		Flags:   &f.ModFlags,
		GOFLAGS: inv.GOFLAGS,
		Modules: ms,
		Warn:    func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	})
	err = loader.WriteVendor(ctx, load.VendorOptions{Dir: dir, AllowErrors: f.E, Verbose: f.V, Stderr: inv.Stderr})
	if err == load.ErrVendorFailed {
		return base.Exit(1)
	}
	return err
}
