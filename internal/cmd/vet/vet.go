// Package vet implements 'go vet'.
package vet

import "gocmd/internal/base"

// New returns the 'go vet' command.
func New() *base.Command {
	return &base.Command{
		UsageLine: "go vet [build flags] [-vettool prog] [vet flags] [packages]",
		Short:     "report likely mistakes in packages",
		Long:      "",
		Run:       base.NotImplemented("issue 5"),
	}
}
