// Package vet implements 'go vet' and 'go fix', which share their
// implementation: both run an analysis tool (go tool vet, go tool fix, or
// the program named by -vettool/-fixtool) over packages.
package vet

import (
	"context"

	"gocmd/internal/base"
)

// Flags are the flags of 'go vet' and 'go fix'. Besides these, the
// command accepts the flags its analysis tool reports with -flags.
type Flags struct {
	base.BuildFlags
	Tool    string // -vettool or -fixtool
	Diff    bool   // -diff: print a diff instead of applying fixes
	JSON    bool   // -json: diagnostics and fixes as JSON
	Context int    // -c: lines of context around each diagnostic
	Fix     bool   // go vet -fix: apply the first fix of each diagnostic
	FixList string // go fix -fix: obsolete, no effect

	// Set by parseArgs.
	ToolPath   string          // absolute path of the analysis tool
	ToolArgs   []string        // flags to pass to the tool
	isToolFlag map[string]bool // flags defined by the tool
}

// New returns the 'go vet' command.
func New() *base.Command {
	return newCommand("vet", &base.Command{
		UsageLine: "go vet [build flags] [-vettool prog] [vet flags] [packages]",
		Short:     "report likely mistakes in packages",
		Long:      helpVet,
	})
}

// NewFix returns the 'go fix' command.
func NewFix() *base.Command {
	return newCommand("fix", &base.Command{
		UsageLine: "go fix [build flags] [-fixtool prog] [fix flags] [packages]",
		Short:     "apply fixes suggested by static checkers",
		Long:      helpFix,
	})
}

func newCommand(name string, cmd *base.Command) *base.Command {
	f := new(Flags)
	cmd.CustomFlags = true
	fs := cmd.FlagSet()
	base.AddBuildFlags(fs, &f.BuildFlags, base.OmitJSONFlag)
	fs.StringVar(&f.Tool, name+"tool", "", "")
	fs.BoolVar(&f.Diff, "diff", false, "")
	fs.BoolVar(&f.JSON, "json", false, "")
	fs.IntVar(&f.Context, "c", -1, "")
	if name == "vet" {
		fs.BoolVar(&f.Fix, "fix", false, "")
	} else {
		fs.StringVar(&f.FixList, "fix", "", "")
	}
	cmd.PrepareFlags = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return addToolFlags(ctx, inv, cmd, f, args)
	}
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		pkgs, err := parseArgs(inv, cmd, f, args)
		if err != nil {
			return err
		}
		// Only the timeline, as for go test.
		return base.RunWithDebugTraces(ctx, cmd.Name(), f.DebugTrace, "", inv.Stderr, func(ctx context.Context) error {
			return run(ctx, inv, cmd.Name(), f, pkgs)
		})
	}
	return cmd
}
