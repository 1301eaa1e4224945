package modcmd

import (
	"context"

	"gocmd/internal/base"
)

// VendorFlags are the flags of 'go mod vendor'.
type VendorFlags struct {
	ModFlags
	E bool   // -e: proceed despite errors
	O string // -o: output directory instead of vendor
}

func newVendor() *base.Command {
	f := new(VendorFlags)
	cmd := &base.Command{
		UsageLine: "go mod vendor [-e] [-v] [-o outdir]",
		Short:     "make vendored copy of dependencies",
		Long:      helpVendor,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.V, "v", false, "")
	fs.BoolVar(&f.E, "e", false, "")
	fs.StringVar(&f.O, "o", "", "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runVendor(ctx, inv, f, args)
	}
	return cmd
}

func runVendor(ctx context.Context, inv *base.Invocation, f *VendorFlags, args []string) error {
	return notImplemented(ctx, inv, args)
}
