package modcmd

import (
	"context"
	"errors"

	"gocmd/internal/base"
)

// GraphFlags are the flags of 'go mod graph'.
type GraphFlags struct {
	ModFlags
	Go GoVersionFlag // -go=version
}

func newGraph() *base.Command {
	f := new(GraphFlags)
	cmd := &base.Command{
		UsageLine: "go mod graph [-go=version] [-x]",
		Short:     "print module requirement graph",
		Long:      helpGraph,
	}
	fs := cmd.FlagSet()
	fs.Var(&f.Go, "go", "")
	fs.BoolVar(&f.X, "x", false, "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runGraph(ctx, inv, f, args)
	}
	return cmd
}

func runGraph(ctx context.Context, inv *base.Invocation, f *GraphFlags, args []string) error {
	if len(args) > 0 {
		return errors.New("go: 'go mod graph' accepts no arguments")
	}
	if _, err := loadModules(ctx, inv, &f.ModFlags, "mod graph"); err != nil {
		return err
	}
	// Printing the graph needs the module requirement graph (every
	// module version and its requirements, pruned as -go says), which
	// modload does not export yet.
	return notImplemented(ctx, inv, args)
}
