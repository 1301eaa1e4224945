// Package get implements 'go get'.
package get

import "gocmd/internal/base"

// New returns the 'go get' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go get [-t] [-u] [-tool] [build flags] [packages]",
		Short:     "add dependencies to current module and install them",
		Long:      "",
		Run:       base.NotImplemented("issue 4"),
	}
}
