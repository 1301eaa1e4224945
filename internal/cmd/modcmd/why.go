package modcmd

import (
	"context"

	"gocmd/internal/base"
)

// WhyFlags are the flags of 'go mod why'.
type WhyFlags struct {
	ModFlags
	M      bool // -m: arguments are modules
	Vendor bool // -vendor: ignore tests of dependencies
}

func newWhy() *base.Command {
	f := new(WhyFlags)
	cmd := &base.Command{
		UsageLine: "go mod why [-m] [-vendor] packages...",
		Short:     "explain why packages or modules are needed",
		Long:      helpWhy,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.M, "m", false, "")
	fs.BoolVar(&f.Vendor, "vendor", false, "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runWhy(ctx, inv, f, args)
	}
	return cmd
}

func runWhy(ctx context.Context, inv *base.Invocation, f *WhyFlags, args []string) error {
	return notImplemented(ctx, inv, args)
}
