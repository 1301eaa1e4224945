package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestBadInput runs gocmd and the real go on broken inputs (go.mod syntax
// errors, two package names in one directory, import cycles, missing
// imports, syntax errors, unknown flags, a bad $GOFLAGS, forbidden #cgo
// flags) and requires the
// same stdout, stderr and exit status.
func TestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages")
	}
	dir := badInputFixtures(t)
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
		{"pkgs", []string{"CGO_ENABLED=1"}, []string{"build", "./cgoflag"}},
		{"pkgs", []string{"CGO_ENABLED=1"}, []string{"build", "./cgoldflag"}},
	}
	for _, tc := range cases {
		got, want := both(t, filepath.Join(dir, tc.dir), append(env, tc.env...), tc.args...)
		if got != want {
			t.Errorf("%s: go %v %v:\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\ngo: exit %d\nstdout:\n%s\nstderr:\n%s",
				tc.dir, tc.env, tc.args, got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
		}
	}
}

// badInputFixtures writes testdata/badinput/fixtures.txtar to a new
// directory and returns it.
func badInputFixtures(t *testing.T) string {
	t.Helper()
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
	return dir
}

// exportFiles returns the output of go list -export for the packages of
// the chain fixture: archive paths in GOCACHE, named by action IDs.
func exportFiles(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	r := runCmd(t, cmd)
	if r.code != 0 {
		t.Fatalf("%s: exit %d\n%s", cmd, r.code, r.stderr)
	}
	return r.stdout
}

// TestBadCacheEntry damages build outputs in GOCACHE (one truncated, one
// emptied) and rebuilds: go rebuilds the packages silently and the cache
// heals; gocmd must do the same.
func TestBadCacheEntry(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages")
	}
	dir := filepath.Join(badInputFixtures(t), "chain")
	for _, tc := range []struct {
		name string
		cmd  func(testing.TB, string, []string, ...string) *exec.Cmd
	}{{"go", realGoCommand}, {"gocmd", gocmdCommand}} {
		t.Run(tc.name, func(t *testing.T) {
			env := []string{"GOCACHE=" + t.TempDir(), "GOFLAGS=", "CGO_ENABLED=0"}
			list := []string{"list", "-export", "-f", "{{.ImportPath}} {{.Export}}", "./..."}
			if r := runCmd(t, tc.cmd(t, dir, env, "build", "./...")); r.code != 0 || r.stderr != "" {
				t.Fatalf("first build: exit %d\n%s", r.code, r.stderr)
			}
			before := exportFiles(t, tc.cmd(t, dir, env, list...))
			sizes := map[string]int64{}
			for i, line := range strings.Split(strings.TrimSpace(before), "\n") {
				_, file, _ := strings.Cut(line, " ")
				fi, err := os.Stat(file)
				if err != nil {
					t.Fatal(err)
				}
				sizes[file] = fi.Size()
				switch i {
				case 1: // chain/b: truncated
					err = os.Truncate(file, fi.Size()/2)
				case 3: // chain/d, imported by c and e: emptied
					err = os.Truncate(file, 0)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			r := runCmd(t, tc.cmd(t, dir, env, "build", "./..."))
			if r.code != 0 || r.stdout != "" || r.stderr != "" {
				t.Fatalf("build after damage: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			after := exportFiles(t, tc.cmd(t, dir, env, list...))
			if after != before {
				t.Errorf("export files changed:\n%s", lineDiff(before, after))
			}
			for file, size := range sizes {
				if fi, err := os.Stat(file); err != nil || fi.Size() != size {
					t.Errorf("%s not healed: %v", file, err)
				}
			}
		})
	}
}

// TestConcurrentBuilds runs two gocmd builds at once on one empty
// GOCACHE: both succeed, and the cache then holds the same archives as
// go names them.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages")
	}
	dir := filepath.Join(badInputFixtures(t), "chain")
	env := []string{"GOCACHE=" + t.TempDir(), "GOFLAGS=", "CGO_ENABLED=0"}
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for range 2 {
		cmd := gocmdCommand(t, dir, env, "build", "./...")
		out := new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		outs = append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil || outs[i].Len() != 0 {
			t.Errorf("build %d: %v\n%s", i, err, outs[i])
		}
	}
	list := []string{"list", "-export", "-f", "{{.ImportPath}} {{.Export}} {{.Stale}}", "./..."}
	got := exportFiles(t, gocmdCommand(t, dir, env, list...))
	want := exportFiles(t, realGoCommand(t, dir, env, list...))
	if got != want {
		t.Errorf("go list -export after concurrent builds:\n%s", lineDiff(want, got))
	}
	if strings.Contains(got, "true") {
		t.Errorf("stale packages after concurrent builds:\n%s", got)
	}
}
