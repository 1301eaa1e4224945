package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// realGo is the oracle: the installed go command.
const realGo = "/usr/local/go/bin/go"

var gocmdBinOnce sync.Once
var gocmdBinDir string

// gocmdBin returns a directory holding "go", a link to this test binary,
// which acts as gocmd when GOCMD_TEST_AS_GO=1 is in its environment.
func gocmdBin(t testing.TB) string {
	t.Helper()
	gocmdBinOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		dir, err := os.MkdirTemp("", "gocmd-bin-")
		if err != nil {
			return
		}
		if err := os.Symlink(exe, filepath.Join(dir, "go")); err != nil {
			return
		}
		gocmdBinDir = dir
	})
	if gocmdBinDir == "" {
		t.Fatal("cannot set up the gocmd test binary")
	}
	return gocmdBinDir
}

// gocmdCommand returns an exec.Cmd running gocmd with args in dir.
func gocmdCommand(t testing.TB, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(gocmdBin(t), "go"), args...)
	cmd.Dir = dir
	cmd.Env = append(withoutVar(os.Environ(), "GOCMD_TEST_AS_GO"), "GOCMD_TEST_AS_GO=1")
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// realGoCommand returns an exec.Cmd running the real go with args in dir.
func realGoCommand(t testing.TB, dir string, env []string, args ...string) *exec.Cmd {
	if _, err := os.Stat(realGo); err != nil {
		t.Skipf("real go command not found at %s", realGo)
	}
	cmd := exec.Command(realGo, args...)
	cmd.Dir = dir
	cmd.Env = append(withoutVar(os.Environ(), "GOCMD_TEST_AS_GO"), env...)
	return cmd
}

func withoutVar(environ []string, name string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
