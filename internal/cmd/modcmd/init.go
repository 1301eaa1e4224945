package modcmd

import (
	"context"

	"gocmd/internal/base"
)

func newInit() *base.Command {
	f := new(ModFlags)
	cmd := &base.Command{
		UsageLine: "go mod init [module-path]",
		Short:     "initialize new module in current directory",
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

func runInit(ctx context.Context, inv *base.Invocation, f *ModFlags, args []string) error {
	return notImplemented(ctx, inv, args)
}
