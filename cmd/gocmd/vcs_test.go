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
	"time"
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
	s.compareEnv(t, dir, nil, 1, args...)
}

// compareEnv is compare with extra environment, running the command
// times times on the same module cache and comparing the last run.
func (s *gitServer) compareEnv(t *testing.T, dir string, extra []string, times int, args ...string) {
	t.Helper()
	run := func(cmd func(testing.TB, string, []string, ...string) *exec.Cmd, tag string) (string, string, int) {
		// Not t.TempDir: the real go's telemetry child may still be
		// writing under HOME when the test ends.
		home, err := os.MkdirTemp("", "gocmd-vcs-home-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(home) })
		mc := filepath.Join(home, "modcache")
		for i := 1; i < times; i++ {
			cmd(t, dir, append(s.env(home, mc), extra...), args...).Run()
		}
		c := cmd(t, dir, append(s.env(home, mc), extra...), args...)
		var stdout, stderr bytes.Buffer
		c.Stdout, c.Stderr = &stdout, &stderr
		err = c.Run()
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
	if os.Getenv("GOCMD_VCS_DEBUG") != "" {
		t.Logf("real go (exit %d):\n%s%s", wc, wo, we)
	}
	if wo != go_ || we != ge || wc != gc {
		t.Errorf("go %s:\nreal go (exit %d):\nstdout:\n%s\nstderr:\n%s\ngocmd (exit %d):\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), wc, wo, we, gc, go_, ge)
	}
}

// compareReuse runs 'go mod download -json' on the modules and then
// again with -reuse of that output (and 'go list -m -reuse'), with the
// real go and gocmd, comparing the second runs.
func (s *gitServer) compareReuse(t *testing.T, dir string, mods ...string) {
	t.Helper()
	var outs [2]string
	for i, cmd := range []func(testing.TB, string, []string, ...string) *exec.Cmd{realGoCommand, gocmdCommand} {
		home, err := os.MkdirTemp("", "gocmd-vcs-home-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(home) })
		mc := filepath.Join(home, "modcache")
		first, _ := cmd(t, dir, s.env(home, mc), append([]string{"mod", "download", "-json"}, mods...)...).Output()
		reuse := filepath.Join(home, "reuse.json")
		os.WriteFile(reuse, first, 0o666)
		var b strings.Builder
		for _, args := range [][]string{
			append([]string{"mod", "download", "-json", "-reuse=" + reuse}, mods...),
			append([]string{"list", "-m", "-json", "-reuse=" + reuse}, mods...),
		} {
			start := time.Now()
			out, err := cmd(t, dir, s.env(home, mc), args...).CombinedOutput()
			if os.Getenv("GOCMD_VCS_DEBUG") != "" {
				t.Logf("%d %v: %v", i, args[:3], time.Since(start))
			}
			fmt.Fprintf(&b, "%v\n%s", err, out)
		}
		outs[i] = strings.NewReplacer(mc, "$MODCACHE", reuse, "$REUSE").Replace(b.String())
	}
	if outs[0] != outs[1] {
		t.Errorf("-reuse:\nreal go:\n%s\ngocmd:\n%s", outs[0], outs[1])
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
		{date: "2024-01-06T10:00:00Z", branch: "main", files: map[string]string{"v2/go.mod": "module example.test/repo/v2\n", "v2/x.go": "package x\n"}, tags: []string{"v2.0.0"}},
	})
	s.addRepo(t, "inner", []repoStep{
		{date: "2024-03-01T10:00:00Z", files: map[string]string{"code/go.mod": "module example.test/inner\n", "code/pkg/p.go": "package pkg\n", "LICENSE": "l\n"}, tags: []string{"code/v1.2.0"}},
	})
	s.meta["inner"] = "example.test/inner git " + s.srv.URL + "/git/inner.git code"
	s.meta["inner/pkg"] = s.meta["inner"]
	s.meta["viaproxy"] = "example.test/viaproxy mod " + s.srv.URL + "/proxy"
	s.meta["gone"] = "example.test/gone git " + s.srv.URL + "/git/gone.git"
	s.meta["badroot"] = "example.test/badroot git /no/scheme"
	s.meta["other/x"] = "example.test/other git " + s.srv.URL + "/git/repo.git"
	s.addRepo(t, "notags", []repoStep{
		{date: "2024-04-01T10:00:00Z", files: map[string]string{"go.mod": "module example.test/notags\n", "n.go": "package notags\n"}},
		{date: "2024-04-02T10:00:00Z", files: map[string]string{"vendor/modules.txt": "x\n", "inner/go.mod": "module example.test/notags/inner\n", "inner/i.go": "package inner\n", "CON.go": ""}},
	})
	s.addRepo(t, "wrongpath", []repoStep{
		{date: "2024-05-01T10:00:00Z", files: map[string]string{"go.mod": "module example.test/elsewhere/v3\n"}, tags: []string{"v1.0.0"}},
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
		{"mod", "download", "-json", "example.test/repo@nosuchrev"},
		{"mod", "download", "-json", "example.test/inner@latest"},
		{"mod", "download", "-json", "example.test/repo@v1.5"},
		{"mod", "download", "example.test/repo@v1.9.9"},
		{"mod", "download", "example.test/nomod@latest"},
		{"mod", "download", "-json", "example.test/nomod@v2.0.0+incompatible"},
		{"mod", "download", "example.test/missing@latest"},
		{"list", "-m", "-versions", "example.test/repo"},
		{"list", "-m", "-json", "example.test/repo@v1.0.0"},
		{"mod", "download", "-x", "example.test/repo@v1.0.0"},
		{"mod", "download", "-x", "example.test/repo@dev"},
		{"mod", "download", "-json", "example.test/repo/v2@v2.0.0"},
		{"mod", "download", "example.test/repo@v2.0.0"},
		{"mod", "download", "example.test/repo@v0.0.0-20240104100000-b51c365e31ed"},
		{"mod", "download", "example.test/repo@v1.1.0-pre.0.20240104100000-b51c365e31ed"},
		{"mod", "download", "-json", "example.test/inner/pkg@latest"},
		{"mod", "download", "example.test/nometa@latest"},
		{"mod", "download", "-json", "example.test/viaproxy@v1.0.0"},
		{"mod", "download", "-json", "example.test/gone@latest"},
		{"mod", "download", "example.test/gone@v1.0.0"},
		{"mod", "download", "example.test/badroot@latest"},
		{"mod", "download", "example.test/other/x@latest"},
		{"mod", "download", "-json", "example.test/notags@latest"},
		{"mod", "download", "example.test/notags@v0.0.0-20240401100000-000000000000"},
		{"mod", "download", "example.test/wrongpath@v1.0.0"},
		{"list", "-m", "-versions", "-json", "example.test/notags"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			s.compare(t, dir, args...)
		})
	}
	t.Run("warm cache", func(t *testing.T) {
		s.compareEnv(t, dir, nil, 2, "mod", "download", "-x", "-json", "example.test/repo@main")
	})
	t.Run("reuse", func(t *testing.T) {
		s.compareReuse(t, dir, "example.test/repo@v1.0.0", "example.test/repo@latest", "example.test/repo@dev",
			"example.test/repo@nosuchrev", "example.test/repo/sub@v0.1.0", "example.test/nomod@latest")
	})
	t.Run("GOVCS", func(t *testing.T) {
		s.compareEnv(t, dir, []string{"GOVCS=example.test:hg"}, 1, "mod", "download", "example.test/repo@latest")
		s.compareEnv(t, dir, []string{"GOVCS=public:git,private:svn"}, 1, "mod", "download", "example.test/repo@latest")
		s.compareEnv(t, dir, []string{"GOVCS=bad"}, 1, "mod", "download", "example.test/repo@latest")
		s.compareEnv(t, dir, []string{"GOINSECURE="}, 1, "mod", "download", "example.test/repo@latest")
	})
}

// TestDirectGitNewTag follows go's issue 53955 with go mod download: a
// github.com module redirected by url.insteadOf to a local repository
// gains a tag on a commit already in the module cache's mirror.
func TestDirectGitNewTag(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	repo := t.TempDir()
	const date1, date2 = "2022-07-19T11:07:00-04:00", "2022-07-19T11:07:01-04:00"
	runGit(t, repo, date1, "init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module github.com/golang/issue53955\n\ngo 1.18\n"), 0o666)
	os.WriteFile(filepath.Join(repo, "a.go"), []byte("package issue53955\n"), 0o666)
	runGit(t, repo, date1, "add", "-A")
	runGit(t, repo, date1, "commit", "-q", "-m", "initial")
	runGit(t, repo, date1, "tag", "v1.0.9")
	os.WriteFile(filepath.Join(repo, "extra.go"), []byte("package issue53955\n"), 0o666)
	runGit(t, repo, date2, "add", "-A")
	runGit(t, repo, date2, "commit", "-q", "-m", "next")
	head := runGit(t, repo, date2, "rev-parse", "HEAD")

	gitconfig := filepath.Join(t.TempDir(), "gitconfig")
	os.WriteFile(gitconfig, []byte("[url \"file://"+repo+"\"]\n\tinsteadOf = https://github.com/golang/issue53955\n"), 0o666)
	type state struct {
		home, mc string
		cmd      func(testing.TB, string, []string, ...string) *exec.Cmd
	}
	var tools []*state
	for _, cmd := range []func(testing.TB, string, []string, ...string) *exec.Cmd{realGoCommand, gocmdCommand} {
		home, err := os.MkdirTemp("", "gocmd-vcs-home-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(home) })
		tools = append(tools, &state{home: home, mc: filepath.Join(home, "modcache"), cmd: cmd})
	}
	dir := t.TempDir()
	step := func(args ...string) {
		t.Helper()
		var outs []string
		for _, st := range tools {
			env := []string{"GIT_CONFIG_GLOBAL=" + gitconfig, "GIT_CONFIG_NOSYSTEM=1", "GIT_ALLOW_PROTOCOL=file",
				"GOPRIVATE=github.com/golang/issue53955", "GOMODCACHE=" + st.mc, "HOME=" + st.home,
				"GOFLAGS=-modcacherw", "GOTOOLCHAIN=local", "GO111MODULE=on", "GOWORK=off"}
			out, _ := st.cmd(t, dir, env, args...).CombinedOutput()
			outs = append(outs, strings.ReplaceAll(string(out), st.mc, "$MODCACHE"))
		}
		if os.Getenv("GOCMD_VCS_DEBUG") != "" {
			t.Logf("%s", outs[0])
		}
		if outs[0] != outs[1] {
			t.Errorf("go %s:\nreal go:\n%s\ngocmd:\n%s", strings.Join(args, " "), outs[0], outs[1])
		}
	}
	step("mod", "download", "-json", "github.com/golang/issue53955@"+head[:8])
	runGit(t, repo, date2, "tag", "v1.0.10")
	step("mod", "download", "-json", "github.com/golang/issue53955@v1.0.10")
	step("mod", "download", "-json", "github.com/golang/issue53955@latest")
	step("list", "-m", "-versions", "github.com/golang/issue53955")
}
