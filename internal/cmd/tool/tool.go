// Package tool implements 'go tool'.
package tool

import "gocmd/internal/base"

// New returns the 'go tool' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go tool [-n] command [args...]",
		Short:     "run specified go tool",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
