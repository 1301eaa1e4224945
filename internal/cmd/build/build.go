// Package build implements 'go build'.
package build

import "gocmd/internal/base"

// New returns the 'go build' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go build [-o output] [build flags] [packages]",
		Short:     "compile packages and dependencies",
		Long:      "",
		Run:       base.NotImplemented("issue 3"),
	}
}
