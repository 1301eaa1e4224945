package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Differential tests of GOFIPS140 snapshots: GOFIPS140=vX.Y.Z (or an
// alias) replaces crypto/internal/fips140 by a frozen copy unpacked from
// GOROOT/lib/fips140 into the module cache. gocmd and the real go share
// a fresh module cache, so both print the same snapshot directories.

// fipsModule writes a module whose program uses crypto/sha256 (which
// imports the FIPS module) and returns its directory.
func fipsModule(t *testing.T) string {
	return writeTree(t, map[string]string{
		"go.mod":    "module m\n",
		"x.go":      "package main\n\nimport _ \"crypto/sha256\"\n\nfunc main() {}\n",
		"x_test.go": "package main\n\nimport \"testing\"\n\nfunc Test(t *testing.T) {}\n",
	})
}

// fipsEnv returns the environment of a comparison: a module cache of
// the test's own (kept writable so that it can be removed) and no
// go env file.
func fipsEnv(t *testing.T, fips string, more ...string) []string {
	env := []string{
		"GOMODCACHE=" + t.TempDir(),
		"GOFLAGS=-modcacherw",
		"GOENV=" + filepath.Join(t.TempDir(), "env"),
		"GOFIPS140=" + fips,
	}
	return append(env, more...)
}

func TestFIPSSnapshotList(t *testing.T) {
	dir := fipsModule(t)
	for _, fips := range []string{"v1.26.0", "inprocess", "certified", "latest"} {
		t.Run(fips, func(t *testing.T) {
			env := fipsEnv(t, fips)
			compareList(t, dir, env, nil, "list", "std")
			compareList(t, dir, env, nil, "list", "-f", "{{.DefaultGODEBUG}}")
			compareList(t, dir, env, nil, "list", "-tags", "foo", "-f", "{{.ImportPath}} {{context.BuildTags}}", "crypto/internal/fips140/sha256")
			compareList(t, dir, env, nil, "list", "-json", "crypto/internal/fips140/sha256", "crypto/internal/fips140/v1.26.0/hmac")
			compareList(t, dir, env, nil, "list", "-deps", "-test", "-f", "{{.ImportPath}} {{.Dir}} {{.Goroot}} {{.Standard}} {{.Root}} {{.ImportMap}}", ".")
			compareList(t, dir, env, nil, "list", "-json=ImportPath,Match", "crypto/internal/...")
			compareList(t, dir, env, nil, "list", "-json=ImportPath,Match", "std", "crypto/...")
			compareList(t, dir, env, nil, "mod", "why", "crypto/internal/fips140/sha256", "crypto/internal/fips140/v1.26.0/sha256")
		})
	}
	// GOPATH mode resolves the same way.
	env := fipsEnv(t, "v1.26.0", "GO111MODULE=off")
	compareList(t, t.TempDir(), env, nil, "list", "-deps", "-f", "{{.ImportPath}} {{.Dir}} {{.Goroot}}", "crypto/sha256")
}

func TestFIPSSnapshotErrors(t *testing.T) {
	dir := fipsModule(t)
	for _, tc := range []struct {
		fips string
		env  []string
		args []string
	}{
		{"v1.2.3", nil, []string{"list", "."}},
		{"v1.2.3", nil, []string{"env", "GOFIPS140"}},
		{"v1.2.3", nil, []string{"mod", "edit", "-json"}},
		{"v1.2.3", nil, []string{"mod", "edit", "-json", "go.mod"}},
		{"v1.2.3", nil, []string{"work", "init"}},
		{"v1.2.3", nil, []string{"clean", "-testcache"}},
		{"v1.2.3", nil, []string{"bug", "x"}},
		{"v1.26.0", nil, []string{"list", "-tags", "purego", "."}},
		{"v1.26.0", []string{"GOEXPERIMENT=boringcrypto"}, []string{"list", "."}},
		{"latest", nil, []string{"build", "-tags", "purego", "-n"}},
	} {
		env := append([]string{"GOCACHE=" + t.TempDir()}, tc.env...)
		compareList(t, dir, fipsEnv(t, tc.fips, env...), nil, tc.args...)
	}
}

// TestFIPSSnapshotBuild builds with a snapshot: the executables of go
// and gocmd are identical, the link gets -fipso, and a second build is
// a no-op.
func TestFIPSSnapshotBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	dir := fipsModule(t)
	env := append(listEnv(), fipsEnv(t, "v1.26.0")...)
	out := t.TempDir()
	got := runCmd(t, gocmdCommand(t, dir, env, "build", "-x", "-o", filepath.Join(out, "gocmd.exe")))
	if got.code != 0 || !strings.Contains(got.stderr, "-fipso $WORK/b001/fips.o") {
		t.Fatalf("gocmd build: exit %d, no -fipso in link:\n%s", got.code, got.stderr)
	}
	if want := runCmd(t, realGoCommand(t, dir, env, "build", "-o", filepath.Join(out, "go.exe"))); want.code != 0 {
		t.Fatalf("go build: exit %d\n%s", want.code, want.stderr)
	}
	a, err := os.ReadFile(filepath.Join(out, "gocmd.exe"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "go.exe"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("executables built with GOFIPS140=v1.26.0 differ")
	}
	again := runCmd(t, gocmdCommand(t, dir, env, "build", "-x", "-o", filepath.Join(out, "gocmd.exe")))
	if again.code != 0 || strings.Contains(again.stderr, "-fipso") {
		t.Errorf("second gocmd build relinked (exit %d):\n%s", again.code, again.stderr)
	}
}
