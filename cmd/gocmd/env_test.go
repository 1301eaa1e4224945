package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// workDirRE matches the random build work directory in GOGCCFLAGS.
var workDirRE = regexp.MustCompile(`/tmp/go-build[0-9]+`)

// TestEnvDifferential runs 'go env' in several configurations with the
// real go and with gocmd and compares stdout, stderr and exit status
// byte for byte (after hiding the random work directory).
func TestEnvDifferential(t *testing.T) {
	if _, err := os.Stat(realGo); err != nil {
		t.Skipf("real go command not found at %s", realGo)
	}
	root := t.TempDir()
	home := filepath.Join(root, "home")
	outside := filepath.Join(root, "outside")
	mod := filepath.Join(root, "mod", "sub")
	work := filepath.Join(root, "work", "sub")
	for _, d := range []string{home, outside, mod, work} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(root, "mod", "go.mod"), "module example.com/m\n\ngo 1.26\n")
	writeFile(t, filepath.Join(root, "work", "go.work"), "go 1.26\n")
	goenvFile := filepath.Join(root, "custom.env")
	writeFile(t, goenvFile, "# settings\nGOPROXY=https://example.com\nCC=cc\nGOFLAGS=-mod=mod\nGOOS=linux\nGOARCH=arm\nGOARM=6\nCGO_CFLAGS=-O1\nUNKNOWN=x\n")

	// A minimal environment, so that defaults are computed, not inherited.
	baseEnv := []string{
		"HOME=" + home,
		"PATH=" + os.Getenv("PATH"),
		"TMPDIR=" + os.TempDir(),
	}
	type tcase struct {
		name string
		dir  string
		env  []string
		args []string
	}
	var cases []tcase
	add := func(name, dir string, env []string, argss ...[]string) {
		for _, args := range argss {
			cases = append(cases, tcase{name + "/" + strings.Join(args, "_"), dir, env, args})
		}
	}
	all := [][]string{{"env"}, {"env", "-json"}, {"env", "-changed"}, {"env", "-changed", "-json"}, {"env", "GOMOD", "GOWORK"}}
	add("outside", outside, nil, all...)
	add("module", mod, nil, all...)
	add("workspace", work, nil, all...)
	add("gopathmode", mod, []string{"GO111MODULE=off"}, all...)
	add("auto", work, []string{"GO111MODULE=auto"}, []string{"env", "GOMOD", "GOWORK"})
	add("gowork-off", work, []string{"GOWORK=off"}, []string{"env", "GOMOD", "GOWORK"})
	add("windows-arm64", outside, []string{"GOOS=windows", "GOARCH=arm64"}, all[:3]...)
	add("linux-386", outside, []string{"GOARCH=386"}, []string{"env"})
	add("darwin-amd64", outside, []string{"GOOS=darwin", "GOARCH=amd64"}, []string{"env"})
	add("js-wasm", outside, []string{"GOOS=js", "GOARCH=wasm"}, []string{"env", "-changed"})
	add("linux-mips", outside, []string{"GOARCH=mips", "GOMIPS=softfloat"}, []string{"env"})
	add("goenv-file", mod, []string{"GOENV=" + goenvFile}, append(all, []string{"env", "UNKNOWN", "GOARM"})...)
	add("goenv-off", outside, []string{"GOENV=off"}, []string{"env", "-json"})
	add("no-cc", outside, []string{"PATH=" + filepath.Join(root, "empty")}, []string{"env"})
	add("cc-missing", outside, []string{"CC=" + filepath.Join(root, "nocc")}, []string{"env", "-changed"})
	add("cgo-off", outside, []string{"CGO_ENABLED=0"}, []string{"env", "-changed"})
	add("quoting", outside, []string{"GOFLAGS=-ldflags='-X a=b' -tags=\"x y\"", "GOINSECURE=it's\nnew"}, []string{"env"}, []string{"env", "-json"})
	add("cflags", outside, []string{"CGO_CFLAGS=-O2  -g", "CGO_LDFLAGS=-L '/a b'"}, []string{"env", "-changed"})
	add("bad-experiment", outside, []string{"GOEXPERIMENT=nosuch"}, []string{"env"}, []string{"list"})
	add("bad-goamd64", outside, []string{"GOAMD64=v9"}, []string{"env", "GOAMD64"})
	add("bad-goppc64", outside, []string{"GOPPC64=power7"}, []string{"env"}, []string{"list"})
	add("bad-port", outside, []string{"GOOS=bados"}, []string{"env"}, []string{"env", "GOOS"})
	add("bad-go111module", outside, []string{"GO111MODULE=maybe"}, []string{"env", "GOOS"})
	add("relative-gowork", outside, []string{"GOWORK=go.work"}, []string{"env", "GOOS"})
	add("relative-gopath", outside, []string{"GOPATH=rel"}, []string{"env", "GOPATH"})
	add("gopath-module", filepath.Join(root, "mod"), []string{"GOPATH=" + filepath.Join(root, "mod")}, []string{"env", "GOMOD"})
	add("flags", outside, nil, []string{"env", "-json", "-u"}, []string{"env", "-w"}, []string{"env", "-u"}, []string{"env", "X=y"}, []string{"env", "-n", "GOGCCFLAGS"})

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := append(append([]string(nil), baseEnv...), tc.env...)
			want := runEnvGo(realGoCommand(t, tc.dir, nil, tc.args...), env)
			got := runEnvGo(gocmdCommand(t, tc.dir, nil, tc.args...), append(env, "GOCMD_TEST_AS_GO=1"))
			if got != want {
				t.Errorf("go %s differs\nreal go:\n%s\ngocmd:\n%s", strings.Join(tc.args, " "), want, got)
			}
		})
	}
}

// runGo runs cmd with exactly the environment env and returns its
// normalized results.
func runEnvGo(cmd *exec.Cmd, env []string) string {
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		code = -1
	}
	norm := func(b *bytes.Buffer) string { return workDirRE.ReplaceAllString(b.String(), "/tmp/go-buildN") }
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", code, norm(&stdout), norm(&stderr))
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
}
