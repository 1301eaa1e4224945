// Package build implements 'go build'.
package build

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go build'.
type Flags struct {
	base.BuildFlags
	O string // -o: output file or directory
}

// New returns the 'go build' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go build [-o output] [build flags] [packages]",
		Short:     "compile packages and dependencies",
		Long:      helpBuild,
	}
	fs := cmd.FlagSet()
	fs.StringVar(&f.O, "o", "", "")
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
