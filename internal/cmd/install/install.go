// Package install implements 'go install'.
package install

import "gocmd/internal/base"

// New returns the 'go install' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go install [build flags] [packages]",
		Short:     "compile and install packages and dependencies",
		Long:      "",
		Run:       base.NotImplemented("issue 3"),
	}
}
