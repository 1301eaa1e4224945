package env

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// computeGOPATH resolves GOPATH: the setting, else $HOME/go (unless that
// is GOROOT). It also records the start-up problems go reports for it.
func (e *Env) computeGOPATH() {
	// The standard library's default: $GOPATH, else $HOME/go unless that
	// is the toolchain's GOROOT.
	def := e.osEnv["GOPATH"]
	home := e.osEnv[homeVar()]
	if def == "" && home != "" {
		d := filepath.Join(home, "go")
		if filepath.Clean(d) != filepath.Clean(e.runtimeGOROOT()) {
			def = d
		}
	}
	if def == "" {
		if home == "" {
			e.goPathError = fmt.Sprintf("%s is not set", homeVar())
		} else {
			e.goPathError = "cannot set GOROOT as GOPATH"
		}
	}
	e.gopath, e.gopathChanged = e.envOrChanged("GOPATH", def)
	e.gopathRaw = e.gopath

	if filepath.Clean(e.gopath) == filepath.Clean(e.goroot) {
		e.gopathWarning = fmt.Sprintf("warning: both GOPATH and GOROOT are the same directory (%s); see https://go.dev/wiki/InstallTroubleshooting\n", e.gopath)
		return
	}
	for _, p := range filepath.SplitList(e.gopath) {
		if p == "" {
			continue
		}
		if strings.HasPrefix(p, "~") {
			e.gopathBad = fmt.Sprintf("go: GOPATH entry cannot start with shell metacharacter '~': %q\n", p)
			return
		}
		if !filepath.IsAbs(p) {
			if e.Get("GOPATH") == "" {
				// A default inferred from a relative $HOME: drop it.
				e.gopath = ""
				continue
			}
			e.gopathBad = fmt.Sprintf("go: GOPATH entry is relative; must be absolute path: %q.\nFor more details see: 'go help gopath'\n", p)
			return
		}
	}
}

// runtimeGOROOT is the GOROOT the standard library reports: $GOROOT, else
// the toolchain gocmd was built with.
func (e *Env) runtimeGOROOT() string {
	if v := e.osEnv["GOROOT"]; v != "" {
		return v
	}
	//lint:ignore SA1019 go compares the default GOPATH with this GOROOT.
	return runtime.GOROOT()
}

// lazyPathVars are GCCGO and CGO_ENABLED, whose values depend on
// what PATH holds. Each is worked out on first use.
type lazyPathVars struct {
	gccgoOnce  sync.Once
	gccgo      Var
	cgoOnce    sync.Once
	cgoEnabled bool
	cgoChanged bool
}

// gccgoVar returns GCCGO.
func (e *Env) gccgoVar() Var {
	lz := &e.pathVars
	lz.gccgoOnce.Do(func() {
		gccgo := e.envOr("GCCGO", defaultGCCGO)
		if bin, err := lookPath(e.osGet, gccgo); err == nil {
			lz.gccgo = Var{Name: "GCCGO", Value: bin, Changed: true}
		} else {
			lz.gccgo = Var{Name: "GCCGO", Value: gccgo, Changed: gccgo != defaultGCCGO}
		}
	})
	return lz.gccgo
}

// cgo returns whether cgo is enabled and whether that differs from the
// default.
func (e *Env) cgo() (enabled, changed bool) {
	lz := &e.pathVars
	lz.cgoOnce.Do(func() { lz.cgoEnabled, lz.cgoChanged = e.computeCgo() })
	return lz.cgoEnabled, lz.cgoChanged
}

// cgoVar returns CGO_ENABLED.
func (e *Env) cgoVar() Var {
	enabled, changed := e.cgo()
	if enabled {
		return Var{Name: "CGO_ENABLED", Value: "1", Changed: changed}
	}
	return Var{Name: "CGO_ENABLED", Value: "0", Changed: changed}
}

// allVars returns the variables 'go env' always shows, the lazy ones
// worked out.
func (e *Env) allVars() []Var {
	vs := slices.Clone(e.vars)
	for i, v := range vs {
		switch v.Name {
		case "GCCGO":
			vs[i] = e.gccgoVar()
		case "CGO_ENABLED":
			vs[i] = e.cgoVar()
		}
	}
	return vs
}

// computeCgo decides CGO_ENABLED: the setting if it is 0 or 1, else on
// for a native build on a cgo port with a C compiler on PATH. It also
// reports whether the result differs from that default.
func (e *Env) computeCgo() (enabled, changed bool) {
	def := false
	if e.goos == runtime.GOOS && e.goarch == runtime.GOARCH {
		def = CgoSupported(e.goos, e.goarch)
		stdlibDefault := e.osEnv["CGO_ENABLED"] == "1" ||
			e.osEnv["CGO_ENABLED"] != "0" && CgoSupported(runtime.GOOS, runtime.GOARCH)
		if stdlibDefault && e.osEnv["CC"] == "" {
			if _, err := lookPath(e.osGet, DefaultCC(e.goos, e.goarch)); err != nil {
				def = false
			}
		}
	}
	enabled = def
	if v := e.Get("CGO_ENABLED"); v == "0" || v == "1" {
		enabled = v == "1"
	}
	return enabled, enabled != def
}

// makeVars computes the variables 'go env' always shows, in go's order,
// GCCGO and CGO_ENABLED left for allVars.
func (e *Env) makeVars() []Var {
	var vs []Var
	add := func(name, value string, changed bool) {
		vs = append(vs, Var{Name: name, Value: value, Changed: changed})
	}
	nonEmpty := func(name string) {
		v := e.Get(name)
		add(name, v, v != "")
	}
	orChanged := func(name, def string) {
		v, ch := e.envOrChanged(name, def)
		add(name, v, ch)
	}

	g111 := e.Get("GO111MODULE")
	add("GO111MODULE", g111, g111 != "on" && g111 != "")
	add("GOARCH", e.goarch, e.goarch != runtime.GOARCH)
	orChanged("GOAUTH", defaultGOAUTH)
	nonEmpty("GOBIN")
	gocache, gocacheChanged, gocacheErr := e.gocacheDir()
	e.gocacheErr = gocacheErr
	add("GOCACHE", gocache, gocacheChanged)
	orChanged("GOCACHEPROG", "")
	add("GODEBUG", e.osEnv["GODEBUG"], e.osEnv["GODEBUG"] != "")
	add("GOENV", e.envFile, e.envFileChanged)
	add("GOEXE", exeSuffix(e.goos), false)
	nonEmpty("GOEXPERIMENT")
	orChanged("GOFIPS140", DefaultGOFIPS140)
	nonEmpty("GOFLAGS")
	add("GOHOSTARCH", runtime.GOARCH, false)
	add("GOHOSTOS", runtime.GOOS, false)
	nonEmpty("GOINSECURE")
	orChanged("GOMODCACHE", e.gopathDir("pkg/mod"))
	private := e.Get("GOPRIVATE")
	orChanged("GONOPROXY", private)
	orChanged("GONOSUMDB", private)
	add("GOOS", e.goos, e.goos != runtime.GOOS)
	add("GOPATH", e.gopath, e.gopathChanged)
	add("GOPRIVATE", private, private != "")
	orChanged("GOPROXY", "")
	add("GOROOT", e.goroot, false)
	orChanged("GOSUMDB", "")
	add("GOTELEMETRY", e.telemetryMode(), false)
	add("GOTELEMETRYDIR", e.telemetryDir(), false)
	nonEmpty("GOTMPDIR")
	orChanged("GOTOOLCHAIN", "")
	add("GOTOOLDIR", e.toolDir(), false)
	nonEmpty("GOVCS")
	add("GOVERSION", e.goVersion(), false)

	add("GCCGO", "", false) // see allVars
	if name := ArchVarName(e.goarch); name != "" {
		orChanged(name, archVarDefault(name))
	}
	orChanged("AR", defaultAR)
	cc := e.Get("CC")
	add("CC", orDefault(cc, DefaultCC(e.goos, e.goarch)), cc != "")
	cxx := e.Get("CXX")
	add("CXX", orDefault(cxx, DefaultCXX(e.goos, e.goarch)), cxx != "")
	add("CGO_ENABLED", "", false) // see allVars
	return vs
}

// gopathDir returns rel joined to the first GOPATH entry, or "". Like go,
// it uses GOPATH before a relative default is dropped.
func (e *Env) gopathDir(rel string) string {
	list := filepath.SplitList(e.gopathRaw)
	if len(list) == 0 || list[0] == "" {
		return ""
	}
	return filepath.Join(list[0], rel)
}

// gocacheDir returns GOCACHE ("off" when the cache is disabled), whether
// it differs from the default, and why the cache is off.
func (e *Env) gocacheDir() (string, bool, error) {
	def := "off"
	var err error
	if dir, uerr := userCacheDir(e.osGet); uerr != nil {
		err = fmt.Errorf("GOCACHE is not defined and %v", uerr)
	} else {
		def = filepath.Join(dir, "go-build")
	}
	v := e.Get("GOCACHE")
	if v == "" {
		return def, false, err
	}
	changed := v != def
	if filepath.IsAbs(v) || v == "off" {
		return v, changed, nil
	}
	return "off", changed, errorString("GOCACHE is not an absolute path")
}

// telemetryMode returns the mode recorded in the telemetry mode file.
func (e *Env) telemetryMode() string {
	dir := e.telemetryDir()
	if dir == "" {
		return "off"
	}
	data, err := os.ReadFile(filepath.Join(dir, "mode"))
	if err != nil {
		return "local"
	}
	mode := strings.TrimSpace(string(data))
	if i := strings.Index(mode, " "); i >= 0 {
		mode = mode[:i]
	}
	return mode
}

// telemetryDir returns the telemetry data directory, or "".
func (e *Env) telemetryDir() string {
	dir, err := userConfigDir(e.osGet)
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "go", "telemetry")
}

// toolDir returns GOROOT/pkg/tool/GOHOSTOS_GOHOSTARCH.
func (e *Env) toolDir() string {
	if e.goroot == "" {
		return ""
	}
	return filepath.Join(e.goroot, "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH)
}

// goVersion returns the toolchain version from GOROOT/VERSION, falling
// back to the version gocmd was built with.
func (e *Env) goVersion() string {
	if e.goroot != "" {
		if data, err := os.ReadFile(filepath.Join(e.goroot, "VERSION")); err == nil {
			line, _, _ := strings.Cut(string(data), "\n")
			if line = strings.TrimSpace(line); strings.HasPrefix(line, "go") {
				return line
			}
		}
	}
	return runtime.Version()
}
