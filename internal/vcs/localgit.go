package vcs

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/semver"

	"gocmd/internal/par"
)

// LocalGit is a Git checkout read in place, never fetched: what go uses
// to name the main module's version after the commit it is built from.
// Its commands are the ones go's module fetcher runs on a local
// repository, printed the same way under -x.
type LocalGit struct {
	r      *Runner
	dir    string
	sha256 bool

	stats    par.Cache[string, revResult]
	tagsOnce sync.Once
	tags     map[string]bool
}

// RevInfo describes a commit of a LocalGit.
type RevInfo struct {
	Name    string    // full commit hash
	Short   string    // 12-digit hash, as in pseudo-versions
	Time    time.Time // commit time, UTC
	Version string    // the revision asked for if it is a tag, else Name
	Tags    []string  // tags pointing at the commit, sorted
}

type revResult struct {
	info *RevInfo
	err  error
}

type localGitResult struct {
	g   *LocalGit
	err error
}

// UnknownRevisionError is a revision the repository does not have.
type UnknownRevisionError struct {
	Rev string
}

func (e *UnknownRevisionError) Error() string { return "unknown revision " + e.Rev }

// Is makes UnknownRevisionError match fs.ErrNotExist.
func (e *UnknownRevisionError) Is(err error) bool { return err == fs.ErrNotExist }

// LocalGit opens the Git repository rooted at dir, once per Runner.
func (r *Runner) LocalGit(ctx context.Context, dir string) (*LocalGit, error) {
	res := r.gits.Do(dir, func() *localGitResult {
		fi, err := os.Stat(dir)
		if err != nil {
			return &localGitResult{err: err}
		}
		if !fi.IsDir() {
			return &localGitResult{err: fmt.Errorf("%s exists but is not a directory", dir)}
		}
		g := &LocalGit{r: r, dir: dir}
		if out, err := g.git(ctx, "config", "extensions.objectformat"); err == nil {
			g.sha256 = strings.TrimSpace(string(out)) == "sha256"
		}
		return &localGitResult{g: g}
	})
	return res.g, res.err
}

func (g *LocalGit) git(ctx context.Context, args ...string) ([]byte, error) {
	return g.r.runRepo(ctx, g.dir, append([]string{"git"}, args...)...)
}

func (g *LocalGit) hashLen() int {
	if g.sha256 {
		return 64
	}
	return 40
}

// Short shortens a full commit hash to the 12 digits of a
// pseudo-version.
func (g *LocalGit) Short(hash string) string {
	if len(hash) == g.hashLen() && allHex(hash) {
		return hash[:12]
	}
	return hash
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Stat describes rev: a commit hash (or a prefix of at least 7 digits)
// or a tag.
func (g *LocalGit) Stat(ctx context.Context, rev string) (*RevInfo, error) {
	res := g.stats.Do(rev, func() revResult {
		info, err := g.stat(ctx, rev)
		return revResult{info, err}
	})
	if res.info != nil {
		c := *res.info
		return &c, res.err
	}
	return nil, res.err
}

func (g *LocalGit) stat(ctx context.Context, rev string) (*RevInfo, error) {
	hashLike := len(rev) >= 7 && len(rev) <= g.hashLen() && allHex(rev)
	if hashLike {
		if info, err := g.statLocal(ctx, rev, rev); err == nil {
			return info, nil
		}
	}
	g.tagsOnce.Do(func() {
		g.tags = map[string]bool{}
		out, err := g.git(ctx, "tag", "-l")
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(out), "\n") {
			if line != "" {
				g.tags[line] = true
			}
		}
	})
	if g.tags[rev] {
		return g.statLocal(ctx, rev, "refs/tags/"+rev)
	}
	if !hashLike {
		return nil, &UnknownRevisionError{Rev: rev}
	}
	// The hash was looked up above; a local repository has nothing to
	// fetch it from.
	return nil, fmt.Errorf("revision does not exist locally: %s", rev)
}

// statLocal runs git log on rev; version is the name asked for.
func (g *LocalGit) statLocal(ctx context.Context, version, rev string) (*RevInfo, error) {
	out, err := g.git(ctx, "-c", "log.showsignature=false", "log", "--no-decorate", "-n1", "--format=format:%H %ct %D", "--end-of-options", rev, "--")
	if err != nil {
		return nil, &UnknownRevisionError{Rev: rev}
	}
	f := strings.Fields(string(out))
	if len(f) < 2 {
		return nil, fmt.Errorf("unexpected response from git log: %q", out)
	}
	hash := f[0]
	if strings.HasPrefix(hash, version) {
		version = hash
	}
	secs, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("invalid time from git log: %q", out)
	}
	info := &RevInfo{
		Name:    hash,
		Short:   g.Short(hash),
		Time:    time.Unix(secs, 0).UTC(),
		Version: hash,
	}
	// %D lists decorations: "HEAD -> main, tag: v1.2.3, origin/main".
	for i := 2; i < len(f); i++ {
		if f[i] == "tag:" && i+1 < len(f) {
			i++
			info.Tags = append(info.Tags, strings.TrimSuffix(f[i], ","))
		}
	}
	slices.Sort(info.Tags)
	info.Tags = slices.Compact(info.Tags)
	if slices.Contains(info.Tags, version) {
		info.Version = version
	}
	return info, nil
}

// ReadFile returns file as of rev; a missing file (or any failure to
// read it) is fs.ErrNotExist.
func (g *LocalGit) ReadFile(ctx context.Context, rev, file string) ([]byte, error) {
	info, err := g.Stat(ctx, rev)
	if err != nil {
		return nil, err
	}
	out, err := g.git(ctx, "cat-file", "--end-of-options", "blob", info.Name+":"+file)
	if err != nil {
		return nil, fs.ErrNotExist
	}
	return out, nil
}

// RecentTag returns the highest tag reachable from rev that starts with
// prefix and passes allowed, comparing the versions after prefix; "" if
// there is none.
func (g *LocalGit) RecentTag(ctx context.Context, rev, prefix string, allowed func(tag string) bool) (string, error) {
	info, err := g.Stat(ctx, rev)
	if err != nil {
		return "", err
	}
	out, err := g.git(ctx, "for-each-ref", "--format=%(refname)", "--merged="+info.Name)
	if err != nil {
		return "", err
	}
	highest := ""
	for _, line := range strings.Split(string(out), "\n") {
		tag, ok := strings.CutPrefix(strings.TrimSpace(line), "refs/tags/")
		if !ok || !strings.HasPrefix(tag, prefix) || !allowed(tag) {
			continue
		}
		if v := tag[len(prefix):]; semver.Compare(v, highest) > 0 {
			highest = v
		}
	}
	if highest == "" {
		return "", nil
	}
	tag := prefix + highest
	if allHex(tag) {
		// Not conclusive, and a local repository has no other tags to
		// look at.
		return "", nil
	}
	return tag, nil
}
