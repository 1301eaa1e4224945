package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestListModulesResultCache checks that go list -m reuses a stored
// result only while every file it read is unchanged. The cache is
// observable through an edit that keeps a file's size and modification
// time: the stored answer then still shows the old contents (the one
// edit such a cache cannot see, which is why files modified shortly
// before a run are never relied on). Every other answer must be the one
// a run without the cache (GOCACHE=off) gives.
func TestListModulesResultCache(t *testing.T) {
	root := t.TempDir()
	m := filepath.Join(root, "m")
	local := filepath.Join(m, "local")
	gopath := filepath.Join(root, "gopath")
	env := []string{
		"GOPATH=" + gopath, "GOMODCACHE=" + filepath.Join(gopath, "pkg", "mod"),
		"GOCACHE=" + filepath.Join(root, "cache"), "GOPROXY=" + startModProxy(t, filepath.Join("testdata", "mod")),
		"GOSUMDB=off", "GOFLAGS=", "GOWORK=", "GOTOOLCHAIN=local", "GO111MODULE=", "GODEBUG=",
		"HOME=" + filepath.Join(root, "home"),
	}
	noCache := append(env[:len(env):len(env)], "GOCACHE=off")
	// Results are stored only in an existing GOCACHE: go list -m
	// creates none.
	if err := os.MkdirAll(filepath.Join(root, "cache"), 0o777); err != nil {
		t.Fatal(err)
	}
	write := func(file, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	run := func(env []string, args ...string) result {
		t.Helper()
		return runCmd(t, gocmdCommand(t, m, env, args...))
	}
	// age dates every file below dir back by an hour (and a second per
	// call, so that each call changes the modification times).
	aged := time.Now().Add(-time.Hour)
	age := func(dir string) {
		t.Helper()
		aged = aged.Add(time.Second)
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil {
				os.Chtimes(path, aged, aged)
			}
			return nil
		})
	}

	const mainMod = "module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/hello v1.0.0\n\texample.com/local v0.0.0\n)\n\nreplace example.com/local => ./local\n"
	write(filepath.Join(m, "go.mod"), mainMod)
	const localV10 = "module example.com/local\n\ngo 1.21\n\nrequire example.com/hello v1.0.0\n"
	const localV11 = "module example.com/local\n\ngo 1.21\n\nrequire example.com/hello v1.1.0\n"
	const localGo20 = "module example.com/local\n\ngo 1.20\n\nrequire example.com/hello v1.0.0\n"
	// Fill go.sum and the module cache for both versions.
	for _, data := range []string{localV10, localV11} {
		write(filepath.Join(local, "go.mod"), data)
		if r := run(env, "list", "-mod=mod", "-m", "all"); r.code != 0 {
			t.Fatalf("setup: %+v", r)
		}
	}
	write(filepath.Join(local, "go.mod"), localV10)
	write(filepath.Join(m, "go.mod"), mainMod) // as -mod=mod left it
	age(root)

	// check runs args with the cache and requires the answer of a run
	// without it.
	check := func(what string, args ...string) result {
		t.Helper()
		want := run(noCache, args...)
		for i := range 2 {
			if got := run(env, args...); got != want {
				t.Errorf("%s: run %d of go %s:\ngot  %+v\nwant %+v", what, i+1, strings.Join(args, " "), got, want)
			}
		}
		return want
	}
	check("first runs", "list", "-m", "all")
	check("JSON", "list", "-m", "-json", "all")
	goVersions := []string{"list", "-m", "-f", "{{.Path}} {{.GoVersion}}", "all"}
	first := check("first runs with -f", goVersions...)
	if !strings.Contains(first.stdout, "example.com/local 1.21") {
		t.Fatalf("unexpected listing: %+v", first)
	}

	// The same-size edit with the old modification time goes unseen:
	// proof that the answer came from the cache.
	localMod := filepath.Join(local, "go.mod")
	write(localMod, localGo20)
	os.Chtimes(localMod, aged, aged)
	if got := run(env, goVersions...); got != first {
		t.Errorf("after an edit keeping size and time: got %+v, want the stored %+v", got, first)
	}
	if fresh := run(noCache, goVersions...); !strings.Contains(fresh.stdout, "example.com/local 1.20") {
		t.Fatalf("without the cache, the edit shows: got %+v", fresh)
	}

	// A template calling context is never stored (its CgoEnabled
	// depends on what PATH holds): the same kind of edit shows at once.
	withContext := []string{"list", "-m", "-f", "{{.Path}} {{.GoVersion}} {{context.GOOS}}", "all"}
	age(local)
	write(localMod, localV10)
	os.Chtimes(localMod, aged, aged)
	before := check("context template", withContext...)
	write(localMod, localGo20)
	os.Chtimes(localMod, aged, aged)
	if after := run(env, withContext...); after == before || !strings.Contains(after.stdout, "example.com/local 1.20") {
		t.Errorf("a template calling context was answered from the cache: %+v", after)
	}

	// Any other change is seen.
	age(local)
	check("after the edit", goVersions...)
	write(localMod, localV11)
	age(local)
	check("after a requirement change", "list", "-m", "all")
	write(filepath.Join(m, "go.mod"), "module example.com/m\n\ngo 1.21\n\nrequire example.com/local v0.0.0\n\nreplace example.com/local => ./local\n")
	age(m)
	check("after a go.mod change", "list", "-m", "all")
	// A module cache file that changes (here, one go.sum does not vouch
	// for) or disappears.
	helloMod := filepath.Join(gopath, "pkg", "mod", "cache", "download", "example.com", "hello", "@v", "v1.1.0.mod")
	os.Chmod(helloMod, 0o666)
	write(helloMod, "module example.com/hello\n\ngo 1.22\n")
	age(helloMod)
	if r := check("after tampering", "list", "-m", "all"); r.code == 0 {
		t.Errorf("a tampered go.mod in the module cache went unnoticed: %+v", r)
	} else if _, err := os.Stat(realGo); err == nil {
		// go stops at the mismatch even though the file only served
		// the module's go version.
		if want := runCmd(t, realGoCommand(t, m, noCache, "list", "-m", "all")); r != want {
			t.Errorf("after tampering: gocmd %+v, real go %+v", r, want)
		}
	}
	// One that disappears, with no proxy to fetch it again.
	os.Remove(helloMod)
	check("after removal", "list", "-m", "all") // fetched again
	age(gopath)
	offline := append(env[:len(env):len(env)], "GOPROXY=off")
	offlineNoCache := append(noCache[:len(noCache):len(noCache)], "GOPROXY=off")
	if r := run(offline, "list", "-m", "all"); r.code != 0 {
		t.Fatalf("offline with a full module cache: %+v", r)
	}
	os.Remove(strings.TrimSuffix(helloMod, ".mod") + ".info")
	want := run(offlineNoCache, "list", "-m", "all")
	if got := run(offline, "list", "-m", "all"); got != want || want.code == 0 {
		t.Errorf("offline after removal: got %+v, want %+v (a failure)", got, want)
	}

	// In a workspace, go.work and the go.mod files of its modules count
	// like any other file.
	ws := filepath.Join(root, "ws")
	write(filepath.Join(ws, "go.work"), "go 1.21\n\nuse (\n\t./a\n\t./b\n)\n")
	write(filepath.Join(ws, "a", "go.mod"), "module example.com/a\n\ngo 1.21\n")
	write(filepath.Join(ws, "b", "go.mod"), "module example.com/b\n\ngo 1.21\n")
	age(ws)
	m = ws
	check("workspace", "list", "-m", "all")
	write(filepath.Join(ws, "b", "go.mod"), "module example.com/bb\n\ngo 1.21\n")
	age(ws)
	check("workspace module renamed", "list", "-m", "all")
	write(filepath.Join(ws, "go.work"), "go 1.21\n\nuse ./a\n")
	age(ws)
	check("workspace module dropped", "list", "-m", "all")
}
