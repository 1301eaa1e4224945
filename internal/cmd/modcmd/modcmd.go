// Package modcmd implements 'go mod' and its subcommands.
package modcmd

import (
	"gocmd/internal/base"
)

// New returns the 'go mod' command group.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go mod",
		Short:     "module maintenance",
		Long:      helpMod,
		Commands: []*base.Command{
			newDownload(),
			newEdit(),
			newGraph(),
			newInit(),
			newTidy(),
			newVendor(),
			newVerify(),
			newWhy(),
		},
	}
}

// ModFlags are the module flags most subcommands accept: -modcacherw,
// -modfile and -overlay (base.AddModCommonFlags binds them into a
// base.BuildFlags).
type ModFlags = base.BuildFlags
