// Package list implements 'go list'.
package list

import "gocmd/internal/base"

// New returns the 'go list' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go list [-f format] [-json] [-m] [list flags] [build flags] [packages]",
		Short:     "list packages or modules",
		Long:      "",
		Run:       base.NotImplemented("in progress"),
	}
}
