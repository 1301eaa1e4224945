package modcmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modload"
	"gocmd/internal/toolchain"
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
	ms, err := modload.Init(ctx, modload.Config{
		Env:             inv.Env,
		Dir:             inv.Dir,
		Flags:           &f.ModFlags,
		GOFLAGS:         inv.GOFLAGS,
		CmdName:         "mod tidy",
		ForceModules:    true,
		IgnoreWorkspace: true,
		Warn:            func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	})
	if err != nil {
		return err
	}
	if err := ms.MustHaveModRoot(); err != nil {
		return err
	}
	res, err := ms.Tidy(ctx, modload.TidyOptions{
		AllowErrors: f.E,
		Verbose:     f.V,
		GoVersion:   f.Go.V,
		Compat:      f.Compat.V,
		Diff:        f.Diff,
	})
	if err != nil {
		if modload.IsSilentExit(err) {
			return base.Exit(1)
		}
		// A module needing a newer Go switches toolchains if allowed.
		if tn := (*gover.TooNewError)(nil); errors.As(err, &tn) {
			return toolchain.SwitchOrError(ctx, inv, prefixGo(err))
		}
		return prefixGo(err)
	}
	if f.Diff {
		status := 0
		if d := unifiedDiff("current/go.mod", res.GoModBefore, "tidy/go.mod", res.GoModAfter); len(d) > 0 {
			fmt.Fprintln(inv.Stdout, string(d))
			status = 1
		}
		if d := unifiedDiff("current/go.sum", res.GoSumBefore, "tidy/go.sum", res.GoSumAfter); len(d) > 0 {
			fmt.Fprintln(inv.Stdout, string(d))
			status = 1
		}
		if status != 0 {
			return base.Exit(status)
		}
	}
	return nil
}

// prefixGo adds go's "go: " to an error from modload.
func prefixGo(err error) error {
	if strings.HasPrefix(err.Error(), "go: ") {
		return err
	}
	return fmt.Errorf("go: %w", err)
}
