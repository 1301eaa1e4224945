// Package fix implements 'go fix'.
package fix

import "gocmd/internal/base"

// New returns the 'go fix' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go fix [build flags] [-fixtool prog] [fix flags] [packages]",
		Short:     "apply fixes suggested by static checkers",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
