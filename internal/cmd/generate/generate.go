// Package generate implements 'go generate'.
package generate

import "gocmd/internal/base"

// New returns the 'go generate' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go generate [-run regexp] [-n] [-v] [-x] [build flags] [file.go... | packages]",
		Short:     "generate Go files by processing source",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
