package workcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/toolchain"
)

func runInit(ctx context.Context, inv *base.Invocation, f *ModFlags, args []string) error {
	ws, err := initWorkfile(inv, f)
	if err != nil {
		return err
	}
	gowork := ws.gowork
	if gowork == "" {
		gowork = filepath.Join(inv.Dir, "go.work")
	}
	if _, err := ws.overlay.Stat(gowork); err == nil {
		return fmt.Errorf("go: %s already exists", gowork)
	}
	wf := new(modfile.WorkFile)
	wf.Syntax = new(modfile.FileSyntax)
	wf.AddGoStmt(gover.Local(inv.Env.GOROOT()))
	if err := ws.workUse(ctx, gowork, wf, args, false); err != nil {
		return err
	}
	// Like go, ignore a failure to write go.work.
	_ = ws.writeWorkFile(gowork, wf)
	return nil
}

func runUse(ctx context.Context, inv *base.Invocation, f *UseFlags, args []string) error {
	ws, err := initWorkfile(inv, &f.ModFlags)
	if err != nil {
		return err
	}
	if ws.gowork == "" {
		return errNoGoWork
	}
	wf, err := ws.readWorkFile(ws.gowork, false)
	if err != nil {
		return fmt.Errorf("go: %v", err)
	}
	if err := ws.workUse(ctx, ws.gowork, wf, args, f.R); err != nil {
		return err
	}
	_ = ws.writeWorkFile(ws.gowork, wf)
	return nil
}

// pathRel returns the absolute form of dir (relative to the working
// directory) and the form to write in a go.work in workDir: relative to
// workDir, slash-separated and starting with ./ or ../, when possible.
func (ws *workState) pathRel(workDir, dir string) (abs, canonical string) {
	if filepath.IsAbs(dir) {
		abs = filepath.Clean(dir)
		return abs, abs
	}
	abs = filepath.Join(ws.inv.Dir, dir)
	rel, err := filepath.Rel(workDir, abs)
	if err != nil {
		return abs, abs
	}
	return abs, toDirectoryPath(rel)
}

// workUse adds to wf (or drops from it) the modules in the directories
// args, as 'go work use' does, and raises its go line to the highest of
// the used modules. Errors are printed on stderr, each prefixed with
// "go: "; the returned error then only sets the exit status.
func (ws *workState) workUse(ctx context.Context, gowork string, wf *modfile.WorkFile, args []string, recursive bool) error {
	workDir := filepath.Dir(gowork)
	stderr := ws.inv.Stderr
	failed := false
	var errs []error // reported at the end, as go's toolchain switcher does

	absUse := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(workDir, p)
	}
	haveDirs := map[string][]string{} // absolute → as written
	for _, u := range wf.Use {
		a := absUse(u.Path)
		haveDirs[a] = append(haveDirs[a], u.Path)
	}
	// keepDirs maps each absolute directory to the spelling to keep, or
	// to "" to drop all its entries.
	keepDirs := map[string]string{}

	lookDir := func(dir string) {
		absDir, dir := ws.pathRel(workDir, dir)
		file := filepath.Join(absDir, "go.mod")
		fi, err := ws.overlay.Stat(file)
		if err != nil {
			if os.IsNotExist(err) {
				keepDirs[absDir] = ""
			} else {
				errs = append(errs, err)
			}
			return
		}
		if !fi.Mode().IsRegular() {
			errs = append(errs, fmt.Errorf("%v is not a regular file", ws.shortPath(file)))
			return
		}
		if dup := keepDirs[absDir]; dup != "" && dup != dir {
			fmt.Fprintf(stderr, "go: already added \"%s\" as \"%s\"\n", dir, dup)
			failed = true
		}
		keepDirs[absDir] = dir
	}

	for _, useDir := range args {
		absArg, _ := ws.pathRel(workDir, useDir)
		info, err := ws.overlay.Stat(absArg)
		if err != nil {
			if os.IsNotExist(err) {
				err = fmt.Errorf("directory %v does not exist", ws.shortPath(absArg))
			}
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			errs = append(errs, fmt.Errorf("%s is not a directory", ws.shortPath(absArg)))
			continue
		}
		if !recursive {
			lookDir(useDir)
			continue
		}
		// A root that is a symbolic link to a directory is followed:
		// walk it with a trailing separator.
		root := useDir
		if !strings.HasSuffix(root, string(filepath.Separator)) {
			root += string(filepath.Separator)
		}
		ws.overlay.WalkDir(ws.abs(root), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel := ws.relWalkPath(root, path)
			if !d.IsDir() {
				if d.Type()&fs.ModeSymlink != 0 {
					if target, err := ws.overlay.Stat(path); err == nil && target.IsDir() {
						fmt.Fprintf(stderr, "warning: ignoring symlink %s\n", ws.shortPath(rel))
					}
				}
				return nil
			}
			lookDir(rel)
			return nil
		})
		// Directories listed before that are gone are dropped.
		for absDir := range haveDirs {
			if hasPathPrefix(absDir, absArg) {
				if _, ok := keepDirs[absDir]; !ok {
					keepDirs[absDir] = ""
				}
			}
		}
	}

	dirs := make([]string, 0, len(keepDirs))
	for d := range keepDirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, absDir := range dirs {
		keep := keepDirs[absDir]
		kept := 0
		for _, d := range haveDirs[absDir] {
			if d == keep {
				kept++
			} else {
				wf.DropUse(d)
			}
		}
		if keep != "" && kept != 1 {
			if kept > 1 {
				wf.DropUse(keep)
			}
			wf.AddUse(keep, "")
		}
	}

	goV := gover.FromGoWork(wf)
	for _, u := range wf.Use {
		if u.Path == "" { // dropped
			continue
		}
		mf, err := ws.readModFile(filepath.Join(absUse(u.Path), "go.mod"))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		goV = gover.Max(goV, gover.FromGoMod(mf))
	}
	// A module needing a newer Go makes go rerun the command with one,
	// if GOTOOLCHAIN allows.
	sw := toolchain.NewSwitcher(ws.inv)
	for _, err := range errs {
		sw.Error(err)
	}
	if sw.NeedSwitch() {
		serr := sw.SwitchOnly(ctx)
		var ee *base.ExitError
		var xe *toolchain.ExecError
		if errors.As(serr, &ee) {
			return serr
		}
		if errors.As(serr, &xe) {
			fmt.Fprintln(stderr, serr)
			return base.Exit(1)
		}
		errs = append(errs, errors.New(strings.TrimPrefix(serr.Error(), "go: ")))
	}
	for _, err := range errs {
		fmt.Fprintf(stderr, "go: %v\n", err)
	}
	if failed || len(errs) > 0 {
		return base.Exit(1)
	}
	updateWorkGoVersion(wf, goV)
	return nil
}

// relWalkPath turns a path found walking root (made absolute) back into
// the spelling go walks with: root as given, then the names below it.
func (ws *workState) relWalkPath(root, path string) string {
	absRoot := ws.abs(root)
	if !strings.HasSuffix(absRoot, string(filepath.Separator)) {
		absRoot += string(filepath.Separator)
	}
	if path+string(filepath.Separator) == absRoot || path == absRoot {
		return root
	}
	if strings.HasPrefix(path, absRoot) {
		return filepath.Join(root, path[len(absRoot):])
	}
	return path
}

// updateWorkGoVersion raises wf's go line to goVers, dropping a
// toolchain line the new go line makes useless.
func updateWorkGoVersion(wf *modfile.WorkFile, goVers string) {
	if gover.Compare(gover.FromGoWork(wf), goVers) >= 0 {
		return
	}
	wf.AddGoStmt(goVers)
	if wf.Toolchain == nil {
		return
	}
	tc := wf.Toolchain.Name
	tv := gover.FromToolchain(tc)
	if tc == "go"+goVers || gover.Compare(tv, goVers) < 0 || gover.Compare(tv, gover.GoStrictVersion) < 0 {
		wf.DropToolchainStmt()
	}
}
