// Package telemetry implements 'go telemetry'.
package telemetry

import "gocmd/internal/base"

// New returns the 'go telemetry' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go telemetry [off|local|on]",
		Short:     "manage telemetry data and settings",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
