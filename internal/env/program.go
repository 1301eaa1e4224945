package env

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// The programs the go command runs for the user rather than for itself
// (go run's binary, test binaries, module tools, go generate directives)
// see the original process environment with GOROOT/bin first in $PATH,
// and binaries built for another platform run through a wrapper.

// GOROOTBinPATH returns the "PATH=..." entry that puts GOROOT/bin ahead
// of the original $PATH, or "" when there is no GOROOT.
func (e *Env) GOROOTBinPATH() string {
	if e.goroot == "" {
		return ""
	}
	bin := filepath.Join(e.goroot, "bin")
	if p := e.osEnv["PATH"]; p != "" {
		bin += string(os.PathListSeparator) + p
	}
	return "PATH=" + bin
}

// ProgramEnviron returns the environment of a program run for the user:
// the original process environment with GOROOT/bin first in $PATH.
func (e *Env) ProgramEnviron() []string {
	environ := e.OSEnviron()
	if kv := e.GOROOTBinPATH(); kv != "" {
		environ = append(environ, kv)
	}
	return environ
}

// ExecWrapper returns the program that runs binaries built for the
// target platform when it is not the host's: go_GOOS_GOARCH_exec, if it
// is in $PATH. It returns nil for native builds or when there is none.
func (e *Env) ExecWrapper() []string {
	if e.goos == runtime.GOOS && e.goarch == runtime.GOARCH {
		return nil
	}
	if p, err := e.LookPath(fmt.Sprintf("go_%s_%s_exec", e.goos, e.goarch)); err == nil {
		return []string{p}
	}
	return nil
}
