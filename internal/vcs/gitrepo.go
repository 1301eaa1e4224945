package vcs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"gocmd/internal/lockedfile"
	"gocmd/internal/par"
	"gocmd/internal/wire"
)

// Rev describes a commit of a remote repository.
type Rev struct {
	Name    string    // full commit hash
	Short   string    // 12-digit hash, as in pseudo-versions
	Time    time.Time // commit time, UTC
	Version string    // the revision asked for if it is a tag, else Name
	Tags    []string  // tags pointing at the commit, sorted
	Origin  *wire.Origin
}

// Tag is a tag of a remote repository.
type Tag struct{ Name, Hash string }

// ErrNoCommits is the error for a repository without any commit. It
// matches fs.ErrNotExist.
var ErrNoCommits error = noCommitsError{}

type noCommitsError struct{}

func (noCommitsError) Error() string        { return "no commits" }
func (noCommitsError) Is(err error) bool    { return err == fs.ErrNotExist }
func (noCommitsError) Unwrap() error        { return nil }
func (e notExist) Is(err error) bool        { return err == fs.ErrNotExist }
func (e notExist) Error() string            { return e.err.Error() }
func (e notExist) Unwrap() error            { return e.err }
func notExistf(f string, a ...any) notExist { return notExist{fmt.Errorf(f, a...)} }

type notExist struct{ err error }

// GitRepo is a bare mirror of a remote Git repository in the module
// cache (GOMODCACHE/cache/vcs/HASH), fetched lazily: single tags and
// commits shallowly first, everything when history is needed.
type GitRepo struct {
	r         *Runner
	dir       string
	remote    string // "origin" once the mirror exists
	remoteURL string
	sha256    bool
	lock      *lockedfile.Mutex
	// Exists reports whether an http(s) URL is there at all, to tell a
	// missing repository from a failing one (nil: assume it exists).
	exists func(ctx context.Context, url string) bool

	mu         sync.Mutex // serializes commands in dir
	fetchLevel int

	stats    par.Cache[string, gitStat]
	refsOnce sync.Once
	refs     map[string]string
	refsErr  error

	localTagsOnce sync.Once
	localTags     sync.Map
}

type gitStat struct {
	info *Rev
	err  error
}

const (
	fetchNone = iota
	fetchSome
	fetchAll
)

// OpenGitRepo opens (creating it on first use) the module cache's
// mirror of the Git repository at remote.
func (r *Runner) OpenGitRepo(ctx context.Context, modCache, remote string, exists func(context.Context, string) bool) (*GitRepo, error) {
	dir, lockfile, err := r.WorkDir(modCache, "git3", remote)
	if err != nil {
		return nil, err
	}
	g := &GitRepo{r: r, dir: dir, remote: remote, remoteURL: remote, lock: lockedfile.MutexAt(lockfile), exists: exists}
	unlock, err := g.lock.Lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := os.Stat(filepath.Join(dir, "objects")); err != nil {
		remoteSHA256 := false
		if refs, err := g.loadRefs(ctx); err == nil {
			for _, h := range refs {
				remoteSHA256 = len(h) == 64
				break
			}
		}
		var flags []string
		if remoteSHA256 {
			flags = []string{"--object-format=sha256"}
		} else if r.gitSupportsSHA256(ctx) {
			flags = []string{"--object-format=sha1"}
		}
		if _, err := g.git(ctx, append([]string{"init", "--bare"}, flags...)...); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		if _, err := g.git(ctx, "remote", "add", "origin", "--", remote); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	g.sha256 = gitRunner(g.git).usesSHA256(ctx)
	g.remote = "origin"
	return g, nil
}

var gitVersionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`git version\s+(\d+\.\d+(?:\.\d+)?)`) })

// gitSupportsSHA256 reports whether git is at least 2.29 (asked
// without tracing, as go does).
func (r *Runner) gitSupportsSHA256(ctx context.Context) bool {
	v, _ := r.Once("git version", func() (string, error) {
		bin, err := r.lookPath("git")
		if err != nil {
			return "", err
		}
		out, err := r.command(ctx, bin, "", []string{"version"}, nil).CombinedOutput()
		if err != nil {
			return "", err
		}
		m := gitVersionRE().FindSubmatch(out)
		if m == nil {
			return "", errors.New("no version")
		}
		return "v" + string(m[1]), nil
	})
	return v != "" && semver.Compare("v2.29", v) <= 0
}

// git runs a git command on the mirror (GIT_DIR set to it).
func (g *GitRepo) git(ctx context.Context, args ...string) ([]byte, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.r.runRepoEnv(ctx, g.dir, []string{"GIT_DIR=" + g.dir}, append([]string{"git"}, args...)...)
}

// RemoteURL is the repository's URL.
func (g *GitRepo) RemoteURL() string { return g.remoteURL }

func (g *GitRepo) loadRefs(ctx context.Context) (map[string]string, error) {
	g.refsOnce.Do(func() {
		out, err := g.git(ctx, "ls-remote", "-q", "--end-of-options", g.remote)
		if err != nil {
			var re *RunError
			if errors.As(err, &re) && bytes.Contains(re.Stderr, []byte("fatal: could not read Username")) {
				re.HelpText = "Confirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information."
			}
			if (strings.HasPrefix(g.remoteURL, "https://") || strings.HasPrefix(g.remoteURL, "http://")) && g.exists != nil && !g.exists(ctx, g.remoteURL) {
				err = notExist{err}
			}
			g.refsErr = err
			return
		}
		refs := map[string]string{}
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.Fields(line)
			if len(f) != 2 {
				continue
			}
			if f[1] == "HEAD" || strings.HasPrefix(f[1], "refs/heads/") || strings.HasPrefix(f[1], "refs/tags/") {
				refs[f[1]] = f[0]
			}
		}
		for ref, h := range refs {
			if k, ok := strings.CutSuffix(ref, "^{}"); ok {
				refs[k] = h
				delete(refs, ref)
			}
		}
		g.refs = refs
	})
	return g.refs, g.refsErr
}

// isOriginTag reports whether tag counts for a TagSum: anything that
// could be a version tag.
func isOriginTag(tag string) bool {
	c := semver.Canonical(tag)
	return c != "" && strings.HasPrefix(tag, c) && !module.IsPseudoVersion(tag)
}

// Tags lists the remote's tags starting with prefix, sorted, with an
// Origin whose TagSum summarizes the version-like ones.
func (g *GitRepo) Tags(ctx context.Context, prefix string) ([]Tag, *wire.Origin, error) {
	refs, err := g.loadRefs(ctx)
	if err != nil {
		return nil, nil, err
	}
	var list []Tag
	for ref, h := range refs {
		if tag, ok := strings.CutPrefix(ref, "refs/tags/"); ok && strings.HasPrefix(tag, prefix) {
			list = append(list, Tag{tag, h})
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	dir := prefix[:strings.LastIndex(prefix, "/")+1]
	h := sha256.New()
	for _, t := range list {
		if isOriginTag(strings.TrimPrefix(t.Name, dir)) {
			fmt.Fprintf(h, "%q %s\n", t.Name, t.Hash)
		}
	}
	o := &wire.Origin{VCS: "git", URL: g.remoteURL, TagPrefix: prefix, TagSum: "t1:" + base64.StdEncoding.EncodeToString(h.Sum(nil))}
	return list, o, nil
}

func (g *GitRepo) repoSum(refs map[string]string) string {
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%q %s\n", k, refs[k])
	}
	return "r1:" + base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func (g *GitRepo) unknownRev(refs map[string]string) *Rev {
	return &Rev{Origin: &wire.Origin{VCS: "git", URL: g.remoteURL, RepoSum: g.repoSum(refs)}}
}

// Latest returns the commit at the remote's HEAD.
func (g *GitRepo) Latest(ctx context.Context) (*Rev, error) {
	refs, err := g.loadRefs(ctx)
	if err != nil {
		return nil, err
	}
	if refs["HEAD"] == "" {
		return nil, ErrNoCommits
	}
	st, err := g.Stat(ctx, refs["HEAD"])
	if err != nil {
		return nil, err
	}
	info := *st
	o := wire.Origin{}
	if st.Origin != nil {
		o = *st.Origin
	}
	o.Ref, o.Hash = "HEAD", refs["HEAD"]
	info.Origin = &o
	return &info, nil
}

func (g *GitRepo) hashLen() int { return hashLength(g.sha256) }

// Stat resolves a revision (tag, branch, HEAD, hash or hash prefix),
// fetching it if the mirror lacks it.
func (g *GitRepo) Stat(ctx context.Context, rev string) (*Rev, error) {
	if rev == "latest" {
		return g.Latest(ctx)
	}
	res := g.stats.Do(rev, func() gitStat {
		info, err := g.stat(ctx, rev)
		return gitStat{info, err}
	})
	return res.info, res.err
}

func (g *GitRepo) isHash(rev string) bool {
	return len(rev) >= 7 && len(rev) <= g.hashLen() && allHex(rev)
}

func (g *GitRepo) stat(ctx context.Context, rev string) (info *Rev, err error) {
	didLocal := false
	if g.isHash(rev) {
		if info, err := g.statLocal(ctx, rev, rev); err == nil {
			return info, nil
		}
		didLocal = true
	}
	g.localTagsOnce.Do(func() {
		tags, _ := gitRunner(g.git).tagList(ctx)
		for _, t := range tags {
			g.localTags.Store(t, true)
		}
	})
	if _, ok := g.localTags.Load(rev); ok {
		return g.statLocal(ctx, rev, "refs/tags/"+rev)
	}
	refs, err := g.loadRefs(ctx)
	if err != nil {
		return nil, err
	}
	var ref, hash string
	switch {
	case refs["refs/tags/"+rev] != "":
		ref = "refs/tags/" + rev
		hash = refs[ref]
	case refs["refs/heads/"+rev] != "":
		ref = "refs/heads/" + rev
		hash = refs[ref]
		rev = hash
	case rev == "HEAD" && refs["HEAD"] != "":
		ref, hash = "HEAD", refs["HEAD"]
		rev = hash
	case g.isHash(rev):
		prefix := rev
		for k, h := range refs {
			if strings.HasPrefix(h, prefix) {
				if hash != "" && hash != h {
					return nil, fmt.Errorf("ambiguous revision %s", rev)
				}
				if ref == "" || ref > k {
					ref = k
				}
				rev, hash = h, h
			}
		}
		if hash == "" && len(rev) == g.hashLen() {
			hash = rev
		}
	default:
		return g.unknownRev(refs), &UnknownRevisionError{Rev: rev}
	}
	defer func() {
		if info != nil && info.Origin != nil {
			info.Origin.Hash = info.Name
			if ref != info.Origin.Hash {
				info.Origin.Ref = ref
			}
		}
	}()
	unlock, err := g.lock.Lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	if !didLocal {
		if info, err := g.statLocal(ctx, rev, hash); err == nil {
			if tag, ok := strings.CutPrefix(ref, "refs/tags/"); ok && !slices.Contains(info.Tags, tag) {
				if _, err := g.git(ctx, "tag", "--end-of-options", tag, hash); err != nil {
					return nil, err
				}
				g.localTags.Store(tag, true)
				return g.statLocal(ctx, rev, ref)
			}
			return info, nil
		}
	}
	if g.fetchLevel <= fetchSome && ref != "" && hash != "" {
		g.fetchLevel = fetchSome
		refspec := ref + ":" + ref
		if ref == "HEAD" {
			ref = hash
			refspec = hash + ":refs/dummy"
		}
		if _, err := g.git(ctx, "-c", "protocol.version=2", "fetch", "-f", "--depth=1", "--end-of-options", g.remote, refspec); err == nil {
			return g.statLocal(ctx, rev, ref)
		}
	}
	if err := g.fetchAllLocked(ctx); err != nil {
		return nil, err
	}
	return g.statLocal(ctx, rev, rev)
}

// fetchAllLocked fetches every branch and tag (and the full history of
// a shallow mirror); the caller holds the lock.
func (g *GitRepo) fetchAllLocked(ctx context.Context) error {
	if g.fetchLevel >= fetchAll {
		return nil
	}
	if _, err := g.git(ctx, "fetch", "-f", "--end-of-options", g.remote, "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(g.dir, "shallow")); err == nil {
		if _, err := g.git(ctx, "fetch", "--unshallow", "-f", "--end-of-options", g.remote); err != nil {
			return err
		}
	}
	g.fetchLevel = fetchAll
	return nil
}

func (g *GitRepo) short(hash string) string {
	if len(hash) >= 12 && allHex(hash) {
		return hash[:12]
	}
	return hash
}

func (g *GitRepo) statLocal(ctx context.Context, version, rev string) (*Rev, error) {
	c, found, err := gitRunner(g.git).logRev(ctx, rev)
	if !found {
		var info *Rev
		if refs, err := g.loadRefs(ctx); err == nil {
			info = g.unknownRev(refs)
		}
		return info, &UnknownRevisionError{Rev: rev}
	}
	if err != nil {
		return nil, err
	}
	hash := c.hash
	info := &Rev{
		Origin: &wire.Origin{VCS: "git", URL: g.remoteURL, Hash: hash},
		Name:   hash,
		Short:  g.short(hash),
		Time:   c.time,
	}
	if !strings.HasPrefix(hash, rev) {
		info.Origin.Ref = rev
	}
	tags := c.tags
	if refs, err := g.loadRefs(ctx); err == nil {
		for ref, h := range refs {
			if tag, ok := strings.CutPrefix(ref, "refs/tags/"); ok && h == hash {
				tags = append(tags, tag)
			}
		}
	}
	info.Tags, info.Version = versionOf(hash, version, tags)
	return info, nil
}

// ReadFile returns file at rev; a missing file is fs.ErrNotExist.
func (g *GitRepo) ReadFile(ctx context.Context, rev, file string) ([]byte, error) {
	info, err := g.Stat(ctx, rev)
	if err != nil {
		return nil, err
	}
	return gitRunner(g.git).catBlob(ctx, info.Name, file)
}

// RecentTag returns the highest allowed tag with prefix that is an
// ancestor of rev, fetching history if the mirror is shallow.
func (g *GitRepo) RecentTag(ctx context.Context, rev, prefix string, allowed func(string) bool) (tag string, err error) {
	info, err := g.Stat(ctx, rev)
	if err != nil {
		return "", err
	}
	rev = info.Name
	describe := func() bool {
		tag, err = gitRunner(g.git).highestMergedTag(ctx, rev, prefix, allowed)
		return err != nil || tag != "" && !allHex(tag)
	}
	if describe() {
		return tag, err
	}
	tags, _, err := g.Tags(ctx, prefix+"v")
	if err != nil {
		return "", err
	}
	if len(tags) == 0 {
		return "", nil
	}
	unlock, err := g.lock.Lock()
	if err != nil {
		return "", err
	}
	err = g.fetchAllLocked(ctx)
	unlock()
	if err != nil {
		return "", err
	}
	describe()
	return tag, err
}

// DescendsFrom reports whether rev has tag among its ancestors.
func (g *GitRepo) DescendsFrom(ctx context.Context, rev, tag string) (bool, error) {
	if _, err := g.git(ctx, "merge-base", "--is-ancestor", "--", tag, rev); err == nil {
		return true, nil
	}
	tags, _, err := g.Tags(ctx, tag)
	if err != nil {
		return false, err
	}
	if len(tags) == 0 {
		return false, nil
	}
	if _, err := g.stat(ctx, rev); err != nil {
		return false, err
	}
	unlock, err := g.lock.Lock()
	if err != nil {
		return false, err
	}
	defer unlock()
	if err := g.fetchAllLocked(ctx); err != nil {
		return false, err
	}
	_, err = g.git(ctx, "merge-base", "--is-ancestor", "--", tag, rev)
	if err == nil {
		return true, nil
	}
	var re *RunError
	if errors.As(err, &re) {
		if ee, ok := re.Err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return false, nil
		}
	}
	return false, err
}

// ReadZip returns a zip (git archive) of subdir at rev, every file
// under the directory "prefix/".
func (g *GitRepo) ReadZip(ctx context.Context, rev, subdir string) ([]byte, error) {
	info, err := g.Stat(ctx, rev)
	if err != nil {
		return nil, err
	}
	unlock, err := g.lock.Lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := ensureGitAttributes(g.dir); err != nil {
		return nil, err
	}
	args := []string{"-c", "core.autocrlf=input", "-c", "core.eol=lf", "archive", "--format=zip", "--prefix=prefix/", "--end-of-options", info.Name}
	if subdir != "" {
		args = append(args, subdir)
	}
	out, err := g.git(ctx, args...)
	if err != nil {
		var re *RunError
		if errors.As(err, &re) && bytes.Contains(re.Stderr, []byte("did not match any files")) {
			return nil, fs.ErrNotExist
		}
		return nil, err
	}
	return out, nil
}

// ensureGitAttributes turns off export-subst and export-ignore, which
// would make archives differ from the repository's files.
func ensureGitAttributes(dir string) error {
	const attr = "\n* -export-subst -export-ignore\n"
	if err := os.MkdirAll(filepath.Join(dir, "info"), 0o755); err != nil {
		return err
	}
	p := filepath.Join(dir, "info", "attributes")
	b, err := os.ReadFile(p)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if bytes.HasSuffix(b, []byte(attr)) {
		return nil
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o666)
	if err != nil {
		return err
	}
	_, err = f.WriteString(attr)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// CheckReuse reports whether an answer recorded with origin old (for
// the module in directory subdir) still holds: same repository, refs
// and tags as then. It asks the remote, never fetches.
func (g *GitRepo) CheckReuse(ctx context.Context, old *wire.Origin, subdir string) error {
	if old == nil {
		return fmt.Errorf("missing origin")
	}
	if old.VCS != "git" || old.URL != g.remoteURL {
		return fmt.Errorf("origin moved from %v %q to %v %q", old.VCS, old.URL, "git", g.remoteURL)
	}
	if old.Subdir != subdir {
		return fmt.Errorf("origin moved from %v %q %q to %v %q %q", old.VCS, old.URL, old.Subdir, "git", g.remoteURL, subdir)
	}
	if old.Hash == "" && old.TagSum == "" && old.RepoSum == "" {
		return fmt.Errorf("non-specific origin")
	}
	refs, err := g.loadRefs(ctx)
	if err != nil {
		return err
	}
	if old.Ref != "" {
		h, ok := refs[old.Ref]
		if !ok {
			return fmt.Errorf("ref %q deleted", old.Ref)
		}
		if h != old.Hash {
			return fmt.Errorf("ref %q moved from %s to %s", old.Ref, old.Hash, h)
		}
	}
	if old.TagSum != "" {
		_, o, err := g.Tags(ctx, old.TagPrefix)
		if err != nil {
			return err
		}
		if o.TagSum != old.TagSum {
			return fmt.Errorf("tags changed")
		}
	}
	if old.RepoSum != "" && g.repoSum(refs) != old.RepoSum {
		return fmt.Errorf("refs changed")
	}
	return nil
}
