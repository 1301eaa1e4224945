package env

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

func TestProgramEnviron(t *testing.T) {
	root := testGOROOT(t, "")
	bin := filepath.Join(root, "bin")
	e := load(t, "GOROOT="+root, "HOME=/h", "PATH=/usr/bin", "X=1")
	want := "PATH=" + bin + string(os.PathListSeparator) + "/usr/bin"
	if got := e.GOROOTBinPATH(); got != want {
		t.Errorf("GOROOTBinPATH = %q, want %q", got, want)
	}
	env := e.ProgramEnviron()
	if !slices.Contains(env, "X=1") || env[len(env)-1] != want {
		t.Errorf("ProgramEnviron = %q", env)
	}
	e = load(t, "GOROOT="+root, "HOME=/h")
	if got := e.GOROOTBinPATH(); got != "PATH="+bin {
		t.Errorf("GOROOTBinPATH without $PATH = %q", got)
	}
}

func TestExecWrapper(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell-free executable lookup differs on windows")
	}
	root := testGOROOT(t, "")
	dir := t.TempDir()
	goos, goarch := "plan9", "386"
	if runtime.GOOS == goos {
		goos = "linux"
	}
	wrapper := filepath.Join(dir, "go_"+goos+"_"+goarch+"_exec")
	if err := os.WriteFile(wrapper, []byte("#!/bin/sh\n"), 0o777); err != nil {
		t.Fatal(err)
	}
	e := load(t, "GOROOT="+root, "HOME=/h", "PATH="+dir, "GOOS="+goos, "GOARCH="+goarch)
	if got := e.ExecWrapper(); !slices.Equal(got, []string{wrapper}) {
		t.Errorf("ExecWrapper = %q, want %q", got, wrapper)
	}
	e = load(t, "GOROOT="+root, "HOME=/h", "PATH="+dir)
	if got := e.ExecWrapper(); got != nil {
		t.Errorf("native ExecWrapper = %q, want none", got)
	}
}
