package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestModGraphWhy runs gocmd and the real go on the fixtures of
// testdata/modgraph (modules wired together by local replacements, so
// nothing is fetched) for go mod graph and go mod why, and requires the
// same stdout, stderr and exit status, byte for byte.
func TestModGraphWhy(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "modgraph", "fixtures.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for _, f := range ar.Files {
		name := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"GOPATH=" + filepath.Join(root, "gopath"), "GOWORK=", "GOCACHE=" + filepath.Join(t.TempDir(), "cache")}
	cases := []struct {
		dir  string
		args string
	}{
		{"m", "mod graph"},
		{"m", "mod graph -go=1.16"},
		{"m", "mod graph -x"},
		{"m", "mod graph extra"},
		{"m", "mod graph -go=1.99999"},
		{"m", "mod graph -go=x"},
		{"old", "mod graph"},
		{"old", "mod graph -go=1.16"},
		{"old", "mod graph -go=1.20"},
		{"newer", "mod graph"},
		{"newer", "mod graph -go=1.21"},
		{"newer", "mod graph -go=1.16"},
		{"d", "mod graph"},
		{"gopath", "mod graph"},
		{"m", "mod why example.com/a example.com/b/sub example.com/d example.com/c fmt"},
		{"m", "mod why -m example.com/a example.com/b example.com/c example.com/d"},
		{"m", "mod why -vendor example.com/d example.com/b/sub"},
		{"m", "mod why -m -vendor example.com/d example.com/b"},
		{"m", "mod why -m example.com/a@v1"},
		{"m", "mod why ./..."},
		{"m", "mod why ./nothing/..."},
		{"old", "mod why -m example.com/e example.com/lazy"},
		// A workspace.
		{"w", "mod graph"},
		{"w", "mod graph -go=1.21"},
		{"w/b", "mod why example.com/c"},
		{"w", "mod why -m example.com/c"},
	}
	for _, c := range cases {
		dir := filepath.Join(root, c.dir)
		os.MkdirAll(dir, 0o777)
		got, want := both(t, dir, slices.Clip(env), strings.Fields(c.args)...)
		if got != want {
			t.Errorf("in %s: go %s:\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\nreal go: exit %d\nstdout:\n%s\nstderr:\n%s",
				c.dir, c.args, got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
		}
	}
}
