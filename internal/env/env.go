// Package env builds the go command's configuration as one immutable
// value: the process environment layered over the user's GOENV file and
// GOROOT/go.env, plus every value derived from them that 'go env' shows
// (GOROOT, GOPATH, GOCACHE, GOMODCACHE, GOTOOLDIR, GOEXE, CGO_ENABLED,
// GOMOD, GOWORK...), and the configuration errors go reports at start-up.
package env

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"gocmd/internal/fsys"
)

// Options are the inputs from which an Env is built.
type Options struct {
	// Environ is the process environment (os.Environ()).
	Environ []string
	// Executable is the path of the running gocmd binary, used to locate
	// GOROOT when $GOROOT is not set.
	Executable string
	// Dir is the absolute working directory, from which GOMOD and GOWORK
	// are found. If empty, GOMOD and GOWORK are not computed.
	Dir string
	// FindModuleRoot returns the directory at or above dir holding a
	// go.mod file, or "". FindGoWork returns the go.work file at or above
	// dir, or "". Both are needed to compute GOMOD and GOWORK.
	FindModuleRoot func(dir string) string
	FindGoWork     func(dir string) string
	// FSTrace asks for the tracer of file system operations when
	// GODEBUG holds gofsystrace=1 (see FSTracer); the command's own
	// configuration sets it, secondary loads do not, so that the trace
	// log is opened once. StartDir is the directory the process started
	// in (before -C): a relative gofsystracelog file is opened there, as
	// go opens it before anything else. Empty means the current
	// directory.
	FSTrace  bool
	StartDir string
	// TooNewExplain, if set, works out what go appends to its
	// "requires go >= V" errors (see Env.TooNewExplain); the toolchain
	// choice knows it. Without it only the GOTOOLCHAIN setting is named.
	TooNewExplain func(e *Env, dir string) string
}

// A Var is one variable as 'go env' shows it.
type Var struct {
	Name  string
	Value string
	// Changed reports whether Value differs from the value an empty
	// environment with no 'go env -w' settings would give.
	Changed bool
}

// Env is the resolved configuration. It is never modified after Load.
type Env struct {
	osEnv    map[string]string
	osList   []string
	userFile map[string]string // from the GOENV file
	rootFile map[string]string // from GOROOT/go.env

	envFile        string
	envFileChanged bool
	envFileErr     error

	goroot       string
	goos, goarch string

	gopath        string
	gopathRaw     string // gopath before a relative default was dropped
	gopathChanged bool
	goPathError   string
	gopathBad     string // GOPATH start-up problem (exit 2), or ""
	gopathWarning string

	gocacheErr error

	// pathVars holds the values that search PATH, worked out on first
	// use: most invocations never need them.
	pathVars lazyPathVars

	tooNewOnce    sync.Once
	tooNewExplain string
	tooNewFunc    func(e *Env, dir string) string

	experiments   *Experiments
	experimentErr error
	buildcfgErr   error

	vars []Var // the variables 'go env' always shows, in go's order

	dir string
	mod Module

	fsTrace    *fsys.Tracer // GODEBUG=gofsystrace=1 (nil: off)
	fsTraceErr error
}

// Load resolves the configuration. It fails only when it cannot read its
// inputs; bad settings are reported by the Env's error methods, so that
// 'go env -w' and 'go env -u' can repair them.
func Load(opts Options) (*Env, error) {
	e := &Env{
		osEnv:    map[string]string{},
		osList:   slices.Clone(opts.Environ),
		userFile: map[string]string{},
		rootFile: map[string]string{},
		dir:      opts.Dir,

		tooNewFunc: opts.TooNewExplain,
	}
	for _, kv := range opts.Environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			e.osEnv[k] = v
		}
	}
	e.envFile, e.envFileChanged, e.envFileErr = e.findEnvFile()
	if e.envFile != "" {
		readEnvFile(e.envFile, e.userFile)
	}
	rootForFile := findGOROOT(e.userFile["GOROOT"], e.osEnv["GOROOT"], opts.Executable, e.osGet)
	if rootForFile != "" {
		readEnvFile(filepath.Join(rootForFile, "go.env"), e.rootFile)
	}
	e.goroot = rootForFile
	if v := e.osEnv["GOROOT"]; v != "" {
		e.goroot = v
	}

	e.goos = e.envOr("GOOS", e.defaultGOOS())
	e.goarch = e.envOr("GOARCH", e.defaultGOARCH())
	e.computeGOPATH()
	e.experiments, e.experimentErr = ParseGOEXPERIMENT(e.goos, e.goarch, e.Get("GOEXPERIMENT"))
	e.buildcfgErr = checkBuildcfg(e.osGet, e.defaultGOOS(), e.defaultGOARCH())
	e.vars = e.makeVars()
	if opts.FSTrace {
		e.fsTrace, e.fsTraceErr = fsys.NewTracer(e.osEnv["GODEBUG"], opts.StartDir, os.Stderr)
	}
	if opts.Dir != "" && opts.FindModuleRoot != nil && opts.FindGoWork != nil {
		e.mod = e.findModule(opts.FindModuleRoot, opts.FindGoWork)
	}
	return e, nil
}

// osGet returns a variable of the process environment.
func (e *Env) osGet(name string) string { return e.osEnv[name] }

// defaultGOOS and defaultGOARCH are the target as the standard library's
// go/build sees it: the process environment, else the host.
func (e *Env) defaultGOOS() string   { return orDefault(e.osEnv["GOOS"], runtime.GOOS) }
func (e *Env) defaultGOARCH() string { return orDefault(e.osEnv["GOARCH"], runtime.GOARCH) }

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// findEnvFile returns the user's go env file, whether $GOENV chose it, and
// why there is none.
func (e *Env) findEnvFile() (string, bool, error) {
	if f := e.osEnv["GOENV"]; f != "" {
		if f == "off" {
			return "", false, errorString("GOENV=off")
		}
		return f, true, nil
	}
	dir, err := userConfigDir(e.osGet)
	if err != nil {
		return "", false, err
	}
	if dir == "" {
		return "", false, errorString("missing user-config dir")
	}
	return filepath.Join(dir, "go/env"), false, nil
}

type errorString string

func (s errorString) Error() string { return string(s) }

// readEnvFile adds the NAME=VALUE lines of a go env file to into. Lines
// that do not start with an upper-case letter or lack '=' are ignored.
func readEnvFile(name string, into map[string]string) {
	data, err := os.ReadFile(name)
	if err != nil {
		return
	}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSuffix(line, "\n")
		k, v, ok := strings.Cut(line, "=")
		if !ok || line[0] < 'A' || line[0] > 'Z' {
			continue
		}
		into[k] = v
	}
}

// findGOROOT locates GOROOT: fromFile (a GOROOT line in the user's env
// file) or fromEnv, else the GOROOT holding the running binary, else the
// toolchain gocmd was built with, else the GOROOT of the go found on PATH.
func findGOROOT(fromFile, fromEnv, exe string, get func(string) string) string {
	if fromFile != "" {
		return filepath.Clean(fromFile)
	}
	if fromEnv != "" {
		return filepath.Clean(fromEnv)
	}
	def := ""
	//lint:ignore SA1019 the toolchain gocmd was built with is a GOROOT candidate.
	if r := runtime.GOROOT(); r != "" {
		def = filepath.Clean(r)
	}
	canonical := func(dir string) string {
		if sameDir(def, dir) {
			return def
		}
		return dir
	}
	if exe != "" {
		if abs, err := filepath.Abs(exe); err == nil {
			if d := rootAbove(abs); d != "" {
				return canonical(d)
			}
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				if d := rootAbove(real); d != "" {
					return canonical(d)
				}
			}
		}
	}
	if def != "" && isGOROOT(def) {
		return def
	}
	if goExe, err := lookPath(get, "go"+exeSuffix(runtime.GOOS)); err == nil {
		if real, err := filepath.EvalSymlinks(goExe); err == nil {
			if d := rootAbove(real); d != "" {
				return d
			}
		}
	}
	return def
}

// rootAbove returns the GOROOT holding exe as bin/go or bin/GOOS_GOARCH/go.
func rootAbove(exe string) string {
	for _, d := range []string{filepath.Join(exe, "../.."), filepath.Join(exe, "../../..")} {
		if isGOROOT(d) {
			return d
		}
	}
	return ""
}

func sameDir(a, b string) bool {
	if a == b {
		return true
	}
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

func isGOROOT(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "pkg", "tool"))
	return err == nil && st.IsDir()
}

func exeSuffix(goos string) string {
	if goos == "windows" {
		return ".exe"
	}
	return ""
}

// GOROOT returns the resolved GOROOT ("" if none was found), spelled as
// $GOROOT spells it when that is set.
func (e *Env) GOROOT() string { return e.goroot }

// GOENVFile returns the path of the user's go env file, or "" if there is
// none ($GOENV=off, or no user configuration directory).
func (e *Env) GOENVFile() string { return e.envFile }

// GOENVFileError explains why GOENVFile is "".
func (e *Env) GOENVFileError() error { return e.envFileErr }

// Get returns a configuration setting as the go command reads it: the
// process environment if the variable is set there to a non-empty value,
// else the user's go env file, else GOROOT/go.env. For GOROOT it returns
// the resolved GOROOT.
func (e *Env) Get(name string) string {
	v, _ := e.Lookup(name)
	return v
}

// Lookup is Get with a report of whether the setting is non-empty.
func (e *Env) Lookup(name string) (string, bool) {
	if name == "GOROOT" {
		return e.goroot, e.goroot != ""
	}
	if v := e.osEnv[name]; v != "" {
		return v, true
	}
	if v, ok := e.userFile[name]; ok {
		return v, v != ""
	}
	if v, ok := e.rootFile[name]; ok {
		return v, v != ""
	}
	return "", false
}

// envOr returns Get(name), or def if that is empty.
func (e *Env) envOr(name, def string) string {
	return orDefault(e.Get(name), def)
}

// envOrChanged returns Get(name) or def, and whether the result differs
// from the default: GOROOT/go.env's setting if it has one, else def.
func (e *Env) envOrChanged(name, def string) (string, bool) {
	v := e.Get(name)
	if v == "" {
		return def, false
	}
	if g, ok := e.rootFile[name]; ok {
		return v, v != g
	}
	return v, v != def
}

// CanGet reports whether name is a go command configuration variable:
// a known one, or one already set in the user's or GOROOT's env file.
func (e *Env) CanGet(name string) bool {
	if _, ok := e.userFile[name]; ok {
		return true
	}
	if _, ok := e.rootFile[name]; ok {
		return true
	}
	return slices.Contains(knownEnv, name)
}

// knownEnv lists the variables the go command reads from its
// configuration (and so accepts in 'go env -w').
var knownEnv = []string{
	"AR", "CC", "CGO_CFLAGS", "CGO_CFLAGS_ALLOW", "CGO_CFLAGS_DISALLOW",
	"CGO_CPPFLAGS", "CGO_CPPFLAGS_ALLOW", "CGO_CPPFLAGS_DISALLOW",
	"CGO_CXXFLAGS", "CGO_CXXFLAGS_ALLOW", "CGO_CXXFLAGS_DISALLOW",
	"CGO_ENABLED", "CGO_FFLAGS", "CGO_FFLAGS_ALLOW", "CGO_FFLAGS_DISALLOW",
	"CGO_LDFLAGS", "CGO_LDFLAGS_ALLOW", "CGO_LDFLAGS_DISALLOW",
	"CXX", "FC", "GCCGO", "GO111MODULE", "GO386", "GOAMD64", "GOARCH",
	"GOARM", "GOARM64", "GOAUTH", "GOBIN", "GOCACHE", "GOCACHEPROG",
	"GOENV", "GOEXE", "GOEXPERIMENT", "GOFIPS140", "GOFLAGS", "GOGCCFLAGS",
	"GOHOSTARCH", "GOHOSTOS", "GOINSECURE", "GOMIPS", "GOMIPS64",
	"GOMODCACHE", "GONOPROXY", "GONOSUMDB", "GOOS", "GOPATH", "GOPPC64",
	"GOPRIVATE", "GOPROXY", "GORISCV64", "GOROOT", "GOSUMDB", "GOTMPDIR",
	"GOTOOLCHAIN", "GOTOOLDIR", "GOVCS", "GOWASM", "GOWORK",
	"GO_EXTLINK_ENABLED", "PKG_CONFIG",
}

// OSEnviron returns a copy of the process environment as it was at start.
func (e *Env) OSEnviron() []string { return slices.Clone(e.osList) }

// OSGetenv returns a variable of the process environment as it was at start.
func (e *Env) OSGetenv(name string) string { return e.osEnv[name] }

// Environ returns the environment for the toolchain programs and other
// subprocesses the go command runs: the process environment with every
// variable 'go env' always shows set to its effective value, as go sets
// them in its own environment at start-up.
func (e *Env) Environ() []string {
	out := slices.Clone(e.osList)
	for _, v := range e.allVars() {
		if e.osEnv[v.Name] == v.Value {
			continue
		}
		i := slices.IndexFunc(out, func(kv string) bool { return strings.HasPrefix(kv, v.Name+"=") })
		if i >= 0 {
			out[i] = v.Name + "=" + v.Value
		} else {
			out = append(out, v.Name+"="+v.Value)
		}
	}
	return out
}

// Dir returns the working directory the Env was loaded for.
func (e *Env) Dir() string { return e.dir }

// FSTracer returns the tracer of file system operations that
// GODEBUG=gofsystrace=1 asks for, or nil.
func (e *Env) FSTracer() *fsys.Tracer { return e.fsTrace }

// FSTracerError returns the error opening the trace log named by
// GODEBUG's gofsystracelog setting, which go treats as fatal.
func (e *Env) FSTracerError() error { return e.fsTraceErr }
