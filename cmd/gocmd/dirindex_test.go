package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestListDirIndexEdits checks that go list sees edits to packages whose
// directories are in the directory index (GOCACHE): after each change
// (edit, add, remove, rename a package) gocmd's output must match the
// real go's. Files get modification times in the past, as files edited
// a while ago have, so that the index caches their directories.
func TestListDirIndexEdits(t *testing.T) {
	for _, mode := range []string{"module", "gopath"} {
		t.Run(mode, func(t *testing.T) {
			root := t.TempDir()
			dir := root
			gocache := t.TempDir()
			env := []string{"GOCACHE=" + gocache}
			if mode == "gopath" {
				dir = filepath.Join(root, "src", "example.com", "m")
				env = append(env, "GO111MODULE=off", "GOPATH="+root)
			}
			stamp := time.Now().Add(-time.Hour)
			write := func(name, data string) {
				t.Helper()
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o777)
				if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
					t.Fatal(err)
				}
				stamp = stamp.Add(time.Second) // each write a later time
				os.Chtimes(p, stamp, stamp)
			}
			if mode == "module" {
				write("go.mod", "module example.com/m\n\ngo 1.22\n")
			}
			write("a/a.go", "// Package a does a.\npackage a\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n")
			write("b/b.go", "package b\n\nimport _ \"example.com/m/a\"\n")
			write("cmd/c/main.go", "package main\n\nimport _ \"example.com/m/b\"\n\nfunc main() {}\n")
			list := func(step string) {
				t.Helper()
				for range 2 { // the second run is warm
					compareList(t, dir, env, dropStale, "list", "-e", "-deps", "-json", "./...")
				}
				if t.Failed() {
					t.Fatalf("after %s", step)
				}
			}
			list("setup")
			if entries, _ := filepath.Glob(filepath.Join(gocache, "*", "*-a")); len(entries) == 0 {
				t.Fatalf("GOCACHE has no entries after go list")
			}
			write("a/a.go", "// Package a does more.\npackage a\n\nimport \"strings\"\n\nvar _ = strings.Cut\n")
			list("editing a/a.go")
			write("a/a2.go", "package a\n\nimport _ \"os\"\n")
			write("a/a_test.go", "package a_test\n\nimport _ \"example.com/m/a\"\n")
			list("adding a/a2.go and a/a_test.go")
			os.Remove(filepath.Join(dir, "a", "a.go"))
			list("removing a/a.go")
			write("b/b2.go", "package bb\n")
			list("adding a file with another package name")
			os.Remove(filepath.Join(dir, "b", "b2.go"))
			write("b/b.go", "package b\n\nimport _ \"example.com/m/a\n")
			list("a syntax error")
			write("b/b.go", "//go:build ignore\n\npackage b\n")
			list("excluding b/b.go")

			// The index is what answered: a rewrite that keeps the size
			// and the modification time goes unnoticed, as with go's own
			// index.
			a2 := filepath.Join(dir, "a", "a2.go")
			fi, _ := os.Stat(a2)
			os.WriteFile(a2, []byte("package a\n\nimport _ \"io\"\n"), 0o666)
			os.Chtimes(a2, fi.ModTime(), fi.ModTime())
			r := runCmd(t, gocmdCommand(t, dir, append(listEnv(), env...), "list", "-f", "{{.Imports}}", "./a"))
			if r.stdout != "[os]\n" {
				t.Errorf("after an unnoticeable rewrite: go list printed %q, want the indexed [os]", r.stdout)
			}
		})
	}
}

// TestListDirIndexOff: the index is not used with GOCACHE=off or
// GODEBUG=goindex=0, and go list works as before.
func TestListDirIndexOff(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.22\n",
		"a/a.go":  "package a\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n",
		"main.go": "package main\n\nimport _ \"example.com/m/a\"\n\nfunc main() {}\n",
	})
	old := time.Now().Add(-time.Hour)
	for _, f := range []string{"go.mod", "a/a.go", "main.go"} {
		os.Chtimes(filepath.Join(dir, f), old, old)
	}
	gocache := t.TempDir()
	// (go list -json needs the build cache for Stale.)
	format := "{{.ImportPath}} {{.GoFiles}} {{.Imports}} {{.Deps}}"
	compareList(t, dir, []string{"GOCACHE=off"}, nil, "list", "-e", "-deps", "-f", format, "./...")
	compareList(t, dir, []string{"GOCACHE=" + gocache, "GODEBUG=goindex=0"}, nil, "list", "-e", "-deps", "-f", format, "./...")
	if entries, _ := filepath.Glob(filepath.Join(gocache, "*", "*-a")); len(entries) != 0 {
		t.Errorf("GODEBUG=goindex=0: GOCACHE has %d entries after go list", len(entries))
	}
}
