package load

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"gocmd/internal/str"
	"gocmd/internal/vcs"
)

// vcsRunner returns the runner of opts, or one for the loader's
// environment.
func (l *Loader) vcsRunner(opts BuildInfoOptions) *vcs.Runner {
	if opts.VCS != nil {
		return opts.VCS
	}
	return NewVCSRunner(l.cfg.Env.OSEnviron(), l.cfg.Env.LookPath)
}

// NewVCSRunner returns a VCS runner for a process environment (whose
// GODEBUG may set allowmultiplevcs) and PATH lookup. The caller sets X,
// Verbose and Stderr for -x and -v.
func NewVCSRunner(environ []string, lookPath func(string) (string, error)) *vcs.Runner {
	godebug := ""
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "GODEBUG="); ok {
			godebug = v
		}
	}
	allow := false
	for _, f := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(f), "="); ok && k == "allowmultiplevcs" {
			allow = v == "1"
		}
	}
	return &vcs.Runner{Environ: environ, LookPath: lookPath, AllowMultipleVCS: allow}
}

// addVCSInfo adds the vcs settings of the repository holding p's module
// when -buildvcs asks for them (true, or auto for a command that stamps
// and a package that is not only tests), and names the main module's
// version after the commit when the repository allows.
func (l *Loader) addVCSInfo(ctx context.Context, p *Package, info *debug.BuildInfo, buildvcs string, opts BuildInfoOptions) error {
	want := false
	switch buildvcs {
	case "true":
		want = true
	case "auto", "":
		buildvcs = "auto"
		want = opts.AutoVCS && !isTestOnly(p)
	}
	if !want || mainModule(p) == nil || p.Module.Version != "" || p.Standard {
		return nil
	}
	if p.Module.Path == "bootstrap" && l.cfg.Env.GOROOT() == l.cfg.Env.Get("GOROOT_BOOTSTRAP") {
		return nil
	}
	r := l.vcsRunner(opts)
	// The working directory's repository must overlap the main module;
	// the package's and the module's must then be that same repository.
	repoDir, v, err := r.FromDir(l.cfg.Dir)
	if err != nil && !vcs.IsNotFound(err) {
		return &VCSError{err}
	}
	if repoDir == "" {
		return nil
	}
	if !str.HasFilePathPrefix(p.Module.Dir, repoDir) && !str.HasFilePathPrefix(repoDir, p.Module.Dir) {
		return nil
	}
	if buildvcs == "auto" && !r.Available(v) {
		return nil
	}
	pkgRepo, _, err := r.FromDir(p.Dir)
	if err != nil {
		return &VCSError{err}
	}
	if pkgRepo != repoDir {
		if buildvcs == "auto" {
			return nil
		}
		return &VCSError{fmt.Errorf("main package is in repository %q but current directory is in repository %q", pkgRepo, repoDir)}
	}
	modRepo, _, err := r.FromDir(p.Module.Dir)
	if err != nil {
		return &VCSError{err}
	}
	if modRepo != repoDir {
		if buildvcs == "auto" {
			return nil
		}
		return &VCSError{fmt.Errorf("main module is in repository %q but current directory is in repository %q", modRepo, repoDir)}
	}
	st, err := r.Status(ctx, v, repoDir)
	if err != nil {
		return &VCSError{err}
	}

	set := func(key, value string) {
		info.Settings = append(info.Settings, debug.BuildSetting{Key: key, Value: strings.ReplaceAll(value, "\n", " ")})
	}
	set("vcs", v.Cmd)
	if st.Revision != "" {
		set("vcs.revision", st.Revision)
	}
	if !st.CommitTime.IsZero() {
		set("vcs.time", st.CommitTime.UTC().Format(time.RFC3339Nano))
	}
	set("vcs.modified", strconv.FormatBool(st.Uncommitted))

	if vers := l.localModuleVersion(ctx, r, p, repoDir, st); vers != "" {
		if st.Uncommitted {
			// Build metadata: a +incompatible version gets another
			// dot-separated identifier.
			if strings.HasSuffix(vers, "+incompatible") {
				vers += ".dirty"
			} else {
				vers += "+dirty"
			}
		}
		info.Main.Version = vers
	}
	return nil
}
