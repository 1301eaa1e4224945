// Package clean implements 'go clean'.
package clean

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go clean'.
type Flags struct {
	base.BuildFlags
	I         bool // -i: remove installed archives and binaries
	R         bool // -r: apply to dependencies too
	Cache     bool // -cache: empty the build cache
	Fuzzcache bool // -fuzzcache: remove fuzzing cache entries
	Modcache  bool // -modcache: remove the module download cache
	Testcache bool // -testcache: expire test results
}

// New returns the 'go clean' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go clean [-i] [-r] [-cache] [-testcache] [-modcache] [-fuzzcache] [build flags] [packages]",
		Short:     "remove object files and cached files",
		Long:      helpClean,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.I, "i", false, "")
	fs.BoolVar(&f.R, "r", false, "")
	fs.BoolVar(&f.Cache, "cache", false, "")
	fs.BoolVar(&f.Fuzzcache, "fuzzcache", false, "")
	fs.BoolVar(&f.Modcache, "modcache", false, "")
	fs.BoolVar(&f.Testcache, "testcache", false, "")
	base.AddBuildFlags(fs, &f.BuildFlags, base.OmitBuildOnlyFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	return base.NotImplemented("issue 5")(ctx, inv, args)
}
