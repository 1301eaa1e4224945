package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestModTidyScanCacheEdits checks that go mod tidy sees edits to the
// imports of the main module's packages although it remembers the
// imports of each directory in GOCACHE: after each change (an import
// added, a test file added, a file excluded by a build tag, a file
// removed) gocmd must write the same go.mod as the real go and print the
// same output. Each command works on its own copy of the tree, with its
// own GOCACHE, and runs twice so that the second run is warm. Files get
// modification times in the past, as files edited a while ago have, so
// that their directories are cached.
func TestModTidyScanCacheEdits(t *testing.T) {
	root := t.TempDir()
	who := []string{"go", "gocmd"}
	caches := map[string]string{}
	for _, w := range who {
		caches[w] = t.TempDir()
	}
	stamp := time.Now().Add(-time.Hour)
	write := func(name, data string) {
		t.Helper()
		stamp = stamp.Add(time.Second) // each write a later time
		for _, w := range who {
			p := filepath.Join(root, w, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o777)
			if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(p, stamp, stamp)
		}
	}
	remove := func(name string) {
		for _, w := range who {
			os.Remove(filepath.Join(root, w, filepath.FromSlash(name)))
		}
	}
	write("m/go.mod", "module example.com/m\n\ngo 1.22\n\nreplace example.com/dep => ../dep\n\nreplace example.com/tdep => ../tdep\n")
	write("m/a/a.go", "package a\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n")
	write("dep/go.mod", "module example.com/dep\n\ngo 1.22\n")
	write("dep/dep.go", "package dep\n")
	write("tdep/go.mod", "module example.com/tdep\n\ngo 1.22\n")
	write("tdep/tdep.go", "package tdep\n")

	tidy := func(step string) {
		t.Helper()
		for range 2 {
			var want result
			var wantMod []byte
			for _, w := range who {
				dir := filepath.Join(root, w, "m")
				env := append(listEnv(), "GOCACHE="+caches[w])
				cmd := realGoCommand(t, dir, env, "mod", "tidy")
				if w == "gocmd" {
					cmd = gocmdCommand(t, dir, env, "mod", "tidy")
				}
				r := runCmd(t, cmd)
				mod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
				if w == "go" {
					want, wantMod = r, mod
					continue
				}
				if r != want {
					t.Errorf("after %s: go mod tidy printed\n%+v\nwant (go)\n%+v", step, r, want)
				}
				if string(mod) != string(wantMod) {
					t.Errorf("after %s: go.mod is\n%s\nwant (go)\n%s", step, mod, wantMod)
				}
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	tidy("setup")
	if entries, _ := filepath.Glob(filepath.Join(caches["gocmd"], "*", "*-a")); len(entries) == 0 {
		t.Fatalf("GOCACHE has no entries after go mod tidy")
	}
	write("m/a/a.go", "package a\n\nimport _ \"example.com/dep\"\n")
	tidy("importing example.com/dep")
	write("m/a/a_test.go", "package a\n\nimport _ \"example.com/tdep\"\n")
	tidy("adding a test importing example.com/tdep")
	write("m/a/a_test.go", "//go:build ignore\n\npackage a\n\nimport _ \"example.com/tdep\"\n")
	tidy("excluding the test by a build tag")
	remove("m/a/a_test.go")
	write("m/a/b.go", "package a\n\nimport _ \"example.com/tdep\"\n")
	remove("m/a/a.go")
	tidy("moving the package to b.go importing example.com/tdep")
}
