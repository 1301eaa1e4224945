// Package telemetry implements 'go telemetry'.
package telemetry

import (
	"context"

	"gocmd/internal/base"
)

// New returns the 'go telemetry' command.
func New() *base.Command {
	cmd := &base.Command{
		UsageLine: "go telemetry [off|local|on]",
		Short:     "manage telemetry data and settings",
		Long:      helpTelemetry,
	}
	base.AddChdirFlag(cmd.FlagSet())
	cmd.Run = run
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, args []string) error {
	return base.NotImplemented("issue 5")(ctx, inv, args)
}
