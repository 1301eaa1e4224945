package main

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestModDownloadRealModules checks gocmd against the real go on real
// modules from the module proxy configured in GOROOT/go.env: for each
// module source, 'mod download -json all' into empty module caches must
// print the same JSON and leave the same files, and gocmd must then
// build ./... (TestModTidyRealModules checks go mod tidy on the same
// modules). It is skipped, saying so, when the proxy cannot be reached.
func TestModDownloadRealModules(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads modules and builds them")
	}
	proxy := reachableProxy(t)
	for _, mod := range []string{"github.com/spf13/cobra@v1.10.2", "golang.org/x/tools@v0.52.0"} {
		t.Run(strings.ReplaceAll(mod, "/", "_"), func(t *testing.T) {
			dir := t.TempDir()
			t.Cleanup(func() { makeWritable(dir) })
			env := []string{"GOPROXY=" + proxy, "GOFLAGS=-modcacherw", "GOTOOLCHAIN=local", "GOWORK=off", "GO111MODULE="}
			src := moduleSource(t, dir, env, mod)
			work := map[string]string{}
			for _, which := range []string{"go", "gocmd"} {
				work[which] = filepath.Join(dir, which)
				copyTree(t, src, work[which])
			}
			cmdFor := func(which string, args ...string) *exec.Cmd {
				e := append(env, "GOMODCACHE="+filepath.Join(dir, "modcache-"+which))
				if which == "go" {
					return realGoCommand(t, work[which], e, args...)
				}
				return gocmdCommand(t, work[which], e, args...)
			}

			// mod download -json all, each into an empty cache.
			out := map[string]result{}
			for _, which := range []string{"go", "gocmd"} {
				r := runCmd(t, cmdFor(which, "mod", "download", "-json", "all"))
				r.stdout = strings.ReplaceAll(r.stdout, filepath.Join(dir, "modcache-"+which), "$GOMODCACHE")
				out[which] = r
			}
			if out["go"] != out["gocmd"] {
				t.Errorf("mod download -json all:\ngocmd: exit %d\n%s%s\nreal go: exit %d\n%s%s",
					out["gocmd"].code, out["gocmd"].stdout, out["gocmd"].stderr, out["go"].code, out["go"].stdout, out["go"].stderr)
			}
			compareTrees(t, filepath.Join(dir, "modcache-go", "cache", "download"), filepath.Join(dir, "modcache-gocmd", "cache", "download"))

			// build ./... with gocmd.
			if r := runCmd(t, cmdFor("gocmd", "build", "./...")); r.code != 0 {
				t.Errorf("gocmd build ./...: exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// reachableProxy returns the module proxy of GOROOT/go.env, or skips
// the test when there is none or it does not answer.
func reachableProxy(t *testing.T) string {
	t.Helper()
	proxy := goEnvProxy(t)
	if proxy == "" {
		t.Skip("skipping: no module proxy in GOROOT/go.env")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", proxy+"/golang.org/x/mod/@v/list", nil)
	if err != nil {
		t.Skipf("skipping: module proxy %s: %v", proxy, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Skipf("skipping: module proxy %s cannot be reached: %v", proxy, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Skipf("skipping: module proxy %s answers %s", proxy, resp.Status)
	}
	return proxy
}

// moduleSource downloads path@version with the real go and returns its
// directory in a scratch module cache.
func moduleSource(t *testing.T, dir string, env []string, mod string) string {
	t.Helper()
	e := append(env, "GOMODCACHE="+filepath.Join(dir, "modcache-src"))
	r := runCmd(t, realGoCommand(t, dir, e, "mod", "download", "-json", mod))
	if r.code != 0 {
		t.Fatalf("go mod download %s: %s", mod, r.stderr)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), `"Dir": "`); ok {
			return strings.TrimSuffix(v, `",`)
		}
	}
	t.Fatalf("go mod download %s printed no Dir:\n%s", mod, r.stdout)
	return ""
}

// compareTrees requires the same files with the same contents under
// both directories (the checksum database's cached tiles excepted: they
// depend on when each command asked).
func compareTrees(t *testing.T, want, got string) {
	t.Helper()
	list := func(root string) map[string][]byte {
		files := map[string][]byte{}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			if d.IsDir() {
				if rel == "sumdb" {
					return filepath.SkipDir
				}
				return nil
			}
			data, _ := os.ReadFile(path)
			files[rel] = data
			return nil
		})
		return files
	}
	w, g := list(want), list(got)
	for name, data := range w {
		gd, ok := g[name]
		switch {
		case !ok:
			t.Errorf("module cache: gocmd did not write %s", name)
		case !bytes.Equal(gd, data):
			t.Errorf("module cache: %s differs", name)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("module cache: gocmd wrote %s, go did not", name)
		}
	}
}

// makeWritable lets the test's temporary directory be removed.
func makeWritable(dir string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o777)
		}
		return nil
	})
}
