// Package telemetry implements 'go telemetry'.
package telemetry

import (
	"context"
	"fmt"
	"time"

	"gocmd/internal/base"
	"gocmd/internal/telemetry"
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
	environ := inv.Env.OSEnviron()
	dir := telemetry.Dir(environ)
	if len(args) == 0 {
		fmt.Fprintln(inv.Stdout, telemetry.Mode(dir))
		return nil
	}
	if len(args) != 1 {
		return base.ErrUsage
	}
	mode := args[0]
	switch mode {
	case "local", "off", "on":
	default:
		return base.ErrUsage
	}
	if mode == "off" {
		// The go command opens no counters for 'go telemetry off' and
		// so works on the user's own telemetry directory.
		dir = telemetry.DefaultDir(environ)
	}
	if telemetry.Mode(dir) == mode {
		return nil
	}
	if err := telemetry.SetMode(dir, mode, time.Now()); err != nil {
		fmt.Fprintf(inv.Stderr, "go: failed to set the telemetry mode to %s: %v\n", mode, err)
		return base.Exit(1)
	}
	if mode == "on" {
		fmt.Fprintln(inv.Stderr, onMessage)
	}
	return nil
}

// onMessage is what go prints when uploading gets enabled.
const onMessage = "Telemetry uploading is now enabled and data will be periodically sent to\n" +
	"https://telemetry.go.dev/. Uploaded data is used to help improve the Go\n" +
	"toolchain and related tools, and it will be published as part of a public\n" +
	"dataset.\n\n" +
	"For more details, see https://telemetry.go.dev/privacy.\n" +
	"This data is collected in accordance with the Google Privacy Policy\n" +
	"(https://policies.google.com/privacy).\n\n" +
	"To disable telemetry uploading, but keep local data collection, run\n" +
	"“go telemetry local”.\n" +
	"To disable both collection and uploading, run “go telemetry off“."
