// Package clean implements 'go clean'.
package clean

import "gocmd/internal/base"

// New returns the 'go clean' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go clean [-i] [-r] [-cache] [-testcache] [-modcache] [-fuzzcache] [build flags] [packages]",
		Short:     "remove object files and cached files",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
