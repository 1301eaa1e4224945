// Package envcmd implements 'go env'.
package envcmd

import "gocmd/internal/base"

// New returns the 'go env' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go env [-json] [-changed] [-u] [-w] [var ...]",
		Short:     "print Go environment information",
		Long:      "",
		Run:       base.NotImplemented("in progress"),
	}
}
