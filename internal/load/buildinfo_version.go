package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"gocmd/internal/modfetch"
	"gocmd/internal/vcs"
	"gocmd/internal/wire"
)

// localModuleVersion names the main module's version after the commit
// the repository at repoDir has checked out, as a module proxy would: a
// release tag of the commit, or else a pseudo-version based on the
// closest earlier tag. It returns "" when go would keep "(devel)": no
// go.mod at the repository root, a repository go cannot read in place
// (only Git is read), or a commit that does not fit the module path.
func (l *Loader) localModuleVersion(ctx context.Context, r *vcs.Runner, p *Package, repoDir string, st vcs.Status) string {
	rootPath := l.goModPath(repoDir)
	if rootPath == "" {
		return ""
	}
	codeRoot, _, ok := module.SplitPathVersion(rootPath)
	if !ok {
		return ""
	}
	modPath := p.Module.Path
	vers, err := r.Once("version\x00"+modPath+"\x00"+st.Revision, func() (string, error) {
		if l.cfg.Env.Var("GOPROXY") == "off" {
			// Without a proxy to ask about tags, go trusts the
			// pseudo-version it cached earlier for the commit.
			if v := l.cachedPseudoVersion(modPath, st.Revision); v != "" {
				return v, nil
			}
		}
		dir, v, err := r.FromDir(repoDir)
		if err != nil {
			return "", err
		}
		if v.Cmd != "git" {
			return "", errors.ErrUnsupported
		}
		g, err := r.LocalGit(ctx, dir)
		if err != nil {
			return "", err
		}
		repo, err := newLocalRepo(g, codeRoot, modPath)
		if err != nil {
			return "", err
		}
		info, err := repo.stat(ctx, st.Revision)
		if err != nil {
			return "", err
		}
		l.writeStatCache(modPath, info)
		return info.Version, nil
	})
	if err != nil {
		return ""
	}
	return vers
}

// cachedPseudoVersion returns the highest pseudo-version of modPath for
// commit rev that has a .info file in the module cache, or "".
func (l *Loader) cachedPseudoVersion(modPath, rev string) string {
	if len(rev) < 12 || strings.Trim(rev, "0123456789abcdef") != "" {
		return ""
	}
	c := &modfetch.Cache{Dir: l.cfg.Env.GOMODCACHE()}
	dir, err := c.CacheDir(modPath)
	if err != nil {
		return ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	highest, found := "", ""
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), "-"+rev[:12]+".info") {
			continue
		}
		v := strings.TrimSuffix(e.Name(), ".info")
		if !module.IsPseudoVersion(v) || semver.Compare(v, highest) <= 0 {
			continue
		}
		highest = v
		found = ""
		if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
			var info modRevInfo
			if json.Unmarshal(data, &info) == nil {
				found = info.Version
			}
		}
	}
	return found
}

// modRevInfo is a module version found for a revision, in the form of
// the module cache's .info files.
type modRevInfo struct {
	Version string
	Time    time.Time
	Origin  *wire.Origin `json:",omitempty"`
}

// writeStatCache records info in the module cache under its version, as
// go does after resolving a revision.
func (l *Loader) writeStatCache(modPath string, info *modRevInfo) {
	c := &modfetch.Cache{Dir: l.cfg.Env.GOMODCACHE()}
	file, err := c.CachePath(module.Version{Path: modPath, Version: info.Version}, "info")
	if err != nil {
		return
	}
	data, err := json.Marshal(info)
	if err == nil {
		err = writeFileAtomic(file, data)
	}
	if err != nil && l.cfg.Warn != nil {
		l.cfg.Warn(fmt.Sprintf("go: writing stat cache: %v", err))
	}
}

// writeFileAtomic writes file through a temporary file in its directory
// renamed into place.
func writeFileAtomic(file string, data []byte) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	var f *os.File
	var err error
	for range 10000 {
		name := filepath.Join(dir, filepath.Base(file)+strconv.Itoa(rand.Intn(1000000000))+".tmp")
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !os.IsExist(err) {
			break
		}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// localRepo is a module inside a local Git repository: the module path
// (modPath) is codeRoot, the module path of the repository root without
// its major version suffix, followed by codeDir, the module's directory
// in the repository, and pathMajor.
type localRepo struct {
	g                     *vcs.LocalGit
	modPath               string
	codeRoot, codeDir     string
	pathPrefix, pathMajor string
	pseudoMajor           string
}

func newLocalRepo(g *vcs.LocalGit, codeRoot, modPath string) (*localRepo, error) {
	if !hasModPathPrefix(modPath, codeRoot) {
		return nil, fmt.Errorf("mismatched repo: found %s for %s", codeRoot, modPath)
	}
	prefix, major, ok := module.SplitPathVersion(modPath)
	if !ok {
		return nil, fmt.Errorf("invalid module path %q", modPath)
	}
	if codeRoot == modPath {
		prefix = modPath
	}
	r := &localRepo{g: g, modPath: modPath, codeRoot: codeRoot, pathPrefix: prefix,
		pathMajor: major, pseudoMajor: module.PathMajorPrefix(major)}
	if codeRoot != modPath {
		if !hasModPathPrefix(prefix, codeRoot) {
			return nil, fmt.Errorf("repository rooted at %s cannot contain module %s", codeRoot, modPath)
		}
		r.codeDir = strings.Trim(prefix[len(codeRoot):], "/")
	}
	return r, nil
}

// hasModPathPrefix reports whether slash-separated s starts with the
// elements of prefix.
func hasModPathPrefix(s, prefix string) bool {
	switch {
	case len(s) == len(prefix):
		return s == prefix
	case len(s) > len(prefix):
		if prefix != "" && prefix[len(prefix)-1] == '/' {
			return strings.HasPrefix(s, prefix)
		}
		return s[len(prefix)] == '/' && s[:len(prefix)] == prefix
	}
	return false
}

func (r *localRepo) versionError(v string, err error) error {
	return &module.ModuleError{Path: r.modPath, Err: &module.InvalidVersionError{Version: v, Err: err}}
}

// stat finds the module version of rev, a commit hash.
func (r *localRepo) stat(ctx context.Context, rev string) (*modRevInfo, error) {
	info, err := r.g.Stat(ctx, rev)
	if err != nil {
		return nil, r.versionError(rev, err)
	}
	v, err := r.convert(ctx, info, rev)
	if err != nil {
		return nil, err
	}
	origin := &wire.Origin{VCS: "git", Subdir: r.codeDir, Hash: info.Name}
	return &modRevInfo{Version: v, Time: info.Time, Origin: origin}, nil
}

// tagVersion returns the version a tag names for this module: the tag
// without the codeDir/ prefix, if that is a full semantic version that
// does not look like a pseudo-version. canonical reports that the tag
// has no build metadata beyond it.
func (r *localRepo) tagVersion(tag string) (v string, canonical bool) {
	prefix := ""
	if r.codeDir != "" {
		prefix = r.codeDir + "/"
	}
	trimmed, ok := strings.CutPrefix(tag, prefix)
	if !ok || module.IsPseudoVersion(tag) {
		return "", false
	}
	v = semver.Canonical(trimmed)
	if v == "" || !strings.HasPrefix(trimmed, v) {
		return "", false
	}
	return v, v == trimmed
}

// convert picks the version of commit info (asked for as statVers): its
// highest usable release tag, else a pseudo-version.
func (r *localRepo) convert(ctx context.Context, info *vcs.RevInfo, statVers string) (string, error) {
	incompatibleOK := map[string]bool{}
	canUseIncompatible := func(v string) bool {
		if r.codeDir != "" || r.pathMajor != "" {
			return false
		}
		ok, seen := incompatibleOK[""]
		if !seen {
			_, err := r.g.ReadFile(ctx, info.Name, "go.mod")
			ok = err != nil
			incompatibleOK[""] = ok
		}
		if !ok {
			return false
		}
		if v != "" && !strings.HasSuffix(statVers, "+incompatible") {
			major := semver.Major(v)
			ok, seen = incompatibleOK[major]
			if !seen {
				_, err := r.g.ReadFile(ctx, info.Name, path.Join(major, "go.mod"))
				ok = err != nil
				incompatibleOK[major] = ok
			}
		}
		return ok
	}
	checkCanonical := func(v string) (string, error) {
		if err := r.findDir(ctx, v); err != nil {
			return "", r.versionError(v, notExist{err})
		}
		if v == strings.TrimSuffix(statVers, "+incompatible") {
			v = statVers
		}
		base := strings.TrimSuffix(v, "+incompatible")
		if !module.MatchPathMajor(base, r.pathMajor) {
			if !canUseIncompatible(base) {
				if r.pathMajor != "" {
					return "", r.versionError(v, errors.New("module path includes a major version suffix, so major version must match"))
				}
				return "", r.versionError(v, fmt.Errorf("module contains a go.mod file, so module path must match major version (%q)", path.Join(r.pathPrefix, semver.Major(v))))
			}
			v = base + "+incompatible"
		} else if strings.HasSuffix(v, "+incompatible") {
			return "", r.versionError(v, fmt.Errorf("+incompatible suffix not allowed: major version %s is compatible", semver.Major(v)))
		}
		return v, nil
	}

	if v, canonical := r.tagVersion(info.Version); canonical {
		if v, err := checkCanonical(v); err == nil {
			return v, nil
		}
	}
	// A local repository knows of no other versions, hence of no
	// retractions.
	var highest, pseudoBase string
	for _, tag := range info.Tags {
		v, canonical := r.tagVersion(tag)
		if statVers != "" && semver.Compare(v, statVers) == 0 {
			if canonical {
				return checkCanonical(v)
			}
			pseudoBase = v
		}
		if canonical && semver.Compare(highest, v) < 0 {
			if module.MatchPathMajor(v, r.pathMajor) || canUseIncompatible(v) {
				highest = v
			}
		}
	}
	if highest != "" {
		return checkCanonical(highest)
	}
	if pseudoBase == "" {
		prefix := ""
		if r.codeDir != "" {
			prefix = r.codeDir + "/"
		}
		allowed := func(tag string) bool {
			v, _ := r.tagVersion(tag)
			return v != "" && (module.MatchPathMajor(v, r.pathMajor) || canUseIncompatible(v))
		}
		tag, err := r.g.RecentTag(ctx, info.Name, prefix, allowed)
		if err != nil {
			return "", err
		}
		if tag != "" {
			pseudoBase, _ = r.tagVersion(tag)
		}
	}
	return checkCanonical(module.PseudoVersion(r.pseudoMajor, pseudoBase, info.Time, info.Short))
}

// notExist marks an error as fs.ErrNotExist.
type notExist struct{ err error }

func (e notExist) Error() string        { return e.err.Error() }
func (e notExist) Is(target error) bool { return target == fs.ErrNotExist }

// revision returns the repository revision of a module version: the
// commit of a pseudo-version, or the tag (with codeDir/ prefix).
func (r *localRepo) revision(v string) (string, error) {
	if !semver.IsValid(v) {
		return "", r.versionError(v, errors.New("syntax error"))
	}
	if module.IsPseudoVersion(v) {
		rev, _ := module.PseudoVersionRev(v)
		return rev, nil
	}
	v = strings.TrimSuffix(v, "+incompatible")
	if r.codeDir == "" {
		return v, nil
	}
	return r.codeDir + "/" + v, nil
}

// findDir checks that version v of the module has a go.mod where the
// module path says it must be (or may lack one at the repository root
// for v0 and v1), declaring a compatible module path.
func (r *localRepo) findDir(ctx context.Context, v string) error {
	rev, err := r.revision(v)
	if err != nil {
		return err
	}
	file1 := path.Join(r.codeDir, "go.mod")
	gomod1, err1 := r.g.ReadFile(ctx, rev, file1)
	if err1 != nil && !errors.Is(err1, fs.ErrNotExist) {
		return fmt.Errorf("reading %s/%s at revision %s: %v", r.codeRoot, file1, rev, err1)
	}
	mpath1 := modfile.ModulePath(gomod1)
	found1 := err1 == nil && (isMajor(mpath1, r.pathMajor) || r.pathMajor == "" && strings.HasPrefix(mpath1, "gopkg.in/"))

	var file2 string
	if r.pathMajor != "" && r.codeRoot != r.modPath && !strings.HasPrefix(r.pathMajor, ".") {
		dir2 := path.Join(r.codeDir, r.pathMajor[1:])
		file2 = path.Join(dir2, "go.mod")
		gomod2, err2 := r.g.ReadFile(ctx, rev, file2)
		if err2 != nil && !errors.Is(err2, fs.ErrNotExist) {
			return fmt.Errorf("reading %s/%s at revision %s: %v", r.codeRoot, file2, rev, err2)
		}
		mpath2 := modfile.ModulePath(gomod2)
		found2 := err2 == nil && isMajor(mpath2, r.pathMajor)
		switch {
		case found1 && found2:
			return fmt.Errorf("%s/%s and ...%s/go.mod both have ...%s module paths at revision %s", r.pathPrefix, file1, r.pathMajor, r.pathMajor, rev)
		case found2:
			return nil
		case err2 == nil && mpath2 == "":
			return fmt.Errorf("%s/%s is missing module path at revision %s", r.codeRoot, file2, rev)
		case err2 == nil:
			return fmt.Errorf("%s/%s has non-...%s module path %q at revision %s", r.codeRoot, file2, r.pathMajor, mpath2, rev)
		}
	}
	if found1 {
		return nil
	}
	if err1 == nil {
		suffix := ""
		if file2 != "" {
			suffix = fmt.Sprintf(" (and ...%s/go.mod does not exist)", r.pathMajor)
		}
		if mpath1 == "" {
			return fmt.Errorf("%s is missing module path%s at revision %s", file1, suffix, rev)
		}
		if r.pathMajor != "" {
			return fmt.Errorf("%s has non-...%s module path %q%s at revision %s", file1, r.pathMajor, mpath1, suffix, rev)
		}
		if _, _, ok := module.SplitPathVersion(mpath1); !ok {
			return fmt.Errorf("%s has malformed module path %q%s at revision %s", file1, mpath1, suffix, rev)
		}
		return fmt.Errorf("%s has post-%s module path %q%s at revision %s", file1, semver.Major(v), mpath1, suffix, rev)
	}
	if r.codeDir == "" && (r.pathMajor == "" || strings.HasPrefix(r.pathMajor, ".")) {
		return nil
	}
	if file2 != "" {
		return fmt.Errorf("missing %s/go.mod and ...%s/go.mod at revision %s", r.pathPrefix, r.pathMajor, rev)
	}
	return fmt.Errorf("missing %s/go.mod at revision %s", r.pathPrefix, rev)
}

// isMajor reports whether module path mpath allows the major versions
// of pathMajor.
func isMajor(mpath, pathMajor string) bool {
	if mpath == "" {
		return false
	}
	_, mpathMajor, ok := module.SplitPathVersion(mpath)
	if !ok {
		return false
	}
	if pathMajor == "" {
		switch module.PathMajorPrefix(mpathMajor) {
		case "", "v0", "v1":
			return true
		}
		return false
	}
	if mpathMajor == "" {
		return false
	}
	return pathMajor[1:] == mpathMajor[1:]
}
