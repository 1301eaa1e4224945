package vcs

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func mkdirs(t *testing.T, root string, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFromDir(t *testing.T) {
	root := t.TempDir()
	mkdirs(t, root, "a/.git", "a/b/.git", "a/b/c", "h/.hg", "h/g/.git", "plain")
	if err := os.WriteFile(filepath.Join(root, "plain", ".fslckout"), nil, 0o666); err != nil {
		t.Fatal(err)
	}

	// Nested Git repositories are allowed: the innermost wins.
	dir, v, err := FromDir(filepath.Join(root, "a/b/c"), false)
	if err != nil || dir != filepath.Join(root, "a/b") || v.Cmd != "git" {
		t.Errorf("nested git: %q %v %v", dir, v, err)
	}

	// Git inside Mercurial is an error unless allowmultiplevcs=1.
	_, _, err = FromDir(filepath.Join(root, "h/g"), false)
	want := `multiple VCS detected: git in "` + filepath.Join(root, "h/g") + `", and hg in "` + filepath.Join(root, "h") + `"`
	if err == nil || err.Error() != want {
		t.Errorf("multiple: got %v, want %s", err, want)
	}
	dir, v, err = FromDir(filepath.Join(root, "h/g"), true)
	if err != nil || dir != filepath.Join(root, "h/g") || v.Name != "Git" {
		t.Errorf("allowmultiplevcs: %q %v %v", dir, v, err)
	}

	// Fossil marks its checkouts with a file.
	dir, v, err = FromDir(filepath.Join(root, "plain"), false)
	if err != nil || v.Cmd != "fossil" || dir != filepath.Join(root, "plain") {
		t.Errorf("fossil: %q %v %v", dir, v, err)
	}

	// A directory outside any repository (the temp dir is assumed to be
	// outside one).
	other := t.TempDir()
	_, _, err = FromDir(other, false)
	if !errors.Is(err, fs.ErrNotExist) || !IsNotFound(err) {
		t.Errorf("not found: %v", err)
	} else if want := `directory "` + other + `" is not using a known version control system`; err.Error() != want {
		t.Errorf("not found: %q, want %q", err, want)
	}
}

func TestQuoteRepoArg(t *testing.T) {
	for arg, want := range map[string]string{
		"log":                     "log",
		"--format=format:%H %ct":  "'--format=format:%H %ct'",
		"--format=%(refname)":     "--format=%(refname)",
		"it's":                    `"it's"`,
		`a'$b`:                    `"a'\$b"`,
		"abc:go.mod":              "abc:go.mod",
		"refs/tags/v1.*":          "'refs/tags/v1.*'",
		"-c log.showsignature=no": "'-c log.showsignature=no'",
	} {
		if got := quoteRepoArg(arg); got != want {
			t.Errorf("quoteRepoArg(%q) = %s, want %s", arg, got, want)
		}
	}
}

func TestRevTime(t *testing.T) {
	rev, when, err := revTime([]byte("abc:1600000000\n"))
	if err != nil || rev != "abc" || when.Unix() != 1600000000 {
		t.Errorf("got %q %v %v", rev, when, err)
	}
	for in, want := range map[string]string{
		":123":    "unrecognized VCS tool output",
		"abc":     "unrecognized VCS tool output",
		"abc:xyz": `unrecognized VCS tool output: strconv.ParseInt: parsing "xyz": invalid syntax`,
	} {
		if _, _, err := revTime([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("revTime(%q): %v, want %s", in, err, want)
		}
	}
}

// TestGitStatusTrace checks the commands and -x lines of a git status
// and of the local repository lookups.
func TestGitStatusTrace(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@b", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@b",
		"GIT_AUTHOR_DATE=2022-07-19T11:07:00-04:00", "GIT_COMMITTER_DATE=2022-07-19T11:07:00-04:00")
	for _, args := range [][]string{{"init", "-q"}, {"commit", "-q", "--allow-empty", "-m", "x"}, {"tag", "v1.0.0"}} {
		c := exec.Command("git", args...)
		c.Dir, c.Env = dir, env
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	var x strings.Builder
	r := &Runner{Environ: env, X: &x}
	ctx := context.Background()
	st, err := r.Status(ctx, ByCmd("git"), dir)
	if err != nil || st.Uncommitted || len(st.Revision) != 40 || st.CommitTime.Unix() != 1658243220 {
		t.Fatalf("status %+v %v", st, err)
	}
	want := "cd " + dir + "\ngit status --porcelain\ncd " + dir + "\ngit -c log.showsignature=false log -1 --format=%H:%ct\n"
	if x.String() != want {
		t.Errorf("trace:\n%s\nwant:\n%s", x.String(), want)
	}
	// Cached: no more commands.
	r.Status(ctx, ByCmd("git"), dir)
	if x.String() != want {
		t.Errorf("status ran again:\n%s", x.String())
	}

	x.Reset()
	g, err := r.LocalGit(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := g.Stat(ctx, "v1.0.0")
	if err != nil || info.Name != st.Revision || info.Version != "v1.0.0" || info.Short != st.Revision[:12] || len(info.Tags) != 1 {
		t.Fatalf("stat: %+v %v", info, err)
	}
	if _, err := g.ReadFile(ctx, "v1.0.0", "go.mod"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
	if _, err := g.Stat(ctx, "nosuchtag"); err == nil || err.Error() != "unknown revision nosuchtag" {
		t.Errorf("unknown tag: %v", err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(x.String()), "\n") {
		if !strings.Contains(line, "s # cd ") {
			lines = append(lines, strings.TrimPrefix(line, "cd "+dir+"; "))
		}
	}
	wantLines := []string{
		"git config extensions.objectformat",
		"git tag -l",
		"git -c log.showsignature=false log --no-decorate -n1 '--format=format:%H %ct %D' --end-of-options refs/tags/v1.0.0 --",
		"git cat-file --end-of-options blob " + st.Revision + ":go.mod",
	}
	if strings.Join(lines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("trace:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
}
