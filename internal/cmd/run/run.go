// Package run implements 'go run'.
package run

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go run'.
type Flags struct {
	base.BuildFlags
	Exec base.StringsFlag // -exec: program that runs the binary
}

// New returns the 'go run' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go run [build flags] [-exec xprog] package [arguments...]",
		Short:     "compile and run Go program",
		Long:      helpRun,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlags(fs, &f.BuildFlags, base.DefaultBuildFlags)
	base.AddCoverFlags(fs, &f.BuildFlags, nil)
	fs.Var(&f.Exec, "exec", "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	return base.NotImplemented("issue 3")(ctx, inv, args)
}
