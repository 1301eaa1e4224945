package main

import (
	"fmt"
	"os"

	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Differential tests of 'go list': gocmd and the real go run with the same
// arguments, directory and environment, and must print the same bytes on
// stdout and stderr and exit with the same status.

// listEnv returns the environment of every run: no network, no
// toolchain switch, no stray GOFLAGS or workspace.
func listEnv() []string {
	return []string{"GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=", "GO111MODULE="}
}

// dropStale removes Stale and StaleReason from -json output. They need
// the build engine's staleness computation (issue 3), which gocmd does
// not have yet; until it does, both outputs are compared without them.
func dropStale(s string) string {
	staleLine := regexp.MustCompile(`(?m)^\s*"Stale(Reason)?": .*\n`)
	return staleLine.ReplaceAllString(s, "")
}

// compareList runs 'go args...' with both commands in dir and reports
// any difference, after applying filter (if not nil) to both stdouts.
func compareList(t *testing.T, dir string, env []string, filter func(string) string, args ...string) {
	t.Helper()
	for _, d := range listDiffs(t, dir, env, filter, args...) {
		t.Error(d)
	}
}

// knownGap is compareList for a case that gocmd is known to get wrong
// for a reason outside the list command (named by reason): differences
// are logged, not failed, so that the case is watched until it is fixed.
func knownGap(t *testing.T, reason, dir string, env []string, filter func(string) string, args ...string) {
	t.Helper()
	diffs := listDiffs(t, dir, env, filter, args...)
	if len(diffs) == 0 {
		t.Logf("go %s: matches now; %s is fixed, make it a plain case", strings.Join(args, " "), reason)
	}
	for _, d := range diffs {
		t.Logf("known gap (%s): %s", reason, d)
	}
}

func listDiffs(t *testing.T, dir string, env []string, filter func(string) string, args ...string) []string {
	t.Helper()
	env = append(listEnv(), env...)
	want := runCmd(t, realGoCommand(t, dir, env, args...))
	got := runCmd(t, gocmdCommand(t, dir, env, args...))
	if filter != nil {
		want.stdout, got.stdout = filter(want.stdout), filter(got.stdout)
	}
	name := "go " + strings.Join(args, " ")
	var diffs []string
	if got.code != want.code {
		diffs = append(diffs, fmt.Sprintf("%s: exit status %d, want %d\nstderr:\n%s\nwant stderr:\n%s", name, got.code, want.code, got.stderr, want.stderr))
	}
	if got.stderr != want.stderr {
		diffs = append(diffs, fmt.Sprintf("%s: stderr differs\ngot:\n%s\nwant:\n%s", name, got.stderr, want.stderr))
	}
	if got.stdout != want.stdout {
		diffs = append(diffs, fmt.Sprintf("%s: stdout differs:\n%s", name, firstDiff(got.stdout, want.stdout)))
	}
	return diffs
}

// firstDiff shows the first differing line of two outputs with context.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			from := max(0, i-5)
			ctx := strings.Join(w[from:i], "\n")
			return "line " + itoa(i+1) + ":\ncontext:\n" + ctx + "\ngot:  " + gl + "\nwant: " + wl + "\n(got " + itoa(len(g)) + " lines, want " + itoa(len(w)) + ")"
		}
	}
	return "(no line differs)"
}

func itoa(i int) string { return strconv.Itoa(i) }

// writeTree creates files (slash-separated name to content) under a new
// temporary directory and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// listFixture returns a small module: a command, a library with
// in-package and external tests, a package with a broken import, one with
// a syntax error, and an import cycle.
func listFixture() map[string]string {
	return map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"main.go": `// Command m prints a greeting.
package main

import (
	"fmt"

	"example.com/m/lib"
)

func main() { fmt.Println(lib.Hello()) }
`,
		"lib/lib.go": `// Package lib says hello.
package lib

import "strings"

// Hello returns a greeting.
func Hello() string { return strings.ToUpper("hello") }
`,
		"lib/lib_test.go": `package lib

import "testing"

func TestHello(t *testing.T) { _ = Hello() }
`,
		"lib/x_test.go": `package lib_test

import (
	"testing"

	"example.com/m/lib"
)

func TestX(t *testing.T) { _ = lib.Hello() }
`,
		"broken/broken.go": `package broken

import "example.com/m/nosuch"

var _ = nosuch.X
`,
		"usesbroken/u.go": `package usesbroken

import _ "example.com/m/broken"
`,
		"syntax/s.go":  "package syntax\n\nfunc {\n",
		"cycle/a/a.go": "package a\n\nimport _ \"example.com/m/cycle/b\"\n",
		"cycle/b/b.go": "package b\n\nimport _ \"example.com/m/cycle/a\"\n",
		"empty/README": "no Go files here\n",
	}
}

func TestListStdCmdDepsJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("lists every package of std and cmd")
	}
	// Stale and StaleReason depend on the build cache: both commands
	// share one, first empty, then holding what a build of a few
	// packages (with and without PGO) left in it.
	gocache := filepath.Join(t.TempDir(), "gocache")
	env := []string{"GOCACHE=" + gocache}
	dir := t.TempDir()
	compareList(t, dir, env, nil, "list", "-deps", "-json", "std", "cmd")
	build := realGoCommand(t, dir, append(listEnv(), env...), "build", "fmt", "cmd/pack", "cmd/internal/objabi")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	compareList(t, dir, env, nil, "list", "-deps", "-json", "std", "cmd")
}

func TestListTemplates(t *testing.T) {
	dir := writeTree(t, listFixture())
	for _, args := range [][]string{
		{"list"},
		{"list", "./..."},
		{"list", "-f", `{{join .GoFiles ","}} {{.Name}} {{.Doc}}`, "./lib", "."},
		{"list", "-f", `{{join .Imports " "}}|{{join .Deps " "}}`, "."},
		{"list", "-f", `{{context.GOOS}} {{context.GOARCH}} {{context.GOROOT}} {{context.GOPATH}}`, "."},
		{"list", "-f", `{{context.CgoEnabled}} {{context.Compiler}} {{context.BuildTags}} {{context.ReleaseTags}} {{context.InstallSuffix}}`, "-tags", "a,b", "-race", "."},
		{"list", "-f", `{{(module "example.com/m").Path}} {{(module "example.com/m").Main}} {{(module "example.com/m").GoVersion}}`, "."},
		{"list", "-f", `{{printf "%q" .Name}}`, "./lib"},
		{"list", "-f", `{{(module "example.com/other").Error}}`, "./lib"},
		{"list", "-f", ``, "./lib"},
		{"list", "-f", "{{.ImportPath}}\n\n", "./lib"},
		{"list", "-f", `{{.Foo}}`, "./lib"},
		{"list", "-f", `{{.Name}}{{.Foo}}`, "./lib", "."},
		{"list", "-f", `{{`, "./lib"},
		{"list", "-f", `{{.Module.Path}} {{.Module.Main}} {{.Module.Dir}}`, "./lib"},
		{"list", "-compiled", "-f", `{{.CompiledGoFiles}} {{.Imports}}`, "./lib", "."},
		{"list", "-compiled", "-deps", "-f", `{{.ImportPath}} {{.CompiledGoFiles}}`, "./lib"},
	} {
		compareList(t, dir, nil, nil, args...)
	}
	knownGap(t, "load.BuildContext sorts the experiment tags by name; go keeps its own order", dir, nil, nil,
		"list", "-f", `{{context.ToolTags}}`, ".")
}

func TestListJSONFields(t *testing.T) {
	dir := writeTree(t, listFixture())
	for _, args := range [][]string{
		{"list", "-json=Name", "./lib"},
		{"list", "-json=ImportPath,Name,GoFiles,Imports", "./..."},
		{"list", "-json=ImportPath,Deps", "-deps", "."},
		{"list", "-json=false", "./lib"},
		{"list", "-json=ImportPath", "-json=Dir", "./lib"},
		{"list", "-json=Module", "."},
	} {
		compareList(t, dir, nil, nil, args...)
	}
	compareList(t, dir, nil, dropStale, "list", "-json", "./lib", ".")
	compareList(t, dir, nil, dropStale, "list", "-json=true", "./lib")
}

func TestListErrors(t *testing.T) {
	dir := writeTree(t, listFixture())
	for _, args := range [][]string{
		{"list", "./broken"},
		{"list", "-e", "./broken"},
		{"list", "-e", "-json=ImportPath,Error,DepsErrors,Incomplete", "./broken", "./usesbroken", "./syntax"},
		{"list", "-deps", "./usesbroken"},
		{"list", "-e", "-deps", "-f", "{{.ImportPath}} {{.Incomplete}} {{.DepOnly}} {{.Error}}", "./usesbroken"},
		{"list", "./syntax"},
		{"list", "-e", "-f", "{{.Error}}", "./syntax"},
		{"list", "./cycle/a"},
		{"list", "-e", "-deps", "-json=ImportPath,Error,DepsErrors", "./cycle/a"},
		{"list", "example.com/m/nosuch/..."},
		{"list", "-find", "-f", "{{.ImportPath}} {{.Imports}} {{.Incomplete}}", "./broken", "./lib"},
	} {
		compareList(t, dir, nil, nil, args...)
	}
	// In module mode, load resolves a directory argument through its
	// import path, so an empty or missing directory is reported as a
	// missing package rather than "no Go files in DIR" or "stat DIR:
	// directory not found".
	for _, args := range [][]string{
		{"list", "./empty"},
		{"list", "-e", "-f", "{{.Error}}", "./empty"},
		{"list", "./nosuchdir"},
	} {
		knownGap(t, "load: local directory arguments in module mode", dir, nil, nil, args...)
	}
}

func TestListTest(t *testing.T) {
	dir := writeTree(t, listFixture())
	for _, args := range [][]string{
		{"list", "-test", "./lib"},
		{"list", "-test", "-deps", "./lib"},
		{"list", "-test", "-deps", "-f", "{{.ImportPath}} {{.ForTest}} {{.DepOnly}} {{.Imports}} {{.ImportMap}}", "./lib"},
		{"list", "-test", "-json=ImportPath,ForTest,Imports,ImportMap,Deps,DepOnly", "./lib", "."},
	} {
		compareList(t, dir, nil, nil, args...)
	}
}

// dropTestmain hides the name of the generated test main source: go
// writes it into the build cache and lists that file; gocmd has neither
// the generator nor the cache yet (they come with 'go test').
func dropTestmain(s string) string {
	testmain := regexp.MustCompile(`"(_testmain\.go|/[^"]*/go-build/[0-9a-f]{2}/[0-9a-f]{64}-d)"`)
	return testmain.ReplaceAllString(dropStale(s), `"<testmain>"`)
}

func TestListTestJSON(t *testing.T) {
	dir := writeTree(t, listFixture())
	compareList(t, dir, nil, dropTestmain, "list", "-test", "-json", "./lib", ".")
	compareList(t, dir, nil, dropTestmain, "list", "-e", "-test", "-deps", "-json", "./lib", "./usesbroken")
}

// TestListGOPATH lists packages of a GOPATH tree.
func TestListGOPATH(t *testing.T) {
	gopath := writeTree(t, map[string]string{
		"src/p/p.go":          "package p\n\nimport _ \"q\"\n",
		"src/p/vendor/q/q.go": "package q\n",
		"src/p/p_test.go":     "package p\n\nimport \"testing\"\n\nfunc TestP(t *testing.T) {}\n",
		"src/bad/bad.go":      "package bad\n\nimport _ \"nosuch\"\n",
		"src/cmd/c/main.go":   "package main\n\nfunc main() {}\n",
	})
	env := []string{"GO111MODULE=off", "GOPATH=" + gopath}
	dir := filepath.Join(gopath, "src")
	for _, args := range [][]string{
		{"list", "./..."},
		{"list", "-e", "-f", "{{.ImportPath}} {{.Imports}} {{.ImportMap}} {{.Error}}", "./..."},
		{"list", "-deps", "-test", "-f", "{{.ImportPath}} {{.Imports}} {{.ImportMap}}", "p"},
		{"list", "bad"},
		{"list", "-m"},
	} {
		compareList(t, dir, env, nil, args...)
	}
	compareList(t, dir, env, dropStale, "list", "-json", "p", "cmd/c")
}

func TestListModules(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	compareList(t, root, nil, nil, "list", "-m", "-json", "all")
	compareList(t, root, nil, nil, "list", "-m", "all")
	compareList(t, root, nil, nil, "list", "-m")
	compareList(t, root, nil, nil, "list", "-m", "-f", "{{.Path}} {{.Main}} {{.GoVersion}}", "golang.org/...")
	compareList(t, root, nil, nil, "list", "-m", "-e", "-json", "example.com/notthere")
	compareList(t, root, nil, nil, "list", "-m", "example.com/notthere")
}

// TestListFlagConflicts checks the messages and exit statuses of flags
// that cannot be combined.
func TestListFlagConflicts(t *testing.T) {
	dir := writeTree(t, listFixture())
	for _, args := range [][]string{
		{"list", "-f", "x", "-json"},
		{"list", "-reuse=old.json"},
		{"list", "-m", "-reuse=old.json"},
		{"list", "-m", "-deps"},
		{"list", "-m", "-test"},
		{"list", "-m", "-find"},
		{"list", "-m", "-compiled"},
		{"list", "-m", "-export"},
		{"list", "-u"},
		{"list", "-versions"},
		{"list", "-find", "-deps"},
		{"list", "-find", "-test"},
		{"list", "-find", "-export"},
		{"list", "-json=", "./lib"},
		{"list", "-nosuchflag"},
		{"list", "-f"},
	} {
		compareList(t, dir, nil, nil, args...)
	}
	compareList(t, dir, []string{"GO111MODULE=off"}, nil, "list", "-m")
	compareList(t, dir, []string{"GO111MODULE=off"}, nil, "list", "-retracted", "./lib")
}

// TestListVendor checks what -m refuses to do from a vendor directory.
func TestListVendor(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"go.mod":             "module v\n\ngo 1.22\n",
		"vendor/modules.txt": "",
		"v.go":               "package v\n",
	})
	for _, args := range [][]string{
		{"list", "-m", "-u"},
		{"list", "-m", "all"},
		{"list", "-m", "-versions"},
		{"list", "-m", "v/..."},
		{"list", "-m", "-retracted"},
		{"list", "-mod=vendor", "-m", "-retracted"},
		{"list", "-mod=vendor", "-retracted", "."},
		{"list", "-retracted", "."},
		{"list", "-m", "-json=Path,GoVersion"},
	} {
		compareList(t, dir, nil, nil, args...)
	}
}
