// Package env builds the go command's configuration as one immutable
// value: the process environment layered over the user's GOENV file and
// GOROOT/go.env, plus every value derived from them that 'go env' shows
// (GOROOT, GOPATH, GOCACHE, GOMODCACHE, GOTOOLDIR, GOEXE, CGO_ENABLED...).
package env

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Options are the inputs from which an Env is built.
type Options struct {
	// Environ is the process environment (os.Environ()).
	Environ []string
	// Executable is the path of the running gocmd binary, used as a last
	// resort to locate GOROOT.
	Executable string
}

// Env is the resolved configuration. It is never modified after Load.
type Env struct {
	osEnv   map[string]string
	osList  []string
	fileEnv map[string]string // from the GOENV file
	rootEnv map[string]string // from GOROOT/go.env
	goroot  string
	derived map[string]string
}

// Load resolves the configuration.
func Load(opts Options) (*Env, error) {
	e := &Env{
		osEnv:   map[string]string{},
		osList:  append([]string(nil), opts.Environ...),
		fileEnv: map[string]string{},
		rootEnv: map[string]string{},
		derived: map[string]string{},
	}
	for _, kv := range opts.Environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			e.osEnv[k] = v
		}
	}
	e.goroot = findGOROOT(e.osEnv["GOROOT"], opts.Executable)
	if e.goroot != "" {
		readEnvFile(filepath.Join(e.goroot, "go.env"), e.rootEnv)
	}
	if f := e.GOENVFile(); f != "" && f != "off" {
		readEnvFile(f, e.fileEnv)
	}
	return e, nil
}

func findGOROOT(fromEnv, exe string) string {
	if fromEnv != "" {
		return filepath.Clean(fromEnv)
	}
	if exe != "" {
		// A gocmd binary installed as GOROOT/bin/go.
		if exe, err := filepath.EvalSymlinks(exe); err == nil {
			dir := filepath.Dir(filepath.Dir(exe))
			if isGOROOT(dir) {
				return dir
			}
		}
	}
	//lint:ignore SA1019 the toolchain gocmd was built with is a GOROOT candidate.
	if r := runtime.GOROOT(); r != "" && isGOROOT(r) {
		return filepath.Clean(r)
	}
	return ""
}

func isGOROOT(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "pkg", "tool"))
	return err == nil && st.IsDir()
}

func readEnvFile(name string, into map[string]string) {
	data, err := os.ReadFile(name)
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			into[strings.TrimSpace(k)] = v
		}
	}
}

// GOROOT returns the resolved GOROOT ("" if none was found).
func (e *Env) GOROOT() string { return e.goroot }

// GOENVFile returns the path of the user's go env file, or "off".
func (e *Env) GOENVFile() string {
	if v, ok := e.osEnv["GOENV"]; ok {
		return v
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "go", "env")
}

// Get returns the effective value of an environment variable as the go
// command sees it: the process environment, then the GOENV file, then
// GOROOT/go.env.
func (e *Env) Get(name string) string {
	v, _ := e.Lookup(name)
	return v
}

// Lookup is Get with a report of whether the variable is set anywhere.
func (e *Env) Lookup(name string) (string, bool) {
	if name == "GOROOT" {
		return e.goroot, e.goroot != ""
	}
	if v, ok := e.osEnv[name]; ok {
		return v, true
	}
	if v, ok := e.fileEnv[name]; ok {
		return v, true
	}
	if v, ok := e.rootEnv[name]; ok {
		return v, true
	}
	return "", false
}

// OSEnviron returns a copy of the process environment.
func (e *Env) OSEnviron() []string { return append([]string(nil), e.osList...) }
