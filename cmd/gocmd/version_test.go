package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestVersionDiff runs 'go version' with the real go command and with
// gocmd on the same arguments, over binaries that the real go command
// builds, and requires the same stdout, stderr and exit status.
func TestVersionDiff(t *testing.T) {
	if _, err := os.Stat(realGo); err != nil {
		t.Skipf("real go command not found at %s", realGo)
	}
	dir := t.TempDir()
	env := []string{"GOFLAGS=", "GOTOOLCHAIN=local"}

	// Arguments that need no binaries.
	writeFiles(t, dir, map[string]string{
		"notes.txt": "not a binary\n",
		"empty.exe": "",
		"lib.so":    "junk",
		"run.sh":    "#!/bin/sh\necho hi\n",
	})
	if err := os.Chmod(filepath.Join(dir, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := [][]string{
		{"version"},
		{"version", "-m"},
		{"version", "-v"},
		{"version", "-json"},
		{"version", "-m", "-v", "-json"},
		{"version", "-x"},
		{"version", "-m=nope", "notes.txt"},
		{"version", "-json", "notes.txt"},
		{"version", "missing"},
		{"version", "-m", "missing", "notes.txt"},
		{"version", "notes.txt"},
		{"version", "-m", "notes.txt"},
		{"version", "empty.exe", "lib.so", "run.sh"},
		{"version", "-m", "empty.exe"},
	}
	for _, args := range cases {
		compareGo(t, dir, env, args...)
	}
	compareGo(t, dir, []string{"GOTOOLCHAIN=local", "GOFLAGS=-m -v -json"}, "version")
	compareGo(t, dir, []string{"GOTOOLCHAIN=local", "GOFLAGS=-m"}, "version", "-v")
	compareGo(t, dir, slices.Concat(env, []string{"GOOS=windows", "GOARCH=arm64"}), "version")

	if testing.Short() {
		t.Skip("skipping builds in short mode")
	}

	// Binaries: a hello world built from a file, a module command with a
	// dependency from the fake proxy and one replaced by a local
	// directory, and the same command with build flags recorded.
	proxy := startModProxy(t, filepath.Join("testdata", "mod"))
	buildEnv := slices.Concat(env, []string{"GOPROXY=" + proxy, "GOSUMDB=off", "GONOSUMDB=", "GOPRIVATE=",
		"GOPATH=" + filepath.Join(dir, "gopath"), "GOFLAGS=-modcacherw"})
	writeFiles(t, dir, map[string]string{
		"hello/hello.go": "package main\n\nfunc main() { println(\"hello\") }\n",
		"app/go.mod": `module example.com/app

go 1.22

require (
	example.com/dep v1.0.0
	example.com/hello v1.1.0
)

replace example.com/dep => ./dep
`,
		"app/main.go": `package main

import (
	"fmt"

	"example.com/dep"
	"example.com/hello"
)

var v = "unset"

func main() { fmt.Println(hello.Hello(), dep.Name, v) }
`,
		"app/dep/go.mod": "module example.com/dep\n\ngo 1.22\n",
		"app/dep/dep.go": "package dep\n\nconst Name = \"dep\"\n",
	})
	mustRun(t, realGoCommand(t, filepath.Join(dir, "hello"), buildEnv, "build", "-o", "../bin/hello", "hello.go"))
	appDir := filepath.Join(dir, "app")
	mustRun(t, realGoCommand(t, appDir, buildEnv, "mod", "tidy"))
	mustRun(t, realGoCommand(t, appDir, buildEnv, "build", "-o", "../bin/app", "."))
	mustRun(t, realGoCommand(t, appDir, buildEnv, "build", "-o", "../bin/settings",
		"-trimpath", "-ldflags=-s -w -X main.v=set", "-tags=foo,bar", "-gcflags=all=-N -l", "."))

	// A directory mixing binaries with other files and links.
	mixed := filepath.Join(dir, "mixed")
	writeFiles(t, mixed, map[string]string{
		"notes.txt": "not a binary\n",
		"empty.exe": "",
		"run.sh":    "#!/bin/sh\n",
	})
	if err := os.Chmod(filepath.Join(mixed, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(dir, "bin", "hello"), filepath.Join(mixed, "hello"))
	copyFile(t, filepath.Join(dir, "bin", "app"), filepath.Join(mixed, "sub", "app"))
	for link, target := range map[string]string{
		"link-to-hello": "hello",
		"link-to-sub":   "sub",
		"broken-link":   "nowhere",
	} {
		if err := os.Symlink(target, filepath.Join(mixed, link)); err != nil {
			t.Fatal(err)
		}
	}

	// A damaged Go binary, and an executable not written in Go.
	hello, err := os.ReadFile(filepath.Join(dir, "bin", "hello"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, mixed, map[string]string{"truncated": string(hello[:4096])})
	if err := os.Chmod(filepath.Join(mixed, "truncated"), 0o755); err != nil {
		t.Fatal(err)
	}
	if prog, err := exec.LookPath("true"); err == nil {
		copyFile(t, prog, filepath.Join(mixed, "not-go"))
	}

	cases = [][]string{
		{"version", "mixed/truncated"},
		{"version", "-m", "mixed/truncated"},
		{"version", "-m", "mixed/not-go"},
		{"version", "bin/hello"},
		{"version", "-m", "bin/hello"},
		{"version", "-m", "-json", "bin/hello"},
		{"version", "-m", "bin/app"},
		{"version", "-m", "-json", "bin/app"},
		{"version", "-m", "bin/settings"},
		{"version", "-m", "-json", "bin/settings"},
		{"version", "-m", "-json", "bin/hello", "bin/app"},
		{"version", "-json", "bin/app"},
		{"version", "bin/hello", "missing", "notes.txt", "bin/app"},
		{"version", "-m", "bin/hello", "notes.txt"},
		{"version", "bin"},
		{"version", "mixed"},
		{"version", "-v", "mixed"},
		{"version", "-m", "mixed"},
		{"version", "-m", "-v", "mixed"},
		{"version", "-m", "-json", "-v", "mixed"},
		{"version", "-v", "./mixed/"},
		{"version", "-v", "mixed/link-to-sub"},
		{"version", "-v", "mixed/link-to-sub/"},
		{"version", "-m", "mixed/link-to-hello"},
		{"version", "-v", "mixed/broken-link"},
		{"version", "-v", filepath.Join(dir, "mixed")},
		{"version", "-C", "mixed", "-m", "hello"},
	}
	for _, args := range cases {
		compareGo(t, dir, env, args...)
	}
}

// compareGo runs go with args in dir, both the real one and gocmd, and
// reports any difference in stdout, stderr or exit status.
func compareGo(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	wantOut, wantErr, wantCode := runGo(t, realGoCommand(t, dir, env, args...))
	gotOut, gotErr, gotCode := runGo(t, gocmdCommand(t, dir, env, args...))
	if !bytes.Equal(gotOut, wantOut) {
		t.Errorf("go %q: stdout differs\ngocmd:\n%s\ngo:\n%s", args, gotOut, wantOut)
	}
	if !bytes.Equal(gotErr, wantErr) {
		t.Errorf("go %q: stderr differs\ngocmd:\n%s\ngo:\n%s", args, gotErr, wantErr)
	}
	if gotCode != wantCode {
		t.Errorf("go %q: exit status %d, want %d", args, gotCode, wantCode)
	}
}

// runGo runs cmd and returns its output and exit status.
func runGo(t *testing.T, cmd *exec.Cmd) (stdout, stderr []byte, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.Bytes(), errb.Bytes(), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return out.Bytes(), errb.Bytes(), 0
}

func mustRun(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v in %s: %v\n%s", cmd.Args, cmd.Dir, err, out)
	}
}

// writeFiles writes files (relative name -> content) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o777); err != nil {
		t.Fatal(err)
	}
}
