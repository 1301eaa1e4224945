package vcs

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/lockedfile"
)

// WorkDir returns the directory of the module cache's VCS work area
// for a repository of kind typ ("git3") at name, creating it (and its
// .info and .lock files) as go does, and tracing that under -x.
func (r *Runner) WorkDir(modCache, typ, name string) (dir, lockfile string, err error) {
	if modCache == "" {
		return "", "", fmt.Errorf("neither GOPATH nor GOMODCACHE are set")
	}
	key := typ + ":" + name
	dir = filepath.Join(modCache, "cache/vcs", fmt.Sprintf("%x", sha256.Sum256([]byte(key))))
	r.printf(r.X, "mkdir -p %s # %s %s\n", filepath.Dir(dir), typ, name)
	if err := os.MkdirAll(filepath.Dir(dir), 0o777); err != nil {
		return "", "", err
	}
	lockfile = dir + ".lock"
	r.printf(r.X, "# lock %s\n", lockfile)
	unlock, err := lockedfile.MutexAt(lockfile).Lock()
	if err != nil {
		return "", "", fmt.Errorf("codehost.WorkDir: can't find or create lock file: %v", err)
	}
	defer unlock()
	data, err := os.ReadFile(dir + ".info")
	fi, err2 := os.Stat(dir)
	if err == nil && err2 == nil && fi.IsDir() {
		if have := strings.TrimSuffix(string(data), "\n"); have != key {
			return "", "", fmt.Errorf("%s exists with wrong content (have %q want %q)", dir+".info", have, key)
		}
		r.printf(r.X, "# %s for %s %s\n", dir, typ, name)
		return dir, lockfile, nil
	}
	r.printf(r.X, "mkdir -p %s # %s %s\n", dir, typ, name)
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(dir+".info", []byte(key), 0o666); err != nil {
		os.RemoveAll(dir)
		return "", "", err
	}
	return dir, lockfile, nil
}

// InitOtherRepo creates the module cache's work area for a repository
// of a system other than Git, running its first command (clone or
// init) as go does; a missing binary fails there with exec's error.
func (r *Runner) InitOtherRepo(ctx context.Context, modCache string, v *Cmd, remote string) error {
	if !strings.Contains(remote, "://") {
		return fmt.Errorf("invalid vcs remote: %s %s", v.Cmd, remote)
	}
	dir, lockfile, err := r.WorkDir(modCache, "vcs1."+v.Cmd, remote)
	if err != nil {
		return err
	}
	var initCmd []string
	switch v.Cmd {
	case "hg":
		initCmd = []string{"hg", "init", "."}
	case "bzr":
		initCmd = []string{"bzr", "branch", "--use-existing-dir", "--", remote, "."}
	case "fossil":
		initCmd = []string{"fossil", "clone", "--", remote, ".fossil"}
	default:
		return nil
	}
	unlock, err := lockedfile.MutexAt(lockfile).Lock()
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := os.Stat(filepath.Join(dir, "."+v.Cmd)); err == nil {
		return nil
	}
	if _, err := r.runRepo(ctx, dir, initCmd...); err != nil {
		os.RemoveAll(dir)
		return err
	}
	return nil
}
