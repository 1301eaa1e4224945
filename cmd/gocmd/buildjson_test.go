package main

import (
	"strings"
	"testing"
)

// TestBuildJSON compares the build events of go build, install and run
// -json (compile errors, load errors in the package or a dependency, and
// the -n script as events) with go's.
func TestBuildJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs builds")
	}
	dir := writeTree(t, map[string]string{
		"go.mod":                  "module m\ngo 1.21\n",
		"compileerror/main.go":    "package compileerror\n\nconst x = y\n",
		"importerror/main.go":     "package main\n\nimport _ \"m/compileerror\"\n",
		"loaderror/main.go":       "package loaderror\n\nimport _ \"x\"\n",
		"loadimporterror/main.go": "package loadimporterror\n\nimport _ \"m/loaderror\"\n",
		"ok/ok.go":                "package main\n\nfunc main() {}\n",
		"warn/w.go":               "package main\n\n//go:cgo_ldflag \"-x\"\nfunc main() {}\n",
	})
	for _, args := range [][]string{
		{"build", "-json", "-o", "/dev/null", "./compileerror"},
		{"build", "-json", "-o", "/dev/null", "./importerror"},
		{"build", "-json", "-o", "/dev/null", "./loaderror"},
		{"build", "-json", "-o", "/dev/null", "./loadimporterror"},
		{"build", "-json", "./compileerror", "./ok", "./loaderror"},
		{"install", "-json", "./compileerror"},
		{"run", "-json", "./compileerror"},
		{"run", "-json", "./ok"},
		{"build", "-json", "-n", "-o", "/dev/null", "./ok"},
		{"build", "-json", "-o", "/dev/null", "./warn"},
	} {
		env := []string{"GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local"}
		want := runCmd(t, realGoCommand(t, dir, env, args...))
		got := runCmd(t, gocmdCommand(t, dir, env, args...))
		name := "go " + strings.Join(args, " ")
		if got.code != want.code {
			t.Errorf("%s: exit status %d, want %d", name, got.code, want.code)
		}
		if w, g := normalizeX(want.stdout), normalizeX(got.stdout); w != g {
			t.Errorf("%s: stdout differs:\n%s", name, lineDiff(w, g))
		}
		if got.stderr != want.stderr {
			t.Errorf("%s: stderr %q, want %q", name, got.stderr, want.stderr)
		}
	}
}
