package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A gitServer serves Git repositories over smart HTTP (git
// http-backend) and, for import paths under example.test, the go-import
// meta tags naming them. Clients reach it as http://example.test by
// using it as their HTTP proxy, with GOINSECURE=example.test.
type gitServer struct {
	srv  *httptest.Server
	root string // GIT_PROJECT_ROOT: one bare repository per directory
	// meta maps an import path below example.test to its go-import
	// content; by default /NAME/... serves "example.test/NAME git URL".
	meta map[string]string
}

func newGitServer(t *testing.T) *gitServer {
	t.Helper()
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not found")
	}
	s := &gitServer{root: t.TempDir(), meta: map[string]string{}}
	backend := &cgi.Handler{
		Path: gitBin,
		Args: []string{"http-backend"},
		Env:  []string{"GIT_PROJECT_ROOT=" + s.root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/git/") {
			r2 := r.Clone(r.Context())
			r2.URL.Path = strings.TrimPrefix(r.URL.Path, "/git")
			backend.ServeHTTP(w, r2)
			return
		}
		if r.URL.Query().Get("go-get") == "1" {
			p := strings.Trim(r.URL.Path, "/")
			content, ok := s.meta[p]
			if !ok {
				name, _, _ := strings.Cut(p, "/")
				if _, err := os.Stat(filepath.Join(s.root, name+".git")); err != nil {
					http.NotFound(w, r)
					return
				}
				content = fmt.Sprintf("example.test/%s git %s/git/%s.git", name, s.srv.URL, name)
			}
			fmt.Fprintf(w, "<html><head><meta name=\"go-import\" content=\"%s\"></head><body></body></html>\n", content)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// git runs git in dir with fixed identities and the given commit date.
func runGit(t *testing.T, dir, date string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Gopher", "GIT_AUTHOR_EMAIL=gopher@example.test",
		"GIT_COMMITTER_NAME=Gopher", "GIT_COMMITTER_EMAIL=gopher@example.test",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// addRepo builds a repository from a script: each step writes files
// (name -> content, "" deletes), commits at a date and applies tags.
type repoStep struct {
	date   string
	files  map[string]string
	tags   []string
	branch string // switch to (creating) this branch before the step
}

func (s *gitServer) addRepo(t *testing.T, name string, steps []repoStep) {
	t.Helper()
	work := t.TempDir()
	runGit(t, work, "", "init", "-q", "-b", "main")
	for _, st := range steps {
		if st.branch != "" {
			runGit(t, work, "", "checkout", "-q", "-B", st.branch)
		}
		for f, content := range st.files {
			p := filepath.Join(work, f)
			if content == "" {
				os.Remove(p)
				continue
			}
			os.MkdirAll(filepath.Dir(p), 0o777)
			if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
				t.Fatal(err)
			}
		}
		runGit(t, work, st.date, "add", "-A")
		runGit(t, work, st.date, "commit", "-q", "--allow-empty", "-m", "step "+st.date)
		for _, tag := range st.tags {
			runGit(t, work, st.date, "tag", tag)
		}
	}
	runGit(t, work, "", "checkout", "-q", "main")
	runGit(t, s.root, "", "clone", "-q", "--bare", work, name+".git")
}

// env returns the environment of a go command using the server.
func (s *gitServer) env(home, modcache string) []string {
	return []string{
		"HTTP_PROXY=" + s.srv.URL, "http_proxy=", "HTTPS_PROXY=", "https_proxy=",
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1",
		"GOINSECURE=example.test", "GOPRIVATE=example.test", "GOPROXY=direct",
		"GOMODCACHE=" + modcache, "GOFLAGS=-modcacherw", "HOME=" + home,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GOTOOLCHAIN=local",
		"GO111MODULE=on", "GOWORK=off",
	}
}

// compareVCS runs args with the real go and gocmd, each with its own
// empty module cache, and compares their results with cache paths and
// timings normalized.
func (s *gitServer) compare(t *testing.T, dir string, args ...string) {
	t.Helper()
	run := func(cmd func(testing.TB, string, []string, ...string) *exec.Cmd, tag string) (string, string, int) {
		home := t.TempDir()
		mc := filepath.Join(home, "modcache")
		c := cmd(t, dir, s.env(home, mc), args...)
		var stdout, stderr bytes.Buffer
		c.Stdout, c.Stderr = &stdout, &stderr
		err := c.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v", tag, err)
		}
		norm := func(s string) string {
			s = strings.ReplaceAll(s, mc, "$MODCACHE")
			s = regexp.MustCompile(`\d+\.\d{3}s`).ReplaceAllString(s, "N.NNNs")
			return s
		}
		return norm(stdout.String()), norm(stderr.String()), code
	}
	wo, we, wc := run(realGoCommand, "go")
	go_, ge, gc := run(gocmdCommand, "gocmd")
	if wo != go_ || we != ge || wc != gc {
		t.Errorf("go %s:\nreal go (exit %d):\nstdout:\n%s\nstderr:\n%s\ngocmd (exit %d):\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), wc, wo, we, gc, go_, ge)
	}
}

func TestDirectGit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git")
	}
	s := newGitServer(t)
	s.addRepo(t, "repo", []repoStep{
		{date: "2024-01-02T10:00:00Z", files: map[string]string{"go.mod": "module example.test/repo\n\ngo 1.20\n", "a.go": "package repo\n"}, tags: []string{"v1.0.0"}},
		{date: "2024-01-03T10:00:00Z", files: map[string]string{"b.go": "package repo\n", "sub/go.mod": "module example.test/repo/sub\n", "sub/s.go": "package sub\n", "LICENSE": "license\n"}, tags: []string{"sub/v0.1.0", "v1.1.0-pre"}},
		{date: "2024-01-04T10:00:00Z", files: map[string]string{"c.go": "package repo\n"}},
		{date: "2024-01-05T10:00:00Z", branch: "dev", files: map[string]string{"d.go": "package repo\n"}},
	})
	s.addRepo(t, "nomod", []repoStep{
		{date: "2024-02-01T10:00:00Z", files: map[string]string{"x.go": "package nomod\n"}, tags: []string{"v2.0.0", "v0.3.0"}},
	})
	dir := t.TempDir()
	for _, args := range [][]string{
		{"mod", "download", "-json", "example.test/repo@v1.0.0"},
		{"mod", "download", "-json", "example.test/repo@latest"},
		{"mod", "download", "-json", "example.test/repo@dev"},
		{"mod", "download", "-json", "example.test/repo@main"},
		{"mod", "download", "-json", "example.test/repo/sub@v0.1.0"},
		{"mod", "download", "-json", "example.test/repo@v1.1.0-pre"},
		{"mod", "download", "example.test/repo@nosuchrev"},
		{"mod", "download", "example.test/repo@v1.9.9"},
		{"mod", "download", "example.test/nomod@latest"},
		{"mod", "download", "-json", "example.test/nomod@v2.0.0+incompatible"},
		{"mod", "download", "example.test/missing@latest"},
		{"list", "-m", "-versions", "example.test/repo"},
		{"list", "-m", "-json", "example.test/repo@v1.0.0"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			s.compare(t, dir, args...)
		})
	}
}
