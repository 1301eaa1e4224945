package vcs

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

// gitRunner runs one git command in a repository (a GitRepo's mirror or
// a LocalGit's checkout) and returns its standard output. The commands
// below are those both kinds of repository run the same way.
type gitRunner func(ctx context.Context, args ...string) ([]byte, error)

// hashLength is the length of a full commit hash: 64 hex digits in a
// SHA-256 repository, else 40.
func hashLength(sha256 bool) int {
	if sha256 {
		return 64
	}
	return 40
}

// usesSHA256 reports whether the repository names its objects with
// SHA-256.
func (git gitRunner) usesSHA256(ctx context.Context) bool {
	out, err := git(ctx, "config", "extensions.objectformat")
	return err == nil && strings.TrimSpace(string(out)) == "sha256"
}

// tagList returns the repository's own tags (git tag -l).
func (git gitRunner) tagList(ctx context.Context) ([]string, error) {
	out, err := git(ctx, "tag", "-l")
	if err != nil {
		return nil, err
	}
	var tags []string
	for _, line := range strings.Split(string(out), "\n") {
		if line != "" {
			tags = append(tags, line)
		}
	}
	return tags, nil
}

// logCommit is a commit as one line of git log --format='%H %ct %D'
// describes it.
type logCommit struct {
	hash string
	time time.Time // UTC
	tags []string  // the tags among the decorations, unsorted
}

// logRev runs git log on rev. found is false when git fails, which
// the callers report as an unknown revision; output it cannot parse is
// an error naming it.
func (git gitRunner) logRev(ctx context.Context, rev string) (c *logCommit, found bool, err error) {
	out, err := git(ctx, "-c", "log.showsignature=false", "log", "--no-decorate", "-n1", "--format=format:%H %ct %D", "--end-of-options", rev, "--")
	if err != nil {
		return nil, false, nil
	}
	f := strings.Fields(string(out))
	if len(f) < 2 {
		return nil, true, fmt.Errorf("unexpected response from git log: %q", out)
	}
	secs, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return nil, true, fmt.Errorf("invalid time from git log: %q", out)
	}
	c = &logCommit{hash: f[0], time: time.Unix(secs, 0).UTC()}
	// %D lists decorations: "HEAD -> main, tag: v1.2.3, origin/main".
	for i := 2; i < len(f); i++ {
		if f[i] == "tag:" && i+1 < len(f) {
			i++
			c.tags = append(c.tags, strings.TrimSuffix(f[i], ","))
		}
	}
	return c, true, nil
}

// versionOf sorts and dedupes the tags of a commit and returns them
// with the commit's Version: the revision asked for if it is one of the
// tags (a hash prefix counting as the full hash), else the hash.
func versionOf(hash, asked string, tags []string) ([]string, string) {
	if strings.HasPrefix(hash, asked) {
		asked = hash
	}
	slices.Sort(tags)
	tags = slices.Compact(tags)
	if slices.Contains(tags, asked) {
		return tags, asked
	}
	return tags, hash
}

// catBlob returns file as of the commit hash; a missing file (or any
// failure to read it) is fs.ErrNotExist.
func (git gitRunner) catBlob(ctx context.Context, hash, file string) ([]byte, error) {
	out, err := git(ctx, "cat-file", "--end-of-options", "blob", hash+":"+file)
	if err != nil {
		return nil, fs.ErrNotExist
	}
	return out, nil
}

// highestMergedTag returns the highest tag reachable from the commit
// hash that starts with prefix and passes allowed, comparing the
// versions after prefix; "" if there is none.
func (git gitRunner) highestMergedTag(ctx context.Context, hash, prefix string, allowed func(string) bool) (string, error) {
	out, err := git(ctx, "for-each-ref", "--format=%(refname)", "--merged="+hash)
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
	return prefix + highest, nil
}
