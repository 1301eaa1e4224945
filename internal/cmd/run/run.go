// Package run implements 'go run'.
package run

import "gocmd/internal/base"

// New returns the 'go run' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go run [build flags] [-exec xprog] package [arguments...]",
		Short:     "compile and run Go program",
		Long:      "",
		Run:       base.NotImplemented("issue 3"),
	}
}
