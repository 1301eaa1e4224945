package modcmd

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/lockedfile"
)

// EditFlags are the flags of 'go mod edit'.
type EditFlags struct {
	ModFlags
	Fmt       bool   // -fmt
	Go        string // -go=version
	Toolchain string // -toolchain=name
	JSON      bool   // -json
	Print     bool   // -print
	Module    string // -module=path
	// Edits are -require, -droprequire, -replace... in order.
	Edits base.EditList[*modfile.File]
}

// editParsers check the value of each repeatable editing flag and
// return the edit it asks for.
var editParsers = map[string]func(arg string) (func(*modfile.File) error, error){
	"godebug":     parseGodebugEdit,
	"dropgodebug": parseDropGodebugEdit,
	"require":     parseRequireEdit,
	"droprequire": parseDropRequireEdit,
	"exclude":     parseExcludeEdit,
	"dropexclude": parseDropExcludeEdit,
	"replace":     parseReplaceEdit,
	"dropreplace": parseDropReplaceEdit,
	"retract":     parseRetractEdit,
	"dropretract": parseDropRetractEdit,
	"tool":        parseToolEdit,
	"droptool":    parseDropToolEdit,
	"ignore":      parseIgnoreEdit,
	"dropignore":  parseDropIgnoreEdit,
}

// modEditFlags are the repeatable editing flags in registration order.
var modEditFlags = []string{
	"godebug", "dropgodebug", "require", "droprequire", "exclude",
	"dropexclude", "replace", "dropreplace", "retract", "dropretract",
	"tool", "droptool", "ignore", "dropignore",
}

func addEditFlags(fs *flag.FlagSet, f *EditFlags) {
	fs.BoolVar(&f.Fmt, "fmt", false, "")
	fs.StringVar(&f.Go, "go", "", "")
	fs.StringVar(&f.Toolchain, "toolchain", "", "")
	fs.BoolVar(&f.JSON, "json", false, "")
	fs.BoolVar(&f.Print, "print", false, "")
	fs.StringVar(&f.Module, "module", "", "")
	for _, name := range modEditFlags {
		fs.Var(f.Edits.Var(name, editParsers[name]), name, "")
	}
	base.AddBuildFlagsNX(fs, &f.ModFlags)
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
}

func newEdit() *base.Command {
	f := new(EditFlags)
	cmd := &base.Command{
		UsageLine: "go mod edit [editing flags] [-fmt|-print|-json] [go.mod]",
		Short:     "edit go.mod from tools or scripts",
		Long:      helpEdit,
	}
	addEditFlags(cmd.FlagSet(), f)
	cmd.PrepareFlags = func(ctx context.Context, inv *base.Invocation, args []string) error {
		scratch := new(EditFlags)
		fs := base.NewFlagSet("edit")
		addEditFlags(fs, scratch)
		return base.FirstEditError(fs, args, &scratch.Edits)
	}
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runEdit(ctx, inv, f, args)
	}
	return cmd
}

func runEdit(ctx context.Context, inv *base.Invocation, f *EditFlags, args []string) error {
	if f.Edits.Err != nil {
		return f.Edits.Err
	}
	if f.Module == "" && f.Go == "" && f.Toolchain == "" && !f.JSON && !f.Print && !f.Fmt && len(f.Edits.Edits) == 0 {
		return errors.New("go: no flags specified (see 'go help mod edit').")
	}
	if f.JSON && f.Print {
		return errors.New("go: cannot use both -json and -print")
	}
	if len(args) > 1 {
		return errors.New("go: too many arguments")
	}
	var gomod string
	if len(args) == 1 {
		gomod = args[0]
	} else {
		res, err := findModRoot(inv, &f.ModFlags, rootOptions{})
		if err != nil {
			return err
		}
		if res.root == "" {
			return noModRootError(inv)
		}
		gomod = modFilePath(&f.ModFlags, res.root)
	}

	if f.Module != "" {
		err := module.CheckImportPath(f.Module)
		if err == nil && gover.IsToolchain(f.Module) {
			err = errors.New("module path is reserved")
		}
		if err != nil {
			return fmt.Errorf("go: invalid -module: %v", err)
		}
	}
	local := gover.Local(inv.Env.GOROOT())
	if f.Go != "" && f.Go != "none" && !modfile.GoVersionRE.MatchString(f.Go) {
		return fmt.Errorf(`go mod: invalid -go option; expecting something like "-go %s"`, local)
	}
	if f.Toolchain != "" && f.Toolchain != "none" && !modfile.ToolchainRE.MatchString(f.Toolchain) {
		return fmt.Errorf(`go mod: invalid -toolchain option; expecting something like "-toolchain go%s"`, local)
	}

	data, err := lockedfile.Read(absPath(inv.Dir, gomod))
	if err != nil {
		return fmt.Errorf("go: %v", relPathError(err, gomod))
	}
	file, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return fmt.Errorf("go: errors parsing %s:\n%s", base.ShortPath(inv.Dir, gomod), err)
	}

	if f.Module != "" {
		file.AddModuleStmt(f.Module)
	}
	switch f.Go {
	case "":
	case "none":
		file.DropGoStmt()
	default:
		if err := file.AddGoStmt(f.Go); err != nil {
			return fmt.Errorf("go: internal error: %v", err)
		}
	}
	switch f.Toolchain {
	case "":
	case "none":
		file.DropToolchainStmt()
	default:
		if err := file.AddToolchainStmt(f.Toolchain); err != nil {
			return fmt.Errorf("go: internal error: %v", err)
		}
	}
	for _, e := range f.Edits.Edits {
		if err := e.Apply(file); err != nil {
			return fmt.Errorf("go: -%s=%s: %v", e.Flag, e.Value, err)
		}
	}
	file.SortBlocks()
	file.Cleanup()

	if f.JSON {
		return printModJSON(inv, file)
	}
	out, err := file.Format()
	if err != nil {
		return fmt.Errorf("go: %v", err)
	}
	if f.Print {
		_, err := inv.Stdout.Write(out)
		return err
	}
	if unlock, err := sideLock(inv); err == nil {
		defer unlock()
	}
	err = lockedfile.Transform(absPath(inv.Dir, gomod), func(locked []byte) ([]byte, error) {
		if !bytes.Equal(locked, data) {
			return nil, errors.New("go.mod changed during editing; not overwriting")
		}
		return out, nil
	})
	if err != nil {
		return fmt.Errorf("go: %v", relPathError(err, gomod))
	}
	return nil
}
