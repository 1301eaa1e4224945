package vcs

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestVersionOf(t *testing.T) {
	const hash = "0123456789abcdef0123456789abcdef01234567"
	for _, tt := range []struct {
		asked    string
		tags     []string
		wantTags []string
		want     string
	}{
		{"v1.0.0", []string{"v1.1.0", "v1.0.0", "v1.1.0"}, []string{"v1.0.0", "v1.1.0"}, "v1.0.0"},
		{"0123456", []string{"v1.0.0"}, []string{"v1.0.0"}, hash},
		{"main", nil, nil, hash},
	} {
		tags, v := versionOf(hash, tt.asked, tt.tags)
		if !slices.Equal(tags, tt.wantTags) || v != tt.want {
			t.Errorf("versionOf(%q, %q) = %q, %q; want %q, %q", tt.asked, tt.tags, tags, v, tt.wantTags, tt.want)
		}
	}
}

// fakeGit answers git commands from a table keyed by the first argument
// that is not an option.
func fakeGit(out map[string]string) gitRunner {
	return func(ctx context.Context, args ...string) ([]byte, error) {
		for _, a := range args {
			if s, ok := out[a]; ok {
				return []byte(s), nil
			}
		}
		return nil, errors.New("exit status 128")
	}
}

func TestLogRev(t *testing.T) {
	git := fakeGit(map[string]string{"log": "abc123 1700000000 HEAD -> main, tag: v1.2.0, tag: v1.2.0-rc.1, origin/main"})
	c, found, err := git.logRev(context.Background(), "HEAD")
	if !found || err != nil {
		t.Fatalf("logRev: found=%v err=%v", found, err)
	}
	if c.hash != "abc123" || !c.time.Equal(time.Unix(1700000000, 0)) || !slices.Equal(c.tags, []string{"v1.2.0", "v1.2.0-rc.1"}) {
		t.Errorf("logRev = %+v", c)
	}
	if _, found, _ := fakeGit(nil).logRev(context.Background(), "x"); found {
		t.Errorf("logRev found a revision git failed on")
	}
	if _, _, err := fakeGit(map[string]string{"log": "abc"}).logRev(context.Background(), "x"); err == nil || err.Error() != `unexpected response from git log: "abc"` {
		t.Errorf("logRev on short output: %v", err)
	}
}

func TestHighestMergedTag(t *testing.T) {
	git := fakeGit(map[string]string{"for-each-ref": "refs/heads/main\nrefs/tags/sub/v1.2.0\nrefs/tags/sub/v1.10.0\nrefs/tags/v2.0.0\nrefs/tags/sub/v1.11.0-bad\n"})
	allowed := func(tag string) bool { return tag != "sub/v1.11.0-bad" }
	tag, err := git.highestMergedTag(context.Background(), "abc", "sub/", allowed)
	if err != nil || tag != "sub/v1.10.0" {
		t.Errorf("highestMergedTag = %q, %v; want sub/v1.10.0", tag, err)
	}
	tag, err = git.highestMergedTag(context.Background(), "abc", "none/", allowed)
	if err != nil || tag != "" {
		t.Errorf("highestMergedTag without tags = %q, %v", tag, err)
	}
}
