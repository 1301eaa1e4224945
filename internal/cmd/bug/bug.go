// Package bug implements 'go bug'.
package bug

import (
	"context"
	"fmt"

	"gocmd/internal/base"
)

// Flags are the flags of 'go bug'.
type Flags struct {
	V bool // -v: verbose
}

// New returns the 'go bug' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go bug",
		Short:     "start a bug report",
		Long:      helpBug,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.V, "v", false, "")
	base.AddChdirFlag(fs)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("go: bug takes no arguments")
	}
	return base.NotImplemented("issue 5")(ctx, inv, args)
}
