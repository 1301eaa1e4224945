package modcmd

import (
	"context"
	"errors"

	"gocmd/internal/base"
)

// TidyFlags are the flags of 'go mod tidy'.
type TidyFlags struct {
	ModFlags
	E      bool          // -e: proceed despite errors
	Diff   bool          // -diff: print changes instead of writing them
	Go     GoVersionFlag // -go=version
	Compat GoVersionFlag // -compat=version
}

func newTidy() *base.Command {
	f := new(TidyFlags)
	cmd := &base.Command{
		UsageLine: "go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]",
		Short:     "add missing and remove unused modules",
		Long:      helpTidy,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.V, "v", false, "")
	fs.BoolVar(&f.X, "x", false, "")
	fs.BoolVar(&f.E, "e", false, "")
	fs.BoolVar(&f.Diff, "diff", false, "")
	fs.Var(&f.Go, "go", "")
	fs.Var(&f.Compat, "compat", "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runTidy(ctx, inv, f, args)
	}
	return cmd
}

func runTidy(ctx context.Context, inv *base.Invocation, f *TidyFlags, args []string) error {
	if len(args) > 0 {
		return errors.New("go: 'go mod tidy' accepts no arguments")
	}
	// Tidying needs a main module: report its absence (or a broken go.mod)
	// exactly as go does before anything else.
	ms, err := loadModules(ctx, inv, &f.ModFlags, "mod tidy")
	if err != nil {
		return err
	}
	if err := ms.MustHaveModRoot(); err != nil {
		return err
	}
	// Rewriting go.mod and go.sum from the package graph comes with the
	// rest of issue 4.
	return notImplemented(ctx, inv, args)
}
