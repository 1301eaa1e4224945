package modcmd

import (
	"context"

	"gocmd/internal/base"
)

// An Edit is one editing flag of 'go mod edit' or 'go work edit', such
// as -require=path@version. Edits apply in command-line order.
type Edit struct {
	Flag  string // "require", "dropreplace", ...
	Value string
}

// editList is a flag that appends its setting to a list of edits.
type editList struct {
	name  string
	edits *[]Edit
}

func (e editList) String() string { return "" }

func (e editList) Set(s string) error {
	*e.edits = append(*e.edits, Edit{Flag: e.name, Value: s})
	return nil
}

// EditFlags are the flags of 'go mod edit'.
type EditFlags struct {
	ModFlags
	Fmt       bool   // -fmt
	Go        string // -go=version
	Toolchain string // -toolchain=name
	JSON      bool   // -json
	Print     bool   // -print
	Module    string // -module=path
	Edits     []Edit // -require, -droprequire, -replace, ... in order
}

// modEditFlags are the repeatable editing flags of 'go mod edit'.
var modEditFlags = []string{
	"godebug", "dropgodebug", "require", "droprequire", "exclude",
	"dropexclude", "replace", "dropreplace", "retract", "dropretract",
	"tool", "droptool", "ignore", "dropignore",
}

func newEdit() *base.Command {
	f := new(EditFlags)
	cmd := &base.Command{
		UsageLine: "go mod edit [editing flags] [-fmt|-print|-json] [go.mod]",
		Short:     "edit go.mod from tools or scripts",
		Long:      helpEdit,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.Fmt, "fmt", false, "")
	fs.StringVar(&f.Go, "go", "", "")
	fs.StringVar(&f.Toolchain, "toolchain", "", "")
	fs.BoolVar(&f.JSON, "json", false, "")
	fs.BoolVar(&f.Print, "print", false, "")
	fs.StringVar(&f.Module, "module", "", "")
	for _, name := range modEditFlags {
		fs.Var(editList{name, &f.Edits}, name, "")
	}
	base.AddBuildFlagsNX(fs, &f.ModFlags)
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runEdit(ctx, inv, f, args)
	}
	return cmd
}

func runEdit(ctx context.Context, inv *base.Invocation, f *EditFlags, args []string) error {
	return notImplemented(ctx, inv, args)
}
