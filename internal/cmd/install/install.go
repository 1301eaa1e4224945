// Package install implements 'go install'.
package install

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go install'.
type Flags struct {
	base.BuildFlags
}

// New returns the 'go install' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go install [build flags] [packages]",
		Short:     "compile and install packages and dependencies",
		Long:      helpInstall,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlags(fs, &f.BuildFlags, base.DefaultBuildFlags)
	base.AddCoverFlags(fs, &f.BuildFlags, nil)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	return base.NotImplemented("issue 3")(ctx, inv, args)
}
