package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// switchProxyModules are the modules served by the proxy of
// TestModCmdToolchainSwitch, as txtar archives (see modProxy).
var switchProxyModules = map[string]string{
	"example.com_future_v1.0.0.txt": "-- go.mod --\nmodule example.com/future\n\ngo 1.999\n" +
		"-- future.go --\npackage future\n",
	"example.com_older_v1.0.0.txt": "-- go.mod --\nmodule example.com/older\n\ngo 1.998\n" +
		"-- older.go --\npackage older\n",
	"example.com_plain_v1.0.0.txt": "-- go.mod --\nmodule example.com/plain\n\ngo 1.21\n" +
		"-- plain.go --\npackage plain\n",
	"example.com_usesfuture_v1.0.0.txt": "-- go.mod --\nmodule example.com/usesfuture\n\ngo 1.21\n\nrequire example.com/future v1.0.0\n" +
		"-- usesfuture.go --\npackage usesfuture\n\nimport _ \"example.com/future\"\n",
}

// switchFixtures are the module and workspace directories the cases
// run in; each case gets fresh copies.
var switchFixtures = map[string]string{
	// A module requiring (and importing) a module that needs go 1.999.
	"req/go.mod": "module example.com/m\n\ngo 1.21\n\nrequire example.com/future v1.0.0\n",
	"req/m.go":   "package m\n\nimport _ \"example.com/future\"\n",
	// A module importing it without requiring it.
	"noreq/go.mod": "module example.com/m\n\ngo 1.21\n",
	"noreq/m.go":   "package m\n\nimport _ \"example.com/future\"\n",
	// A module needing it only through another module.
	"indirect/go.mod": "module example.com/m\n\ngo 1.21\n\nrequire example.com/usesfuture v1.0.0\n",
	"indirect/m.go":   "package m\n\nimport _ \"example.com/usesfuture\"\n",
	// A module needing nothing.
	"plain/go.mod": "module example.com/m\n\ngo 1.21\n",
	// A workspace whose module requires it.
	"work/go.work":     "go 1.21\n\nuse ./a\n",
	"work/a/go.mod":    "module example.com/a\n\ngo 1.21\n\nrequire example.com/future v1.0.0\n",
	"work/a/a.go":      "package a\n\nimport _ \"example.com/future\"\n",
	"worknew/go.work":  "go 1.21\n\nuse (\n\t./a\n\t./b\n)\n",
	"worknew/a/go.mod": "module example.com/a\n\ngo 1.21\n",
	"worknew/b/go.mod": "module example.com/b\n\ngo 1.999\n",
	// A workspace with two modules needing newer Go versions.
	"worknew2/go.work":  "go 1.21\n\nuse (\n\t./a\n\t./b\n\t./c\n)\n",
	"worknew2/a/go.mod": "module example.com/a\n\ngo 1.21\n\nrequire example.com/future v1.0.0\n",
	"worknew2/b/go.mod": "module example.com/b\n\ngo 1.998\n",
	"worknew2/c/go.mod": "module example.com/c\n\ngo 1.999\n",
}

// switchProxy serves the modules of dir and, when toolchains is set,
// lists golang.org/toolchain releases of go 1.999 for this platform
// (whose zips it does not have).
func switchProxy(t *testing.T, dir string) http.Handler {
	p, err := loadModProxy(dir)
	if err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/tc/golang.org/toolchain/@v/list" {
			for _, v := range []string{"1.998.0", "1.999.0", "1.999.1", "1.1000rc1"} {
				fmt.Fprintf(w, "v0.0.1-go%s.%s-%s\n", v, runtime.GOOS, runtime.GOARCH)
			}
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, "/tc")
		if !ok {
			rest, ok = strings.CutPrefix(r.URL.Path, "/notc")
		}
		if !ok || strings.HasPrefix(rest, "/golang.org/toolchain/") {
			http.NotFound(w, r)
			return
		}
		r.URL.Path = rest
		p.ServeHTTP(w, r)
	})
}

// TestModCmdToolchainSwitch runs gocmd and the real go where go mod
// download, go mod tidy, go mod graph and go work sync find that a
// module needs go 1.999: with GOTOOLCHAIN=auto (a fake go1.999.1 on
// PATH takes over), GOTOOLCHAIN=local, and where no toolchain can be
// found (not on PATH, not downloadable, not released). Stdout, stderr,
// exit status and the go.mod, go.sum and go.work files left must match.
func TestModCmdToolchainSwitch(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go and gocmd against a fake proxy")
	}
	root := t.TempDir()
	proxyDir := filepath.Join(root, "proxy")
	writeFiles(t, proxyDir, switchProxyModules)
	srv := httptest.NewServer(switchProxy(t, proxyDir))
	t.Cleanup(srv.Close)
	bin := filepath.Join(root, "bin")
	writeFiles(t, bin, map[string]string{"go1.999.1": "#!/bin/sh\n" +
		"echo \"fake go1.999.1: $*\"\n" +
		"echo \"target=$GOTOOLCHAIN_INTERNAL_SWITCH_VERSION count=$GOTOOLCHAIN_INTERNAL_SWITCH_COUNT\"\n" +
		"exit 3\n"})
	if err := os.Chmod(filepath.Join(bin, "go1.999.1"), 0o777); err != nil {
		t.Fatal(err)
	}
	path := os.Getenv("PATH")
	// GOTOOLCHAIN=<local>+auto behaves like auto.
	local := strings.TrimSpace(runCmd(t, realGoCommand(t, root, []string{"GOTOOLCHAIN=local"}, "env", "GOVERSION")).stdout)
	envs := map[string][]string{
		"auto":    {"GOTOOLCHAIN=auto", "GOPROXY=" + srv.URL + "/tc", "PATH=" + bin + string(filepath.ListSeparator) + path},
		"local":   {"GOTOOLCHAIN=local", "GOPROXY=" + srv.URL + "/tc", "PATH=" + bin + string(filepath.ListSeparator) + path},
		"nodl":    {"GOTOOLCHAIN=auto", "GOPROXY=" + srv.URL + "/tc", "PATH=" + path},
		"norel":   {"GOTOOLCHAIN=auto", "GOPROXY=" + srv.URL + "/notc", "PATH=" + path},
		"path":    {"GOTOOLCHAIN=path", "GOPROXY=" + srv.URL + "/tc", "PATH=" + path},
		"minauto": {"GOTOOLCHAIN=" + local + "+auto", "GOPROXY=" + srv.URL + "/tc", "PATH=" + bin + string(filepath.ListSeparator) + path},
	}
	cases := []struct {
		dir  string
		args []string
	}{
		{"plain", []string{"mod", "download", "example.com/future@v1.0.0"}},
		{"plain", []string{"mod", "download", "-json", "example.com/plain@v1.0.0", "example.com/future@v1.0.0"}},
		{"plain", []string{"mod", "download", "example.com/future@latest", "example.com/usesfuture@v1.0.0"}},
		{".", []string{"mod", "download", "example.com/future@v1.0.0"}},
		{".", []string{"mod", "download", "example.com/older@v1.0.0", "example.com/future@v1.0.0", "example.com/plain@v1.0.0"}},
		{".", []string{"mod", "download", "-json", "example.com/older@v1.0.0", "example.com/future@v1.0.0"}},
		{".", []string{"mod", "download", "example.com/older@v1.0.0"}},
		{"req", []string{"mod", "download"}},
		{"indirect", []string{"mod", "download"}},
		{"work", []string{"mod", "download"}},
		{"req", []string{"mod", "tidy"}},
		{"noreq", []string{"mod", "tidy"}},
		{"indirect", []string{"mod", "tidy"}},
		{"plain", []string{"mod", "tidy", "-go=1.999"}},
		{"req", []string{"mod", "tidy", "-e"}},
		{"req", []string{"mod", "graph"}},
		{"indirect", []string{"mod", "graph"}},
		{"plain", []string{"mod", "graph", "-go=1.999"}},
		{"work", []string{"mod", "graph"}},
		{"req", []string{"mod", "verify"}},
		{"req", []string{"list", "-m", "all"}},
		{"req", []string{"build", "./..."}},
		{"req", []string{"list", "-deps", "./..."}},
		{"noreq", []string{"get", "example.com/future"}},
		{"plain", []string{"list", "-m", "-json", "example.com/future@v1.0.0"}},
		{"work", []string{"work", "sync"}},
		{"worknew", []string{"work", "sync"}},
		{"worknew2", []string{"work", "sync"}},
		{"worknew2", []string{"mod", "download"}},
	}
	envNames := []string{"auto", "local", "nodl", "norel", "path", "minauto"}
	for _, c := range cases {
		for _, en := range envNames {
			name := c.dir + "/" + strings.Join(c.args, "_") + "/" + en
			t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
				var res [2]result
				var files [2]string
				for i, which := range []string{"go", "gocmd"} {
					work := filepath.Join(t.TempDir(), "w")
					writeFiles(t, work, switchFixtures)
					cache := filepath.Join(t.TempDir(), "modcache")
					env := append([]string{"GOSUMDB=off", "GOFLAGS=-modcacherw", "GOWORK=", "GO111MODULE=on",
						"GOMODCACHE=" + cache, "GOPATH=" + filepath.Join(work, "gopath"), "GOCACHE=" + filepath.Join(work, "gocache"),
						"GOPRIVATE=", "GONOPROXY=", "GONOSUMDB=", "GOINSECURE=", "GODEBUG="}, envs[en]...)
					dir := filepath.Join(work, c.dir)
					var cmd = realGoCommand(t, dir, env, c.args...)
					if which == "gocmd" {
						cmd = gocmdCommand(t, dir, env, c.args...)
					}
					r := runCmd(t, cmd)
					for _, s := range []*string{&r.stdout, &r.stderr} {
						*s = strings.ReplaceAll(*s, cache, "$GOMODCACHE")
						*s = strings.ReplaceAll(*s, work, "$WORK")
					}
					res[i] = r
					files[i] = moduleFiles(t, work)
				}
				want, got := res[0], res[1]
				if got != want {
					t.Errorf("go %s in %s:\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\nreal go: exit %d\nstdout:\n%s\nstderr:\n%s",
						strings.Join(c.args, " "), c.dir, got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
				}
				if files[0] != files[1] {
					t.Errorf("go %s in %s: files differ:\n%s\nreal go:\n%s\ngocmd:\n%s", strings.Join(c.args, " "), c.dir, lineDiff(files[0], files[1]), files[0], files[1])
				}
			})
		}
	}
}

// moduleFiles returns the go.mod, go.sum, go.work and go.work.sum
// files under dir with their contents, for comparison.
func moduleFiles(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == "gopath" || d.Name() == "gocache") {
			return filepath.SkipDir
		}
		switch d.Name() {
		case "go.mod", "go.sum", "go.work", "go.work.sum":
			names = append(names, path)
		}
		return nil
	})
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, name)
		fmt.Fprintf(&b, "-- %s --\n%s", filepath.ToSlash(rel), data)
	}
	return b.String()
}
