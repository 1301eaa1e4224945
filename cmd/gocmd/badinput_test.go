package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestBadInput runs gocmd and the real go on broken inputs (go.mod syntax
// errors, two package names in one directory, import cycles, missing
// imports, syntax errors, unknown flags, a bad $GOFLAGS) and requires the
// same stdout, stderr and exit status.
func TestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages")
	}
	dir := t.TempDir()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "badinput", "fixtures.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		name := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"GOCACHE=" + filepath.Join(dir, "cache"), "GOPATH=" + filepath.Join(dir, "gopath")}
	cases := []struct {
		dir  string
		env  []string
		args []string
	}{
		{"brokenmod", nil, []string{"list", "./..."}},
		{"brokenmod", nil, []string{"build", "./..."}},
		{"badmod", nil, []string{"list", "-m"}},
		{"pkgs", nil, []string{"list", "./..."}},
		{"pkgs", nil, []string{"list", "-e", "-json", "./two", "./cyc/a"}},
		{"pkgs", nil, []string{"build", "./two"}},
		{"pkgs", nil, []string{"build", "./cyc/a"}},
		{"pkgs", nil, []string{"build", "./missing"}},
		{"pkgs", nil, []string{"build", "./syntax"}},
		{"pkgs", nil, []string{"build", "-o", filepath.Join(dir, "nodir", "sub", "x"), "./main"}},
		{"pkgs", nil, []string{"list", "-bogus"}},
		{"pkgs", nil, []string{"build", "-bogus"}},
		{"pkgs", []string{"GOFLAGS=-bogus"}, []string{"list", "./two"}},
		{"pkgs", []string{"GOFLAGS=-"}, []string{"build", "./two"}},
	}
	for _, tc := range cases {
		got, want := both(t, filepath.Join(dir, tc.dir), append(env, tc.env...), tc.args...)
		if got != want {
			t.Errorf("%s: go %v %v:\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\ngo: exit %d\nstdout:\n%s\nstderr:\n%s",
				tc.dir, tc.env, tc.args, got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
		}
	}
}
