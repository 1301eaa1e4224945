package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sortedLines returns the lines of data sorted.
func sortedLines(data []byte) string {
	lines := strings.Split(string(data), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// coverModule writes a module with a command, a library with tests and
// a library without tests, for the coverage tests.
func coverModule(t *testing.T) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":      "module example.com/cov\n\ngo 1.22\n",
		"main.go":     "package main\n\nimport \"example.com/cov/a\"\n\nfunc main() { println(a.A(1)) }\n",
		"a/a.go":      "package a\n\nimport \"sync/atomic\"\n\nvar n atomic.Int32\n\nfunc A(x int) int {\n\tif x > 0 {\n\t\treturn int(n.Add(1))\n\t}\n\treturn 2\n}\n",
		"a/a_test.go": "package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) { A(1) }\n",
		"b/b.go":      "package b\n\nfunc B() int { return 3 }\n",
	})
	return dir
}

// TestCoverDashN compares the scripts of -cover builds and tests: the
// cover tool's runs (package selection, -pkgcfg, -var, -mode), the
// compiles of the instrumented files and go tool covdata.
func TestCoverDashN(t *testing.T) {
	if testing.Short() {
		t.Skip("runs builds")
	}
	dir := coverModule(t)
	exe := filepath.Join(t.TempDir(), "cov")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"build", []string{"build", "-n", "-a", "-p", "1", "-cover", "-o", exe, "."}},
		{"build-atomic-coverpkg", []string{"build", "-n", "-a", "-p", "1", "-covermode=atomic", "-coverpkg=./a", "-o", exe, "."}},
		{"test", []string{"test", "-n", "-p", "1", "-vet=off", "-cover", "./..."}},
		{"test-coverpkg", []string{"test", "-n", "-p", "1", "-vet=off", "-coverpkg=./...", "-coverprofile=c.out", "./..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := runCmd(t, realGoCommand(t, dir, nil, tc.args...))
			got := runCmd(t, gocmdCommand(t, dir, nil, tc.args...))
			if got.code != want.code {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", got.code, want.code, got.stderr)
			}
			if w, g := normalizeX(want.stderr), normalizeX(got.stderr); w != g {
				t.Errorf("stderr differs:\n%s", lineDiff(w, g))
			}
		})
	}
}

var testTimeRE = regexp.MustCompile(`\t[0-9.]+s\t`)

// TestCoverTestOutput runs go test -cover with go and gocmd and compares
// the coverage lines and the merged -coverprofile.
func TestCoverTestOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tests")
	}
	dir := coverModule(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"cover", []string{"test", "-count=1", "-cover", "./..."}},
		{"count", []string{"test", "-count=1", "-covermode=count", "-coverprofile=prof.out", "./..."}},
		{"coverpkg", []string{"test", "-count=1", "-coverpkg=./...", "-coverprofile=prof.out", "./..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prof := filepath.Join(dir, "prof.out")
			want := runCmd(t, realGoCommand(t, dir, nil, tc.args...))
			wantProf, _ := os.ReadFile(prof)
			os.Remove(prof)
			got := runCmd(t, gocmdCommand(t, dir, nil, tc.args...))
			gotProf, _ := os.ReadFile(prof)
			os.Remove(prof)
			if got.code != want.code {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", got.code, want.code, got.stderr)
			}
			w := testTimeRE.ReplaceAllString(want.stdout, "\tTIME\t")
			g := testTimeRE.ReplaceAllString(got.stdout, "\tTIME\t")
			if w != g {
				t.Errorf("stdout differs:\n%s", lineDiff(w, g))
			}
			// The runs merge their profiles in the order they end.
			if w, g := sortedLines(wantProf), sortedLines(gotProf); w != g {
				t.Errorf("profile differs:\n%s", lineDiff(w, g))
			}
		})
	}
}

// TestCoverBuildRun builds a -cover binary with gocmd and checks that it
// writes coverage data to GOCOVERDIR.
func TestCoverBuildRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	dir := coverModule(t)
	exe := filepath.Join(t.TempDir(), "cov")
	if r := runCmd(t, gocmdCommand(t, dir, nil, "build", "-cover", "-o", exe, ".")); r.code != 0 {
		t.Fatalf("gocmd build -cover: %s", r.stderr)
	}
	covdir := t.TempDir()
	cmd := gocmdCommand(t, dir, []string{"GOCOVERDIR=" + covdir}, "version")
	cmd.Path, cmd.Args = exe, []string{exe}
	if r := runCmd(t, cmd); r.code != 0 {
		t.Fatalf("running the -cover binary: %s", r.stderr)
	}
	meta, _ := filepath.Glob(filepath.Join(covdir, "covmeta.*"))
	counters, _ := filepath.Glob(filepath.Join(covdir, "covcounters.*"))
	if len(meta) != 1 || len(counters) != 1 {
		t.Errorf("GOCOVERDIR has meta-data files %q and counter files %q, want one of each", meta, counters)
	}
}
