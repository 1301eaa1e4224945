package modfetch

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	modzip "golang.org/x/mod/zip"

	"gocmd/internal/gover"
	"gocmd/internal/vcs"
	"gocmd/internal/wire"
)

// codeHost is a version control repository as the module layer sees
// it: tags, commits, files at a commit and archives.
type codeHost interface {
	Tags(ctx context.Context, prefix string) ([]vcs.Tag, *wire.Origin, error)
	Stat(ctx context.Context, rev string) (*vcs.Rev, error)
	Latest(ctx context.Context) (*vcs.Rev, error)
	ReadFile(ctx context.Context, rev, file string) ([]byte, error)
	RecentTag(ctx context.Context, rev, prefix string, allowed func(string) bool) (string, error)
	DescendsFrom(ctx context.Context, rev, tag string) (bool, error)
	ReadZip(ctx context.Context, rev, subdir string) ([]byte, error)
	CheckReuse(ctx context.Context, old *wire.Origin, subdir string) error
}

// codeRepo is one module of a repository: its versions are the
// repository's tags (prefixed by the module's directory) and its
// commits, named by pseudo-versions.
type codeRepo struct {
	modPath     string
	code        codeHost
	codeRoot    string // import path of the repository root
	codeDir     string // module directory in the repository
	pathPrefix  string // modPath without its major version suffix
	pathMajor   string // "/v2", ".v2" or ""
	pseudoMajor string // major version of pseudo-versions
	goVersion   string // the running Go version, for too-new checks
}

func newCodeRepo(code codeHost, codeRoot, subdir, modPath, goVersion string) (*codeRepo, error) {
	if !hasPathPrefix(modPath, codeRoot) {
		return nil, fmt.Errorf("mismatched repo: found %s for %s", codeRoot, modPath)
	}
	prefix, major, ok := module.SplitPathVersion(modPath)
	if !ok {
		return nil, fmt.Errorf("invalid module path %q", modPath)
	}
	if codeRoot == modPath {
		prefix = modPath
	}
	dir := ""
	if codeRoot != modPath {
		if !hasPathPrefix(prefix, codeRoot) {
			return nil, fmt.Errorf("repository rooted at %s cannot contain module %s", codeRoot, modPath)
		}
		dir = strings.Trim(prefix[len(codeRoot):], "/")
	}
	if subdir != "" {
		dir = path.Join(dir, subdir)
	}
	return &codeRepo{modPath: modPath, code: code, codeRoot: codeRoot, codeDir: dir,
		pathPrefix: prefix, pathMajor: major, pseudoMajor: module.PathMajorPrefix(major), goVersion: goVersion}, nil
}

func hasPathPrefix(s, prefix string) bool {
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

func (r *codeRepo) tagPrefix() string {
	if r.codeDir == "" {
		return ""
	}
	return r.codeDir + "/"
}

// versions lists the module's release and prerelease tags, with
// +incompatible ones for a v2+ repository without go.mod.
func (r *codeRepo) versions(ctx context.Context) ([]string, []string, error) {
	if strings.HasPrefix(r.modPath, "gopkg.in/") && strings.HasSuffix(r.modPath, "-unstable") {
		return nil, nil, nil
	}
	p := r.tagPrefix()
	tags, _, err := r.code.Tags(ctx, p)
	if err != nil {
		return nil, nil, &module.ModuleError{Path: r.modPath, Err: err}
	}
	var list, incompatible []string
	for _, t := range tags {
		v := strings.TrimPrefix(t.Name, p)
		if v == "" || v != semver.Canonical(v) || module.IsPseudoVersion(v) {
			continue
		}
		if err := module.CheckPathMajor(v, r.pathMajor); err != nil {
			if r.codeDir == "" && r.pathMajor == "" && semver.Major(v) > "v1" {
				incompatible = append(incompatible, v)
			}
			continue
		}
		list = append(list, v)
	}
	semver.Sort(list)
	semver.Sort(incompatible)
	if len(incompatible) == 0 || r.pathMajor != "" {
		return list, nil, nil
	}
	hasGoMod := func(v string) (bool, error) {
		_, err := r.code.ReadFile(ctx, v, "go.mod")
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return false, &module.ModuleError{Path: r.modPath, Err: err}
		}
		return false, nil
	}
	if len(list) > 0 {
		ok, err := hasGoMod(list[len(list)-1])
		if err != nil {
			return nil, nil, err
		}
		if ok {
			// A module with go.mod has no +incompatible versions.
			return list, nil, nil
		}
	}
	lastMajor, lastMajorHasGoMod := "", false
	for i, v := range incompatible {
		if major := semver.Major(v); major != lastMajor {
			rest := incompatible[i:]
			j := sort.Search(len(rest), func(j int) bool { return semver.Major(rest[j]) != major })
			var err error
			lastMajor = major
			if lastMajorHasGoMod, err = hasGoMod(rest[j-1]); err != nil {
				return nil, nil, err
			}
		}
		if !lastMajorHasGoMod {
			list = append(list, v+"+incompatible")
		}
	}
	return list, nil, nil
}

// revToRev maps a module version to the repository revision naming it.
func (r *codeRepo) revToRev(rev string) string {
	if !semver.IsValid(rev) {
		return rev
	}
	if module.IsPseudoVersion(rev) {
		h, _ := module.PseudoVersionRev(rev)
		return h
	}
	rev = strings.TrimSuffix(rev, "+incompatible")
	return r.tagPrefix() + rev
}

func (r *codeRepo) invalid(v string, err error) error {
	return &module.ModuleError{Path: r.modPath, Err: &module.InvalidVersionError{Version: v, Err: err}}
}

func (r *codeRepo) stat(ctx context.Context, rev string) (*RevInfo, error) {
	if rev == "latest" {
		return r.latest(ctx)
	}
	info, err := r.code.Stat(ctx, r.revToRev(rev))
	if err != nil {
		// The repository's state (RepoSum) still says why.
		var ri *RevInfo
		if info != nil {
			ri = &RevInfo{Origin: info.Origin, Version: rev}
		}
		return ri, r.invalid(rev, err)
	}
	return r.convert(ctx, info, rev)
}

func (r *codeRepo) latest(ctx context.Context) (*RevInfo, error) {
	info, err := r.code.Latest(ctx)
	if err != nil {
		if info != nil {
			return &RevInfo{Origin: info.Origin}, err
		}
		return nil, err
	}
	return r.convert(ctx, info, "")
}

// convert names a commit with the module version go would give it: a
// canonical tag on it, else a pseudo-version based on the nearest
// tagged ancestor. statVers is the version asked for, if any.
func (r *codeRepo) convert(ctx context.Context, info *vcs.Rev, statVers string) (ri *RevInfo, err error) {
	defer func() { r.addOrigin(ctx, info, statVers, &ri, &err) }()
	incompatibleOK := map[string]bool{}
	canUseIncompatible := func(v string) bool {
		if r.codeDir != "" || r.pathMajor != "" {
			return false
		}
		ok, seen := incompatibleOK[""]
		if !seen {
			_, e := r.code.ReadFile(ctx, info.Name, "go.mod")
			ok = e != nil
			incompatibleOK[""] = ok
		}
		if !ok {
			return false
		}
		if v != "" && !strings.HasSuffix(statVers, "+incompatible") {
			major := semver.Major(v)
			ok, seen = incompatibleOK[major]
			if !seen {
				_, e := r.code.ReadFile(ctx, info.Name, path.Join(major, "go.mod"))
				ok = e != nil
				incompatibleOK[major] = ok
			}
		}
		return ok
	}
	checkCanonical := func(v string) (*RevInfo, error) {
		if _, _, _, err := r.findDir(ctx, v); err != nil {
			return nil, r.invalid(v, notExistError{err})
		}
		if v == strings.TrimSuffix(statVers, "+incompatible") {
			v = statVers
		}
		base := strings.TrimSuffix(v, "+incompatible")
		var errIncompatible error
		if !module.MatchPathMajor(base, r.pathMajor) {
			if canUseIncompatible(base) {
				v = base + "+incompatible"
			} else if r.pathMajor != "" {
				errIncompatible = r.invalid(v, errors.New("module path includes a major version suffix, so major version must match"))
			} else {
				errIncompatible = r.invalid(v, fmt.Errorf("module contains a go.mod file, so module path must match major version (%q)", path.Join(r.pathPrefix, semver.Major(v))))
			}
		} else if strings.HasSuffix(v, "+incompatible") {
			errIncompatible = r.invalid(v, fmt.Errorf("+incompatible suffix not allowed: major version %s is compatible", semver.Major(v)))
		}
		if statVers != "" && statVers == module.CanonicalVersion(statVers) {
			if sb := strings.TrimSuffix(statVers, "+incompatible"); sb != base {
				return nil, r.invalid(statVers, fmt.Errorf("resolves to version %v (%s is not a tag)", v, sb))
			}
		}
		if errIncompatible != nil {
			return nil, errIncompatible
		}
		return &RevInfo{Version: v, Time: info.Time, name: info.Name, short: info.Short}, nil
	}
	if module.IsPseudoVersion(statVers) {
		ri, err := checkCanonical(statVers)
		if err != nil {
			return ri, err
		}
		if err := r.validatePseudoVersion(ctx, info, statVers); err != nil {
			return nil, err
		}
		return ri, nil
	}
	prefix := r.tagPrefix()
	retracted := r.retractedVersions(ctx)
	tagToVersion := func(tag string) (string, bool) {
		trimmed, ok := strings.CutPrefix(tag, prefix)
		if !ok || module.IsPseudoVersion(tag) {
			return "", false
		}
		v := semver.Canonical(trimmed)
		if v == "" || !strings.HasPrefix(trimmed, v) {
			return "", false
		}
		return v, v == trimmed
	}
	if v, canonical := tagToVersion(info.Version); canonical {
		if ri, err := checkCanonical(v); err == nil {
			return ri, nil
		}
	}
	highest, pseudoBase := "", ""
	for _, tag := range info.Tags {
		v, canonical := tagToVersion(tag)
		if statVers != "" && semver.Compare(v, statVers) == 0 {
			if canonical {
				return checkCanonical(v)
			}
			pseudoBase = v
		}
		if canonical && semver.Compare(highest, v) < 0 && !retracted(v) {
			if module.MatchPathMajor(v, r.pathMajor) || canUseIncompatible(v) {
				highest = v
			}
		}
	}
	if highest != "" {
		return checkCanonical(highest)
	}
	allowed := func(tag string) bool {
		v, _ := tagToVersion(tag)
		if v == "" || !module.MatchPathMajor(v, r.pathMajor) && !canUseIncompatible(v) {
			return false
		}
		return !retracted(v)
	}
	if pseudoBase == "" {
		tag, err := r.code.RecentTag(ctx, info.Name, prefix, allowed)
		if err != nil {
			return nil, err
		}
		if tag != "" {
			pseudoBase, _ = tagToVersion(tag)
		}
	}
	return checkCanonical(module.PseudoVersion(r.pseudoMajor, pseudoBase, info.Time, info.Short))
}

// addOrigin records where a version came from, with the tag checksum
// a pseudo-version depends on. Even a failed conversion gets a result
// holding the origin.
func (r *codeRepo) addOrigin(ctx context.Context, info *vcs.Rev, statVers string, rip **RevInfo, errp *error) {
	if info.Origin == nil {
		return
	}
	if *rip == nil {
		*rip = new(RevInfo)
	}
	ri := *rip
	o := *info.Origin
	o.Subdir = r.codeDir
	ri.Origin = &o
	v := ri.Version
	if module.IsPseudoVersion(v) && (v != statVers || !strings.HasPrefix(v, "v0.0.0-")) {
		prefix := r.tagPrefix()
		if r.pathMajor != "" {
			prefix += r.pathMajor[1:] + "."
		}
		_, to, err := r.code.Tags(ctx, prefix)
		if err != nil {
			ri.Origin = nil
			if *errp == nil {
				*errp = err
			}
			return
		}
		o.TagPrefix, o.TagSum = to.TagPrefix, to.TagSum
	}
}

func (r *codeRepo) validatePseudoVersion(ctx context.Context, info *vcs.Rev, version string) (err error) {
	defer func() {
		if err != nil {
			if _, ok := err.(*module.ModuleError); !ok {
				if _, ok := err.(*module.InvalidVersionError); !ok {
					err = &module.InvalidVersionError{Version: version, Pseudo: true, Err: err}
				}
				err = &module.ModuleError{Path: r.modPath, Err: err}
			}
		}
	}()
	rev, err := module.PseudoVersionRev(version)
	if err != nil {
		return err
	}
	if rev != info.Short {
		switch {
		case strings.HasPrefix(rev, info.Short):
			return fmt.Errorf("revision is longer than canonical (expected %s)", info.Short)
		case strings.HasPrefix(info.Short, rev):
			return fmt.Errorf("revision is shorter than canonical (expected %s)", info.Short)
		default:
			return fmt.Errorf("does not match short name of revision (expected %s)", info.Short)
		}
	}
	t, err := module.PseudoVersionTime(version)
	if err != nil {
		return err
	}
	if !t.Equal(info.Time.Truncate(time.Second)) {
		return fmt.Errorf("does not match version-control timestamp (expected %s)", info.Time.UTC().Format(module.PseudoVersionTimestampFormat))
	}
	prefix := r.tagPrefix()
	base, err := module.PseudoVersionBase(strings.TrimSuffix(version, "+incompatible"))
	if err != nil {
		return err
	}
	if base == "" {
		if r.pseudoMajor == "" && semver.Major(version) == "v1" {
			return fmt.Errorf("major version without preceding tag must be v0, not v1")
		}
		return nil
	}
	for _, tag := range info.Tags {
		if strings.TrimPrefix(tag, prefix) == base {
			return fmt.Errorf("tag (%s) found on revision %s is already canonical, so should not be replaced with a pseudo-version derived from that tag", tag, rev)
		}
	}
	tags, _, err := r.code.Tags(ctx, prefix+base)
	if err != nil {
		return err
	}
	lastTag, found := "", false
	for _, tag := range tags {
		if semver.Compare(strings.TrimPrefix(tag.Name, prefix), base) == 0 {
			lastTag = tag.Name
			found, err = r.code.DescendsFrom(ctx, info.Name, tag.Name)
			if found {
				break
			}
		}
	}
	if lastTag == "" {
		return fmt.Errorf("preceding tag (%s) not found", base)
	}
	if !found {
		if err != nil {
			return err
		}
		return fmt.Errorf("revision %s is not a descendent of preceding tag (%s)", rev, lastTag)
	}
	return nil
}

// retractedVersions reports the retractions of the module's highest
// release; errors count as no retractions.
func (r *codeRepo) retractedVersions(ctx context.Context) func(string) bool {
	none := func(string) bool { return false }
	list, _, err := r.versions(ctx)
	if err != nil {
		return none
	}
	for i, v := range list {
		if strings.HasSuffix(v, "+incompatible") {
			list = list[:i]
			break
		}
	}
	if len(list) == 0 {
		return none
	}
	highest := list[len(list)-1]
	for i := len(list) - 1; i >= 0; i-- {
		if semver.Prerelease(list[i]) == "" {
			highest = list[i]
			break
		}
	}
	data, err := r.goMod(ctx, highest)
	if err != nil {
		return none
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return none
	}
	return func(v string) bool {
		for _, rr := range f.Retract {
			if semver.Compare(rr.Low, v) <= 0 && semver.Compare(v, rr.High) <= 0 {
				return true
			}
		}
		return false
	}
}

// findDir locates the module's directory and go.mod at version.
func (r *codeRepo) findDir(ctx context.Context, version string) (rev, dir string, gomod []byte, err error) {
	if !semver.IsValid(version) {
		return "", "", nil, r.invalid(version, errors.New("syntax error"))
	}
	rev = r.revToRev(version)
	file1 := path.Join(r.codeDir, "go.mod")
	gomod1, err1 := r.code.ReadFile(ctx, rev, file1)
	if err1 != nil && !errors.Is(err1, fs.ErrNotExist) {
		return "", "", nil, fmt.Errorf("reading %s/%s at revision %s: %v", r.codeRoot, file1, rev, err1)
	}
	mpath1 := modfile.ModulePath(gomod1)
	found1 := err1 == nil && (isMajor(mpath1, r.pathMajor) || r.pathMajor == "" && strings.HasPrefix(mpath1, "gopkg.in/"))
	var file2 string
	if r.pathMajor != "" && r.codeRoot != r.modPath && !strings.HasPrefix(r.pathMajor, ".") {
		dir2 := path.Join(r.codeDir, r.pathMajor[1:])
		file2 = path.Join(dir2, "go.mod")
		gomod2, err2 := r.code.ReadFile(ctx, rev, file2)
		if err2 != nil && !errors.Is(err2, fs.ErrNotExist) {
			return "", "", nil, fmt.Errorf("reading %s/%s at revision %s: %v", r.codeRoot, file2, rev, err2)
		}
		mpath2 := modfile.ModulePath(gomod2)
		found2 := err2 == nil && isMajor(mpath2, r.pathMajor)
		if found1 && found2 {
			return "", "", nil, fmt.Errorf("%s/%s and ...%s/go.mod both have ...%s module paths at revision %s", r.pathPrefix, file1, r.pathMajor, r.pathMajor, rev)
		}
		if found2 {
			return rev, dir2, gomod2, nil
		}
		if err2 == nil {
			if mpath2 == "" {
				return "", "", nil, fmt.Errorf("%s/%s is missing module path at revision %s", r.codeRoot, file2, rev)
			}
			return "", "", nil, fmt.Errorf("%s/%s has non-...%s module path %q at revision %s", r.codeRoot, file2, r.pathMajor, mpath2, rev)
		}
	}
	if found1 {
		return rev, r.codeDir, gomod1, nil
	}
	if err1 == nil {
		suffix := ""
		if file2 != "" {
			suffix = fmt.Sprintf(" (and ...%s/go.mod does not exist)", r.pathMajor)
		}
		if mpath1 == "" {
			return "", "", nil, fmt.Errorf("%s is missing module path%s at revision %s", file1, suffix, rev)
		}
		if r.pathMajor != "" {
			return "", "", nil, fmt.Errorf("%s has non-...%s module path %q%s at revision %s", file1, r.pathMajor, mpath1, suffix, rev)
		}
		if _, _, ok := module.SplitPathVersion(mpath1); !ok {
			return "", "", nil, fmt.Errorf("%s has malformed module path %q%s at revision %s", file1, mpath1, suffix, rev)
		}
		return "", "", nil, fmt.Errorf("%s has post-%s module path %q%s at revision %s", file1, semver.Major(version), mpath1, suffix, rev)
	}
	if r.codeDir == "" && (r.pathMajor == "" || strings.HasPrefix(r.pathMajor, ".")) {
		return rev, "", nil, nil
	}
	if file2 != "" {
		return "", "", nil, fmt.Errorf("missing %s/go.mod and ...%s/go.mod at revision %s", r.pathPrefix, r.pathMajor, rev)
	}
	return "", "", nil, fmt.Errorf("missing %s/go.mod at revision %s", r.pathPrefix, rev)
}

func isMajor(mpath, pathMajor string) bool {
	if mpath == "" {
		return false
	}
	_, m, ok := module.SplitPathVersion(mpath)
	if !ok {
		return false
	}
	if pathMajor == "" {
		switch module.PathMajorPrefix(m) {
		case "", "v0", "v1":
			return true
		}
		return false
	}
	return m != "" && pathMajor[1:] == m[1:]
}

func (r *codeRepo) goMod(ctx context.Context, version string) ([]byte, error) {
	if version != module.CanonicalVersion(version) {
		return nil, fmt.Errorf("version %s is not canonical", version)
	}
	if module.IsPseudoVersion(version) {
		if _, err := r.stat(ctx, version); err != nil {
			return nil, err
		}
	}
	rev, dir, gomod, err := r.findDir(ctx, version)
	if err != nil {
		return nil, err
	}
	if gomod != nil {
		return gomod, nil
	}
	data, err := r.code.ReadFile(ctx, rev, path.Join(dir, "go.mod"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return []byte("module " + modfile.AutoQuote(r.modPath) + "\n"), nil
		}
		return nil, err
	}
	return data, nil
}

// zip writes the module zip of version: the repository's archive of
// the module directory repacked with golang.org/x/mod/zip's checks.
func (r *codeRepo) zip(ctx context.Context, dst io.Writer, version string) error {
	if version != module.CanonicalVersion(version) {
		return fmt.Errorf("version %s is not canonical", version)
	}
	if module.IsPseudoVersion(version) {
		if _, err := r.stat(ctx, version); err != nil {
			return err
		}
	}
	rev, subdir, _, err := r.findDir(ctx, version)
	if err != nil {
		return err
	}
	if gomod, err := r.code.ReadFile(ctx, rev, path.Join(subdir, "go.mod")); err == nil {
		if f, perr := modfile.ParseLax("go.mod", gomod, nil); perr == nil && f.Go != nil && r.goVersion != "" && gover.Compare(f.Go.Version, r.goVersion) > 0 {
			return &gover.TooNewError{What: r.modPath + "@" + version, GoVersion: f.Go.Version, Local: r.goVersion}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	data, err := r.code.ReadZip(ctx, rev, subdir)
	if err != nil {
		return err
	}
	if len(data) > maxZipFile {
		return fmt.Errorf("downloaded zip file too large")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	subdir = strings.Trim(subdir, "/")
	if subdir != "" {
		subdir += "/"
	}
	var files []modzip.File
	haveLICENSE := false
	top := ""
	for _, zf := range zr.File {
		if top == "" {
			i := strings.Index(zf.Name, "/")
			if i < 0 {
				return fmt.Errorf("missing top-level directory prefix")
			}
			top = zf.Name[:i+1]
		}
		name, ok := strings.CutPrefix(zf.Name, top)
		if !ok {
			return fmt.Errorf("zip file contains more than one top-level directory")
		}
		if name, ok = strings.CutPrefix(name, subdir); !ok || name == "" || strings.HasSuffix(name, "/") {
			continue
		}
		files = append(files, zipEntry{name, zf})
		if name == "LICENSE" {
			haveLICENSE = true
		}
	}
	if !haveLICENSE && subdir != "" {
		if data, err := r.code.ReadFile(ctx, rev, "LICENSE"); err == nil {
			files = append(files, dataEntry{"LICENSE", data})
		}
	}
	return modzip.Create(dst, module.Version{Path: r.modPath, Version: version}, files)
}

type zipEntry struct {
	name string
	f    *zip.File
}

func (f zipEntry) Path() string                 { return f.name }
func (f zipEntry) Lstat() (fs.FileInfo, error)  { return f.f.FileInfo(), nil }
func (f zipEntry) Open() (io.ReadCloser, error) { return f.f.Open() }

type dataEntry struct {
	name string
	data []byte
}

func (f dataEntry) Path() string                 { return f.name }
func (f dataEntry) Lstat() (fs.FileInfo, error)  { return dataInfo{f}, nil }
func (f dataEntry) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

type dataInfo struct{ f dataEntry }

func (fi dataInfo) Name() string       { return path.Base(fi.f.name) }
func (fi dataInfo) Size() int64        { return int64(len(fi.f.data)) }
func (fi dataInfo) Mode() fs.FileMode  { return 0o644 }
func (fi dataInfo) ModTime() time.Time { return time.Time{} }
func (fi dataInfo) IsDir() bool        { return false }
func (fi dataInfo) Sys() any           { return nil }
