package modcmd

import (
	"context"

	"gocmd/internal/base"
)

func newVerify() *base.Command {
	f := new(ModFlags)
	cmd := &base.Command{
		UsageLine: "go mod verify",
		Short:     "verify dependencies have expected content",
		Long:      helpVerify,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, f)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runVerify(ctx, inv, f, args)
	}
	return cmd
}

func runVerify(ctx context.Context, inv *base.Invocation, f *ModFlags, args []string) error {
	return notImplemented(ctx, inv, args)
}
