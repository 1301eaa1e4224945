package vcs

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

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
		g.sha256 = gitRunner(g.git).usesSHA256(ctx)
		return &localGitResult{g: g}
	})
	return res.g, res.err
}

func (g *LocalGit) git(ctx context.Context, args ...string) ([]byte, error) {
	return g.r.runRepo(ctx, g.dir, append([]string{"git"}, args...)...)
}

func (g *LocalGit) hashLen() int { return hashLength(g.sha256) }

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
		tags, _ := gitRunner(g.git).tagList(ctx)
		for _, t := range tags {
			g.tags[t] = true
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
	c, found, err := gitRunner(g.git).logRev(ctx, rev)
	if !found {
		return nil, &UnknownRevisionError{Rev: rev}
	}
	if err != nil {
		return nil, err
	}
	info := &RevInfo{
		Name:  c.hash,
		Short: g.Short(c.hash),
		Time:  c.time,
	}
	info.Tags, info.Version = versionOf(c.hash, version, c.tags)
	return info, nil
}

// ReadFile returns file as of rev; a missing file (or any failure to
// read it) is fs.ErrNotExist.
func (g *LocalGit) ReadFile(ctx context.Context, rev, file string) ([]byte, error) {
	info, err := g.Stat(ctx, rev)
	if err != nil {
		return nil, err
	}
	return gitRunner(g.git).catBlob(ctx, info.Name, file)
}

// RecentTag returns the highest tag reachable from rev that starts with
// prefix and passes allowed, comparing the versions after prefix; "" if
// there is none.
func (g *LocalGit) RecentTag(ctx context.Context, rev, prefix string, allowed func(tag string) bool) (string, error) {
	info, err := g.Stat(ctx, rev)
	if err != nil {
		return "", err
	}
	tag, err := gitRunner(g.git).highestMergedTag(ctx, info.Name, prefix, allowed)
	if err != nil || tag == "" {
		return "", err
	}
	if allHex(tag) {
		// Not conclusive, and a local repository has no other tags to
		// look at.
		return "", nil
	}
	return tag, nil
}
