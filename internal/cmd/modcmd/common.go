package modcmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/fsys"
	"gocmd/internal/lockedfile"
	"gocmd/internal/modload"
)

// absPath resolves a command-line path against the working directory.
func absPath(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// sideLock takes the module cache's side lock, as go does (best effort)
// before rewriting a go.mod, so that older go commands do not edit it at
// the same time. It creates GOMODCACHE/cache/lock.
func sideLock(inv *base.Invocation) (unlock func(), err error) {
	cache := inv.Env.GOMODCACHE()
	if cache == "" || !filepath.IsAbs(cache) {
		return nil, errors.New("no module cache")
	}
	path := filepath.Join(cache, "cache", "lock")
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, err
	}
	return lockedfile.MutexAt(path).Lock()
}

// rootOptions say how findModRoot behaves for one command.
type rootOptions struct {
	// forceModules makes GO111MODULE=auto mean on and off an error.
	forceModules bool
}

// modRootResult is what findModRoot learned.
type modRootResult struct {
	root string // main module root; "" for none
	// mustUse reports module mode is on even without a go.mod.
	mustUse bool
}

// findModRoot looks for the main module the way go's module loader does
// before reading any go.mod (single-module mode, go.work ignored): it
// checks GO111MODULE, the -overlay file and -modfile, and warns about a
// go.mod in the system temp directory or in $GOPATH. It is a local
// helper: modload.Init reads and checks the go.mod, which commands such
// as 'go mod edit' and 'go mod init' must not do.
func findModRoot(inv *base.Invocation, f *ModFlags, opt rootOptions) (modRootResult, error) {
	var res modRootResult
	if err := modload.CheckFIPS(inv.Env, nil, false); err != nil {
		return res, err
	}
	switch v := inv.Env.Get("GO111MODULE"); v {
	default:
		return res, fmt.Errorf("go: unknown environment setting GO111MODULE=%s", v)
	case "auto":
		res.mustUse = opt.forceModules
	case "on", "":
		res.mustUse = true
	case "off":
		if opt.forceModules {
			return res, errors.New("go: modules disabled by GO111MODULE=off; see 'go help modules'")
		}
		return res, nil
	}
	if _, err := fsys.LoadOverlay(f.Overlay, inv.Dir); err != nil {
		return res, fmt.Errorf("go: %v", err)
	}
	root := modload.FindModuleRoot(inv.Dir)
	switch {
	case root == "":
		if f.ModFile != "" {
			return res, errors.New("go: cannot find main module, but -modfile was set.\n\t-modfile cannot be used to set the module root directory.")
		}
		if !res.mustUse {
			return res, nil
		}
	case root == filepath.Clean(os.TempDir()):
		fmt.Fprintf(inv.Stderr, "go: warning: ignoring go.mod in system temp root %v\n", os.TempDir())
		if !res.mustUse {
			return res, nil
		}
	default:
		res.root = root
	}
	if f.ModFile != "" && !strings.HasSuffix(f.ModFile, ".mod") {
		return res, fmt.Errorf("go: -modfile=%s: file does not have .mod extension", f.ModFile)
	}
	if gopath := firstGOPATH(inv); gopath != "" {
		if fi, err := os.Stat(filepath.Join(gopath, "go.mod")); err == nil && !fi.IsDir() {
			fmt.Fprintf(inv.Stderr, "go: warning: ignoring go.mod in $GOPATH %v\n", gopath)
		}
	}
	return res, nil
}

func firstGOPATH(inv *base.Invocation) string {
	list := filepath.SplitList(inv.Env.GOPATH())
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

// noModRootError is go's error for a command that needs a main module
// and has none (outside workspace mode).
func noModRootError(inv *base.Invocation) error {
	if inv.Env.Get("GO111MODULE") == "off" {
		return errors.New("go: modules disabled by GO111MODULE=off; see 'go help modules'")
	}
	if dir, name := findAltConfig(inv); dir != "" {
		rel, err := filepath.Rel(inv.Dir, dir)
		if err != nil {
			rel = dir
		}
		cd := ""
		if rel != "." {
			cd = fmt.Sprintf("cd %s && ", rel)
		}
		return fmt.Errorf("go: cannot find main module, but found %s in %s\n\tto create a module there, run:\n\t%sgo mod init", name, dir, cd)
	}
	return errors.New("go: go.mod file not found in current directory or any parent directory; see 'go help modules'")
}

// findAltConfig looks for a legacy configuration file (.git/config)
// at or above the working directory, outside GOROOT.
func findAltConfig(inv *base.Invocation) (dir, name string) {
	dir = filepath.Clean(inv.Dir)
	if goroot := inv.Env.GOROOT(); goroot != "" && inDir(dir, goroot) {
		return "", ""
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, ".git", "config")); err == nil && !fi.IsDir() {
			return dir, ".git/config"
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ""
		}
		dir = parent
	}
}

// inDir reports whether path is dir or below it.
func inDir(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// modFilePath returns the go.mod of the main module rooted at root, or
// the -modfile file.
func modFilePath(f *ModFlags, root string) string {
	if f.ModFile != "" {
		return f.ModFile
	}
	return filepath.Join(root, "go.mod")
}
