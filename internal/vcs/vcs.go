// Package vcs knows the version control systems the go command works with
// (Mercurial, Git, Subversion, Bazaar, Fossil): it finds the repository
// holding a directory, reads a checkout's status for VCS stamping
// (revision, commit time, uncommitted changes), and reads a local Git
// repository's commits and tags so that the main module's version can be
// derived from them. For modules fetched from their repositories it maps
// import paths to repositories (well-known hosts, VCS suffixes, go-import
// meta tags, GOVCS) and keeps Git mirrors in the module cache
// (GitRepo). Every command runs through a Runner, which prints it the
// way go's -x does.
package vcs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Cmd describes one version control system.
type Cmd struct {
	Name string   // "Git"
	Cmd  string   // name of the binary: "git"
	Env  []string // extra environment for its commands

	roots  []rootName
	status func(ctx context.Context, r *Runner, v *Cmd, dir string) (Status, error)

	// schemes are the URL schemes tried, in order, for a repository
	// named without one; ping checks that one of them answers.
	schemes []string
	ping    string
}

// String returns the system's name, as go prints it.
func (v *Cmd) String() string { return v.Name }

// Status is the state of a checkout.
type Status struct {
	Revision    string    // may be empty (no commit yet)
	CommitTime  time.Time // zero when unknown
	Uncommitted bool      // modified, added, removed or untracked files
}

type rootName struct {
	name  string
	isDir bool
}

// systems returns the known systems in the order go looks for them.
func systems() []*Cmd {
	return []*Cmd{
		{Name: "Mercurial", Cmd: "hg", Env: []string{"HGPLAIN=+strictflags"},
			roots: []rootName{{".hg", true}}, status: hgStatus,
			schemes: []string{"https", "http", "ssh"}, ping: "identify -- {scheme}://{repo}"},
		{Name: "Git", Cmd: "git",
			roots: []rootName{{".git", true}}, status: gitStatus,
			schemes: []string{"git", "https", "http", "git+ssh", "ssh"}, ping: "ls-remote {scheme}://{repo}"},
		{Name: "Subversion", Cmd: "svn",
			roots: []rootName{{".svn", true}}, status: svnStatus,
			schemes: []string{"https", "http", "svn", "svn+ssh"}, ping: "info -- {scheme}://{repo}"},
		{Name: "Bazaar", Cmd: "bzr",
			roots: []rootName{{".bzr", true}}, status: bzrStatus,
			schemes: []string{"https", "http", "bzr", "bzr+ssh"}, ping: "info -- {scheme}://{repo}"},
		{Name: "Fossil", Cmd: "fossil",
			roots: []rootName{{".fslckout", false}, {"_FOSSIL_", false}}, status: fossilStatus,
			schemes: []string{"https", "http"}},
	}
}

// ByCmd returns the system whose binary is cmd ("git"), or nil.
func ByCmd(cmd string) *Cmd {
	for _, v := range systems() {
		if v.Cmd == cmd {
			return v
		}
	}
	return nil
}

// NotFoundError reports a directory outside any known repository. It
// matches fs.ErrNotExist (and os.ErrNotExist) under errors.Is.
type NotFoundError struct {
	Dir string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("directory %q is not using a known version control system", e.Dir)
}

// Is makes NotFoundError match fs.ErrNotExist.
func (e *NotFoundError) Is(err error) bool { return err == fs.ErrNotExist }

// FromDir finds the repository containing dir: the nearest directory at
// or above dir with a VCS metadata entry (.git, .hg, ...). Unless
// allowMultiple (GODEBUG allowmultiplevcs=1) is set, the search goes on
// to the root and fails if a different system, or a non-Git repository
// inside a Git one, appears above; nested Git repositories are fine.
// Without any repository the error is a *NotFoundError.
func FromDir(dir string, allowMultiple bool) (repoDir string, v *Cmd, err error) {
	dir = filepath.Clean(dir)
	orig := dir
	for {
		for _, sys := range systems() {
			if !isRoot(dir, sys.roots) {
				continue
			}
			if v == nil {
				v, repoDir = sys, dir
				if allowMultiple {
					return repoDir, v, nil
				}
				continue
			}
			if v.Cmd == "git" && sys.Cmd == "git" {
				continue
			}
			return "", nil, fmt.Errorf("multiple VCS detected: %s in %q, and %s in %q", v.Cmd, repoDir, sys.Cmd, dir)
		}
		parent := filepath.Dir(dir)
		if len(parent) >= len(dir) {
			break
		}
		dir = parent
	}
	if v == nil {
		return "", nil, &NotFoundError{Dir: orig}
	}
	return repoDir, v, nil
}

func isRoot(dir string, roots []rootName) bool {
	for _, r := range roots {
		fi, err := os.Stat(filepath.Join(dir, r.name))
		if err == nil && fi.IsDir() == r.isDir {
			return true
		}
	}
	return false
}

// IsNotFound reports whether err says no repository was found.
func IsNotFound(err error) bool { return errors.Is(err, fs.ErrNotExist) }
