// Package test implements 'go test'.
package test

import "gocmd/internal/base"

// New returns the 'go test' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go test [build/test flags] [packages] [build/test flags & test binary flags]",
		Short:     "test packages",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
