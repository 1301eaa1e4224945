// Package workcmd implements 'go work' and its subcommands.
package workcmd

import "gocmd/internal/base"

// New returns the 'go work' command group.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go work",
		Short:     "workspace maintenance",
		Long:      "",
		Commands: []*base.Command{
			{UsageLine: "go work edit [editing flags] [go.work]", Short: "edit go.work from tools or scripts", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go work init [moddirs]", Short: "initialize workspace file", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go work sync", Short: "sync workspace build list to modules", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go work use [-r] [moddirs]", Short: "add modules to workspace file", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go work vendor [-e] [-v] [-o outdir]", Short: "make vendored copy of dependencies", Run: base.NotImplemented("issue 4")},
		},
	}
}
