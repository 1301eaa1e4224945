// Package test implements 'go test'.
package test

import (
	"context"

	"gocmd/internal/base"
)

// New returns the 'go test' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine:   "go test [build/test flags] [packages] [build/test flags & test binary flags]",
		Short:       "test packages",
		Long:        helpTest,
		CustomFlags: true,
	}
	f.register(cmd.FlagSet())
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		pkgs, testArgs, err := f.parse(inv, cmd, args)
		if err != nil {
			return err
		}
		// Only the timeline: go starts an execution trace
		// (-debug-runtime-trace) before a command parses its own flags.
		return base.RunWithDebugTraces(ctx, cmd.Name(), f.DebugTrace, "", inv.Stderr, func(ctx context.Context) error {
			return run(ctx, inv, f, pkgs, testArgs)
		})
	}
	return cmd
}
