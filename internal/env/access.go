package env

import (
	"slices"
	"strings"

	"gocmd/internal/gover"
)

// Vars returns the variables 'go env' always shows, in go's order (not
// sorted): the configuration settings and derived values, without GOMOD,
// GOWORK and the C compiler flags.
func (e *Env) Vars() []Var { return e.allVars() }

// Var returns the effective value of a variable as 'go env NAME' prints
// it: a variable of Vars, GOMOD or GOWORK, else the setting if name is a
// configuration variable, else "".
func (e *Env) Var(name string) string {
	switch name {
	case "GCCGO":
		return e.gccgoVar().Value
	case "CGO_ENABLED":
		return e.cgoVar().Value
	}
	for _, v := range e.vars {
		if v.Name == name {
			return v.Value
		}
	}
	switch name {
	case "GOMOD":
		return e.mod.GOMOD
	case "GOWORK":
		return e.mod.GOWORK
	}
	if e.CanGet(name) {
		return e.Get(name)
	}
	return ""
}

// GOOS and GOARCH return the target operating system and architecture.
func (e *Env) GOOS() string   { return e.goos }
func (e *Env) GOARCH() string { return e.goarch }

// GOEXE returns the suffix of executables for the target (".exe" or "").
func (e *Env) GOEXE() string { return exeSuffix(e.goos) }

// GOPATH returns the effective GOPATH list.
func (e *Env) GOPATH() string { return e.gopath }

// GoPathError explains an empty default GOPATH ("HOME is not set"...),
// or is "".
func (e *Env) GoPathError() string { return e.goPathError }

// GOCACHE returns the build cache directory, or "off" with the reason
// the cache is disabled.
func (e *Env) GOCACHE() (string, error) { return e.Var("GOCACHE"), e.gocacheErr }

// GOMODCACHE returns the module cache directory.
func (e *Env) GOMODCACHE() string { return e.Var("GOMODCACHE") }

// GOTOOLDIR returns the directory of the toolchain programs.
func (e *Env) GOTOOLDIR() string { return e.toolDir() }

// GOVERSION returns the toolchain's version ("go1.26.0").
func (e *Env) GOVERSION() string { return e.Var("GOVERSION") }

// CgoEnabled reports whether cgo is enabled for the target.
func (e *Env) CgoEnabled() bool {
	enabled, _ := e.cgo()
	return enabled
}

// Experiments returns the GOEXPERIMENT setting in effect (nil if it is
// invalid; see ExperimentError).
func (e *Env) Experiments() *Experiments { return e.experiments }

// ExperimentError reports a bad GOEXPERIMENT setting ("unknown
// GOEXPERIMENT x"). go prints it as "go: " + text and exits 1.
func (e *Env) ExperimentError() error { return e.experimentErr }

// BuildcfgError reports a bad GOAMD64, GOARM64, GOMIPS, ... or GOEXPERIMENT
// in the process environment, as the toolchain's configuration checks it.
// go prints "go: " + text and exits 2 before running any command but env.
func (e *Env) BuildcfgError() error { return e.buildcfgErr }

// GOPATHCheck returns what go reports about GOPATH before any command
// runs: a warning to print (GOPATH is GOROOT), or a fatal message for a
// relative or '~' entry (go prints it and exits 2). Both end in newline.
func (e *Env) GOPATHCheck() (warning, fatal string) { return e.gopathWarning, e.gopathBad }

// StdlibGOOS and StdlibGOARCH are the target as the standard library's
// go/build sees it: $GOOS and $GOARCH of the process, else the host. They
// differ from GOOS and GOARCH when the go env file sets the target.
func (e *Env) StdlibGOOS() string   { return e.defaultGOOS() }
func (e *Env) StdlibGOARCH() string { return e.defaultGOARCH() }

// LookPath finds an executable in the PATH of the environment, as go
// does for the C compiler (a relative PATH entry does not count).
func (e *Env) LookPath(file string) (string, error) { return lookPath(e.osGet, file) }

// Fingerprint describes the configuration for cache keys, without
// searching PATH: the process environment (but for "_", which shells
// set to the path of the command they run), the settings read from the
// GOENV file and GOROOT/go.env, and the variables 'go env' shows, GOMOD
// and GOWORK included, except GCCGO and CGO_ENABLED (which depend on
// the programs PATH leads to). Loads for the same directory and
// executable with equal fingerprints agree on everything else.
func (e *Env) Fingerprint() []string {
	var out []string
	for _, kv := range e.osList {
		if !strings.HasPrefix(kv, "_=") {
			out = append(out, "os "+kv)
		}
	}
	for _, f := range []struct {
		name string
		m    map[string]string
	}{{"user", e.userFile}, {"root", e.rootFile}} {
		for k, v := range f.m {
			out = append(out, f.name+" "+k+"="+v)
		}
	}
	for _, v := range e.vars { // GCCGO and CGO_ENABLED left empty
		out = append(out, "var "+v.Name+"="+v.Value)
	}
	out = append(out, "var GOMOD="+e.mod.GOMOD, "var GOWORK="+e.mod.GOWORK)
	slices.Sort(out)
	return out
}

// TooNewExplain returns what go appends to its "requires go >= V (running
// go W...)" errors: "; GOTOOLCHAIN=X" unless the setting is auto, then,
// when a line of go.work or go.mod chose the running toolchain, "; FILE
// sets go V" or "; FILE sets toolchain T". Worked out on first use.
func (e *Env) TooNewExplain() string {
	e.tooNewOnce.Do(func() {
		if e.tooNewFunc != nil {
			e.tooNewExplain = e.tooNewFunc(e, e.dir)
			return
		}
		e.tooNewExplain = gover.Startup{GOTOOLCHAIN: e.Get("GOTOOLCHAIN")}.Explain(nil)
	})
	return e.tooNewExplain
}
