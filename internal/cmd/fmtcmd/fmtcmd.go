// Package fmtcmd implements 'go fmt'.
package fmtcmd

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go fmt'. Only -n, -x and the module flags of
// the build flags apply.
type Flags struct {
	base.BuildFlags
}

// New returns the 'go fmt' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go fmt [-n] [-x] [packages]",
		Short:     "gofmt (reformat) package sources",
		Long:      helpFmt,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlagsNX(fs, &f.BuildFlags)
	base.AddChdirFlag(fs)
	base.AddModFlag(fs, &f.BuildFlags)
	base.AddModCommonFlags(fs, &f.BuildFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	return base.NotImplemented("issue 5")(ctx, inv, args)
}
