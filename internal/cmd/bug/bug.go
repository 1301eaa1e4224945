// Package bug implements 'go bug'.
package bug

import "gocmd/internal/base"

// New returns the 'go bug' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go bug",
		Short:     "start a bug report",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
