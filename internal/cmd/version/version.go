// Package version implements 'go version'.
package version

import "gocmd/internal/base"

// New returns the 'go version' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go version [-m] [-v] [-json] [file ...]",
		Short:     "print Go version",
		Long:      "",
		Run:       base.NotImplemented("in progress"),
	}
}
