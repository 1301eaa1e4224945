// Package generate implements 'go generate'.
package generate

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go generate'.
type Flags struct {
	base.BuildFlags
	Run  string // -run: regexp selecting directives to run
	Skip string // -skip: regexp selecting directives to skip
}

// New returns the 'go generate' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go generate [-run regexp] [-n] [-v] [-x] [build flags] [file.go... | packages]",
		Short:     "generate Go files by processing source",
		Long:      helpGenerate,
	}
	fs := cmd.FlagSet()
	base.AddBuildFlags(fs, &f.BuildFlags, base.OmitBuildOnlyFlags)
	fs.StringVar(&f.Run, "run", "", "")
	fs.StringVar(&f.Skip, "skip", "", "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	return base.NotImplemented("issue 5")(ctx, inv, args)
}
