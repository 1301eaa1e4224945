// Package get implements 'go get'.
package get

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/toolchain"
)

// Flags are the flags of 'go get'.
type Flags struct {
	base.BuildFlags
	D        DFlag       // -d: deprecated, only -d=true is accepted
	F        bool        // -f: no-op
	Fix      bool        // -fix: no-op
	M        bool        // -m: no longer supported
	T        bool        // -t: consider test dependencies too
	U        UpgradeFlag // -u, -u=patch
	Tool     bool        // -tool: add a tool line to go.mod
	Insecure bool        // -insecure: no longer supported
}

// UpgradeFlag is -u: a boolean that also accepts a value ("patch").
// Version is "" (no upgrades), "upgrade" (-u), or the value given.
type UpgradeFlag struct {
	Raw     string
	Version string
}

func (*UpgradeFlag) IsBoolFlag() bool { return true }

func (v *UpgradeFlag) Set(s string) error {
	switch s {
	case "false":
		*v = UpgradeFlag{}
	case "true":
		*v = UpgradeFlag{Version: "upgrade"}
	default:
		*v = UpgradeFlag{Raw: s, Version: s}
	}
	return nil
}

func (v *UpgradeFlag) String() string { return "" }

// DFlag is the deprecated -d flag: it records whether it was set and
// to what.
type DFlag struct {
	Value    bool
	Explicit bool
}

func (*DFlag) IsBoolFlag() bool { return true }

func (v *DFlag) Set(s string) error {
	v.Explicit = true
	b, err := strconv.ParseBool(s)
	v.Value = b
	if err != nil {
		return errors.New("parse error")
	}
	return nil
}

func (v *DFlag) String() string { return "" }

// New returns the 'go get' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go get [-t] [-u] [-tool] [build flags] [packages]",
		Short:     "add dependencies to current module and install them",
		Long:      helpGet,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.F, "f", false, "")
	fs.BoolVar(&f.Fix, "fix", false, "")
	fs.BoolVar(&f.M, "m", false, "")
	fs.BoolVar(&f.T, "t", false, "")
	fs.BoolVar(&f.Tool, "tool", false, "")
	fs.BoolVar(&f.Insecure, "insecure", false, "")
	base.AddBuildFlags(fs, &f.BuildFlags, base.OmitModFlag)
	fs.Var(&f.D, "d", "")
	fs.Var(&f.U, "u", "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	switch f.U.Version {
	case "", "upgrade", "patch":
	default:
		return fmt.Errorf("go: unknown upgrade flag -u=%s", f.U.Raw)
	}
	if f.D.Explicit {
		if !f.D.Value {
			return errors.New("go: -d flag may not be set to false")
		}
		fmt.Fprintln(inv.Stderr, "go: -d flag is deprecated. -d=true is a no-op")
	}
	if f.F {
		fmt.Fprintln(inv.Stderr, "go: -f flag is a no-op")
	}
	if f.Fix {
		fmt.Fprintln(inv.Stderr, "go: -fix flag is a no-op")
	}
	if f.M {
		return errors.New("go: -m flag is no longer supported")
	}
	if f.Insecure {
		return errors.New("go: -insecure flag is no longer supported; use GOINSECURE instead")
	}
	g := &getter{ctx: ctx, inv: inv, flags: f}
	err := g.run(args)
	var ee *base.ExitError
	var tooNew *gover.TooNewError
	if errors.As(err, &tooNew) && !errors.As(err, &ee) {
		// A requirement needs a newer Go: rerun with one if allowed.
		return toolchain.SwitchOrError(ctx, inv, err)
	}
	return err
}
