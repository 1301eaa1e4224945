package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cgoModule writes a module whose main package calls a C function
// defined in its preamble (with a #cgo CFLAGS directive) and one from a
// .c file, and returns its directory.
func cgoModule(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/cgohello\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dir, "main.go"), `package main

/*
#cgo CFLAGS: -DBASE=40
int add(int a, int b) { return a + b + BASE; }
int twice(int);
*/
import "C"

import "fmt"

func main() { fmt.Println(C.add(1, 1), C.twice(3)) }
`)
	writeFile(t, filepath.Join(dir, "twice.c"), "int twice(int x) { return 2 * x; }\n")
	return dir
}

// TestCgoIdenticalBinaries builds a cgo program with go and gocmd and
// compares the executables, build IDs blanked (they are the same too:
// the cgo inputs hash alike).
func TestCgoIdenticalBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	mod := cgoModule(t)
	out := t.TempDir()
	// With a cache of its own, gocmd also builds runtime/cgo.
	ownCache := []string{"GOCACHE=" + t.TempDir()}
	for _, tc := range []struct {
		name  string
		flags []string
		env   []string
	}{
		{"trimpath-own-cache", []string{"-trimpath"}, ownCache},
		{"trimpath", []string{"-trimpath"}, nil},
		{"plain", nil, nil},
		{"pie", []string{"-buildmode=pie"}, nil},
		{"c-shared", []string{"-buildmode=c-shared"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := filepath.Join(out, tc.name+".go")
			got := filepath.Join(out, tc.name+".gocmd")
			args := append([]string{"build"}, tc.flags...)
			if r := runCmd(t, realGoCommand(t, mod, nil, append(args, "-o", want, ".")...)); r.code != 0 {
				t.Fatalf("go build: %s", r.stderr)
			}
			if r := runCmd(t, gocmdCommand(t, mod, tc.env, append(args, "-o", got, ".")...)); r.code != 0 {
				t.Fatalf("gocmd build: %s", r.stderr)
			}
			wd, wid := blankBuildID(t, want)
			gd, gid := blankBuildID(t, got)
			if !bytes.Equal(wd, gd) {
				t.Errorf("binaries differ beyond their build IDs (go %s, gocmd %s)", wid, gid)
			}
			if wid != gid {
				t.Errorf("build IDs differ: go %s, gocmd %s", wid, gid)
			}
		})
	}
	// The c-shared build installs the header of the exported functions
	// (none here: no header).
	for _, f := range []string{"c-shared.go.h", "c-shared.gocmd.h"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s written without exported functions", f)
		}
	}
	exe := filepath.Join(out, "plain.gocmd")
	if o, err := exec.Command(exe).CombinedOutput(); err != nil || string(o) != "42 6\n" {
		t.Errorf("%s: %q, %v", exe, o, err)
	}
}

var randomSeedRE = regexp.MustCompile(`-frandom-seed=\S+`)

// TestCgoDashNX compares the scripts go and gocmd print for a cgo
// package: the cgo run, the gcc probes, the compiles of the generated
// and the package's C files, the dynamic import link, and the Go
// compile.
func TestCgoDashNX(t *testing.T) {
	if testing.Short() {
		t.Skip("runs builds")
	}
	mod := cgoModule(t)
	exe := filepath.Join(t.TempDir(), "cgohello")
	for _, tc := range []struct {
		name string
		args []string
		edit bool // change the source before each run, so that main is compiled
	}{
		{"n-all", []string{"build", "-n", "-a", "-p", "1", "-o", exe, "."}, false},
		{"n", []string{"build", "-n", "-o", exe, "."}, false},
		{"n-trimpath", []string{"build", "-n", "-trimpath", "-o", exe, "."}, false},
		{"x", []string{"build", "-x", "-p", "1", "-o", exe, "."}, true},
		{"x-trimpath", []string{"build", "-x", "-p", "1", "-trimpath", "-o", exe, "."}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(cmd func(testing.TB, string, []string, ...string) *exec.Cmd, tag string) result {
				if tc.edit {
					writeFile(t, filepath.Join(mod, "twice.c"), "int twice(int x) { return 2 * x; } // "+tc.name+tag+"\n")
				}
				return runCmd(t, cmd(t, mod, nil, tc.args...))
			}
			want := run(realGoCommand, "go")
			got := run(gocmdCommand, "gocmd")
			if got.code != want.code {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", got.code, want.code, got.stderr)
			}
			norm := func(s string) string { return randomSeedRE.ReplaceAllString(normalizeX(s), "-frandom-seed=SEED") }
			if w, g := norm(want.stderr), norm(got.stderr); w != g {
				t.Errorf("stderr differs:\n%s", lineDiff(w, g))
			}
		})
	}
}

// TestCgoErrors compares go's and gocmd's reports of a forbidden #cgo
// flag (with and without the environment's allow-list), a C compile
// error and a missing pkg-config package.
func TestCgoErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs builds")
	}
	mod := cgoModule(t)
	for _, tc := range []struct {
		name, src string
		env       []string
		args      []string
	}{
		{"forbidden-cflag", "// #cgo CFLAGS: -fplugin=foo.so\n", nil, []string{"build", "."}},
		{"forbidden-cflag-n", "// #cgo CFLAGS: -fplugin=foo.so\n", nil, []string{"build", "-n", "."}},
		{"forbidden-ldflag", "// #cgo LDFLAGS: -Wl,-wrap=x,--foo\n", nil, []string{"build", "."}},
		{"allowed-by-env", "// #cgo CFLAGS: -fplugin=foo.so\n", []string{"CGO_CFLAGS_ALLOW=-fplugin=.*"}, []string{"build", "-n", "-o", os.DevNull, "."}},
		{"disallowed-by-env", "// #cgo CFLAGS: -O1\n", []string{"CGO_CFLAGS_DISALLOW=-O.*"}, []string{"build", "."}},
		{"bad-allow-regexp", "// #cgo CFLAGS: -O1\n", []string{"CGO_CFLAGS_ALLOW=("}, []string{"build", "."}},
		{"c-error", "// int f(void) { return undefined_thing; }\n", nil, []string{"build", "."}},
		{"pkg-config-missing", "// #cgo pkg-config: no-such-package-gocmd\n", nil, []string{"build", "."}},
		{"pkg-config-bad-flag", "// #cgo pkg-config: --foo bar\n", nil, []string{"build", "."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, filepath.Join(mod, "extra.go"), "package main\n\n"+tc.src+"import \"C\"\n")
			want := runCmd(t, realGoCommand(t, mod, tc.env, tc.args...))
			got := runCmd(t, gocmdCommand(t, mod, tc.env, tc.args...))
			if got.code != want.code {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", got.code, want.code, got.stderr)
			}
			norm := func(s string) string { return randomSeedRE.ReplaceAllString(normalizeX(s), "-frandom-seed=SEED") }
			if w, g := norm(want.stderr), norm(got.stderr); w != g {
				t.Errorf("stderr differs:\n%s", lineDiff(w, g))
			}
		})
	}
	os.Remove(filepath.Join(mod, "extra.go"))
}

// TestCgoListCompiled compares go list -compiled for a cgo package: the
// generated files are listed from the build cache, under the same names.
func TestCgoListCompiled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cgo")
	}
	mod := cgoModule(t)
	// Separate caches, so that gocmd writes the files itself.
	gocmdCache, goCache := t.TempDir(), t.TempDir()
	args := []string{"list", "-compiled", "-f", "{{.CompiledGoFiles}} {{.Imports}}", ".", "runtime/cgo"}
	got := runCmd(t, gocmdCommand(t, mod, []string{"GOCACHE=" + gocmdCache}, args...))
	want := runCmd(t, realGoCommand(t, mod, []string{"GOCACHE=" + goCache}, args...))
	got.stdout = strings.ReplaceAll(got.stdout, gocmdCache, "$GOCACHE")
	want.stdout = strings.ReplaceAll(want.stdout, goCache, "$GOCACHE")
	if got.code != want.code || got.stdout != want.stdout || got.stderr != want.stderr {
		t.Errorf("gocmd: %d %q %q\ngo:    %d %q %q", got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
	}
}
