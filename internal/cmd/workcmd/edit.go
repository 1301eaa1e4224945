package workcmd

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/gover"
)

// EditFlags are the flags of 'go work edit'.
type EditFlags struct {
	Fmt       bool   // -fmt
	Go        string // -go=version
	Toolchain string // -toolchain=name
	JSON      bool   // -json
	Print     bool   // -print
	// Edits are -use, -dropuse, -replace... in order.
	Edits base.EditList[workEditTarget]
}

// workEditTarget is what a go work edit changes: go.work, parsed, in
// its workspace.
type workEditTarget struct {
	ws   *workState
	file *modfile.WorkFile
}

// workEditParser adapts the parser of the editing flag name to the
// target type.
func workEditParser(name string) func(string) (func(workEditTarget) error, error) {
	return func(arg string) (func(workEditTarget) error, error) {
		apply, err := workEditParsers[name](arg)
		if err != nil {
			return nil, err
		}
		return func(t workEditTarget) error { return apply(t.ws, t.file) }, nil
	}
}

type workEditFunc = func(*workState, *modfile.WorkFile) error

// workEditParsers check the value of each repeatable editing flag.
var workEditParsers = map[string]func(arg string) (workEditFunc, error){
	"godebug":     parseGodebugEdit,
	"dropgodebug": parseDropGodebugEdit,
	"use":         parseUseEdit,
	"dropuse":     parseDropUseEdit,
	"replace":     parseReplaceEdit,
	"dropreplace": parseDropReplaceEdit,
}

func addEditFlags(fs *flag.FlagSet, f *EditFlags) {
	fs.BoolVar(&f.Fmt, "fmt", false, "")
	fs.StringVar(&f.Go, "go", "", "")
	fs.StringVar(&f.Toolchain, "toolchain", "", "")
	fs.BoolVar(&f.JSON, "json", false, "")
	fs.BoolVar(&f.Print, "print", false, "")
	for _, name := range []string{"godebug", "dropgodebug", "use", "dropuse", "replace", "dropreplace"} {
		fs.Var(f.Edits.Var(name, workEditParser(name)), name, "")
	}
	base.AddChdirFlag(fs)
}

func newEdit() *base.Command {
	f := new(EditFlags)
	cmd := &base.Command{
		UsageLine: "go work edit [editing flags] [go.work]",
		Short:     "edit go.work from tools or scripts",
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
	if f.JSON && f.Print {
		return errors.New("go: cannot use both -json and -print")
	}
	if len(args) > 1 {
		return errors.New("go: 'go help work edit' accepts at most one argument")
	}
	ws := &workState{inv: inv}
	var gowork string
	if len(args) == 1 {
		gowork = args[0]
	} else {
		var err error
		if ws, err = initWorkfile(inv, new(ModFlags)); err != nil {
			return err
		}
		gowork = ws.gowork
	}
	if gowork == "" {
		return errNoGoWork
	}
	local := gover.Local(inv.Env.GOROOT())
	if f.Go != "" && f.Go != "none" && !modfile.GoVersionRE.MatchString(f.Go) {
		return fmt.Errorf(`go work: invalid -go option; expecting something like "-go %s"`, local)
	}
	if f.Toolchain != "" && f.Toolchain != "none" && !modfile.ToolchainRE.MatchString(f.Toolchain) {
		return fmt.Errorf(`go work: invalid -toolchain option; expecting something like "-toolchain go%s"`, local)
	}
	if f.Go == "" && f.Toolchain == "" && !f.JSON && !f.Print && !f.Fmt && len(f.Edits.Edits) == 0 {
		return errors.New("go: no flags specified (see 'go help work edit').")
	}

	wf, err := ws.readWorkFile(gowork, true)
	if err != nil {
		return fmt.Errorf("go: errors parsing %s:\n%s", ws.shortPath(gowork), err)
	}
	switch f.Go {
	case "":
	case "none":
		wf.DropGoStmt()
	default:
		if err := wf.AddGoStmt(f.Go); err != nil {
			return fmt.Errorf("go: internal error: %v", err)
		}
	}
	switch f.Toolchain {
	case "":
	case "none":
		wf.DropToolchainStmt()
	default:
		if err := wf.AddToolchainStmt(f.Toolchain); err != nil {
			return fmt.Errorf("go: internal error: %v", err)
		}
	}
	for _, e := range f.Edits.Edits {
		if err := e.Apply(workEditTarget{ws, wf}); err != nil {
			return err
		}
	}
	wf.SortBlocks()
	wf.Cleanup()

	if f.JSON {
		return printWorkJSON(inv, wf)
	}
	if f.Print {
		_, err := inv.Stdout.Write(modfile.Format(wf.Syntax))
		return err
	}
	// go does not report a failure to write go.work here.
	_ = ws.writeWorkFile(gowork, wf)
	return nil
}

func parseGodebugEdit(arg string) (workEditFunc, error) {
	key, value, ok := strings.Cut(arg, "=")
	if !ok || strings.ContainsAny(arg, "\"`',") {
		return nil, fmt.Errorf("go: -godebug=%s: need key=value", arg)
	}
	return func(_ *workState, f *modfile.WorkFile) error {
		if err := f.AddGodebug(key, value); err != nil {
			return fmt.Errorf("go: -godebug=%s: %v", arg, err)
		}
		return nil
	}, nil
}

func parseDropGodebugEdit(arg string) (workEditFunc, error) {
	return func(_ *workState, f *modfile.WorkFile) error {
		if err := f.DropGodebug(arg); err != nil {
			return fmt.Errorf("go: -dropgodebug=%s: %v", arg, err)
		}
		return nil
	}, nil
}

func parseUseEdit(arg string) (workEditFunc, error) {
	return func(ws *workState, f *modfile.WorkFile) error {
		// go reads the module's go.mod (relative to the working
		// directory) for its path, then records the use without it.
		modPath := ""
		if mf, err := ws.readModFile(ws.abs(filepath.Join(arg, "go.mod"))); err == nil {
			modPath = mf.Module.Mod.Path
		}
		f.AddUse(toDirectoryPath(arg), modPath)
		if err := f.AddUse(toDirectoryPath(arg), ""); err != nil {
			return fmt.Errorf("go: -use=%s: %v", arg, err)
		}
		return nil
	}, nil
}

func parseDropUseEdit(arg string) (workEditFunc, error) {
	return func(_ *workState, f *modfile.WorkFile) error {
		if err := f.DropUse(toDirectoryPath(arg)); err != nil {
			return fmt.Errorf("go: -dropdirectory=%s: %v", arg, err)
		}
		return nil
	}, nil
}

// optionalVersionArg checks path[@version] for -replace and
// -dropreplace; adj ("old", "new") names the side in errors. With
// allowDir, a directory path is accepted where a module path is not.
func optionalVersionArg(adj, arg string, allowDir bool) (path, vers string, err error) {
	path, vers, found := strings.Cut(arg, "@")
	if found && vers != "" && (vers[0] == '-' || vers[0] == '/') {
		return "", "", fmt.Errorf("invalid module version %q", vers)
	}
	if !found {
		path, vers = arg, ""
	} else {
		path, vers = strings.TrimSpace(path), strings.TrimSpace(vers)
	}
	if err := module.CheckImportPath(path); err != nil {
		if !allowDir || !modfile.IsDirectoryPath(path) {
			return path, vers, fmt.Errorf("invalid %s path: %v", adj, err)
		}
	}
	if path != arg && modfile.MustQuote(vers) {
		return path, vers, fmt.Errorf("invalid %s version: %q", adj, vers)
	}
	return path, vers, nil
}

func parseReplaceEdit(arg string) (workEditFunc, error) {
	before, after, found := strings.Cut(arg, "=")
	if !found {
		return nil, fmt.Errorf("go: -replace=%s: need old[@v]=new[@w] (missing =)", arg)
	}
	oldArg, newArg := strings.TrimSpace(before), strings.TrimSpace(after)
	if strings.HasPrefix(newArg, ">") {
		return nil, fmt.Errorf("go: -replace=%s: separator between old and new is =, not =>", arg)
	}
	oldPath, oldVers, err := optionalVersionArg("old", oldArg, false)
	if err != nil {
		return nil, fmt.Errorf("go: -replace=%s: %v", arg, err)
	}
	newPath, newVers, err := optionalVersionArg("new", newArg, true)
	if err != nil {
		return nil, fmt.Errorf("go: -replace=%s: %v", arg, err)
	}
	if newPath == newArg && !modfile.IsDirectoryPath(newArg) {
		return nil, fmt.Errorf("go: -replace=%s: unversioned new path must be local directory", arg)
	}
	return func(_ *workState, f *modfile.WorkFile) error {
		if err := f.AddReplace(oldPath, oldVers, newPath, newVers); err != nil {
			return fmt.Errorf("go: -replace=%s: %v", arg, err)
		}
		return nil
	}, nil
}

func parseDropReplaceEdit(arg string) (workEditFunc, error) {
	path, vers, err := optionalVersionArg("old", arg, true)
	if err != nil {
		return nil, fmt.Errorf("go: -dropreplace=%s: %v", arg, err)
	}
	return func(_ *workState, f *modfile.WorkFile) error {
		if err := f.DropReplace(path, vers); err != nil {
			return fmt.Errorf("go: -dropreplace=%s: %v", arg, err)
		}
		return nil
	}, nil
}

// workJSON is the shape of 'go work edit -json'. go prints only the go
// line, the use and the replace directives (not toolchain or godebug).
type workJSON struct {
	Go      string `json:",omitempty"`
	Use     []useJSON
	Replace []replaceJSON
}

type useJSON struct {
	DiskPath string
	ModPath  string `json:",omitempty"`
}

type replaceJSON struct {
	Old module.Version
	New module.Version
}

func printWorkJSON(inv *base.Invocation, wf *modfile.WorkFile) error {
	var j workJSON
	if wf.Go != nil {
		j.Go = wf.Go.Version
	}
	for _, u := range wf.Use {
		j.Use = append(j.Use, useJSON{DiskPath: u.Path, ModPath: u.ModulePath})
	}
	for _, r := range wf.Replace {
		j.Replace = append(j.Replace, replaceJSON{r.Old, r.New})
	}
	data, err := json.MarshalIndent(&j, "", "\t")
	if err != nil {
		return fmt.Errorf("go: internal error: %v", err)
	}
	_, err = inv.Stdout.Write(append(data, '\n'))
	return err
}
