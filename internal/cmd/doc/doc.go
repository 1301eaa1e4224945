// Package doc implements 'go doc'.
package doc

import "gocmd/internal/base"

// New returns the 'go doc' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go doc [doc flags] [package|[package.]symbol[.methodOrField]]",
		Short:     "show documentation for package or symbol",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
