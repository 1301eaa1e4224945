// Package fmtcmd implements 'go fmt'.
package fmtcmd

import "gocmd/internal/base"

// New returns the 'go fmt' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go fmt [-n] [-x] [packages]",
		Short:     "gofmt (reformat) package sources",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
