// Package tool implements 'go tool'.
package tool

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go tool'.
type Flags struct {
	base.BuildFlags      // only the module flags apply
	N               bool // -n: print the command instead of running it
}

// New returns the 'go tool' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go tool [-n] command [args...]",
		Short:     "run specified go tool",
		Long:      helpTool,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.BuildFlags)
	fs.BoolVar(&f.N, "n", false, "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	return base.NotImplemented("issue 5")(ctx, inv, args)
}
