// Package modcmd implements 'go mod' and its subcommands.
package modcmd

import "gocmd/internal/base"

// New returns the 'go mod' command group.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go mod",
		Short:     "module maintenance",
		Long:      "",
		Commands: []*base.Command{
			{UsageLine: "go mod download [-x] [-json] [-reuse=old.json] [modules]", Short: "download modules to local cache", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go mod edit [editing flags] [-fmt|-print|-json] [go.mod]", Short: "edit go.mod from tools or scripts", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go mod graph [-go=version] [-x]", Short: "print module requirement graph", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go mod init [module-path]", Short: "initialize new module in current directory", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]", Short: "add missing and remove unused modules", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go mod vendor [-e] [-v] [-o outdir]", Short: "make vendored copy of dependencies", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go mod verify", Short: "verify dependencies have expected content", Run: base.NotImplemented("issue 4")},
			{UsageLine: "go mod why [-m] [-vendor] packages...", Short: "explain why packages or modules are needed", Run: base.NotImplemented("issue 4")},
		},
	}
}
