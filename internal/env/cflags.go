package env

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"gocmd/internal/str"
)

// List returns a setting split into words as $CC and $CGO_CFLAGS are
// (white space, with quoting), using def when the setting is empty.
func (e *Env) List(name, def string) ([]string, error) {
	v := e.envOr(name, def)
	args, err := str.SplitQuotedFields(v)
	if err != nil {
		return nil, fmt.Errorf("could not parse environment variable %s with value %q: %v", name, v, err)
	}
	return args, nil
}

// CgoFlags are the C, C++ and Fortran flags from the environment.
type CgoFlags struct {
	CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS, LDFLAGS []string
}

// CgoFlags returns $CGO_CPPFLAGS and friends, with go's defaults.
func (e *Env) CgoFlags() (CgoFlags, error) {
	var f CgoFlags
	var err error
	for _, x := range []struct {
		name, def string
		to        *[]string
	}{
		{"CGO_CPPFLAGS", "", &f.CPPFLAGS},
		{"CGO_CFLAGS", DefaultCFlags, &f.CFLAGS},
		{"CGO_CXXFLAGS", DefaultCFlags, &f.CXXFLAGS},
		{"CGO_FFLAGS", DefaultCFlags, &f.FFLAGS},
		{"CGO_LDFLAGS", DefaultCFlags, &f.LDFLAGS},
	} {
		if *x.to, err = e.List(x.name, x.def); err != nil {
			return f, err
		}
	}
	return f, nil
}

// CC returns the C compiler command ($CC or the default) as words.
func (e *Env) CC() ([]string, error) { return e.List("CC", DefaultCC(e.goos, e.goarch)) }

// CXX returns the C++ compiler command ($CXX or the default) as words.
func (e *Env) CXX() ([]string, error) { return e.List("CXX", DefaultCXX(e.goos, e.goarch)) }

// PkgConfig returns the pkg-config program ($PKG_CONFIG's first word).
func (e *Env) PkgConfig() string {
	args, err := e.List("PKG_CONFIG", DefaultPkgConfig)
	if err != nil || len(args) == 0 {
		return DefaultPkgConfig
	}
	return args[0]
}

// CheckCompilerVars returns the error go gives at build start-up when $CC,
// $CXX or $FC cannot be parsed or names a relative path.
func (e *Env) CheckCompilerVars() error {
	for _, key := range []string{"CC", "CXX", "FC"} {
		args, err := str.SplitQuotedFields(e.Get(key))
		if err != nil {
			return fmt.Errorf("go: %s environment variable could not be parsed: %v", key, err)
		}
		if len(args) == 0 {
			continue
		}
		if p := args[0]; !filepath.IsAbs(p) && p != filepath.Base(p) {
			return fmt.Errorf("go: %s environment variable is relative; must be absolute path: %s\n", key, p)
		}
	}
	return nil
}

// A FlagProber reports whether a C compiler accepts a flag.
type FlagProber func(compiler []string, flag string) bool

// CompilerCmd returns the command line prefix go uses to run the C
// compiler: compiler, -I incdir, and the flags go adds for the target,
// keeping those supports accepts. workDir is the build's work directory,
// mapped to /tmp/go-build in debug information.
func (e *Env) CompilerCmd(compiler []string, incdir, workDir string, supports FlagProber) []string {
	a := append(append([]string(nil), compiler...), "-I", incdir)
	if e.goos != "windows" {
		a = append(a, "-fPIC")
	}
	a = append(a, e.gccArchArgs()...)
	if e.CgoEnabled() {
		if e.goos == "windows" {
			a = append(a, "-mthreads")
		} else {
			a = append(a, "-pthread")
		}
	}
	if e.goos == "aix" {
		a = append(a, "-mcmodel=large")
	}
	for _, f := range []string{"-fno-caret-diagnostics", "-Qunused-arguments", "-Wl,--no-gc-sections"} {
		if supports(compiler, f) {
			a = append(a, f)
		}
	}
	a = append(a, "-fmessage-length=0")
	if supports(compiler, "-fdebug-prefix-map=a=b") {
		workDir = strings.TrimSuffix(workDir, string(filepath.Separator))
		if supports(compiler, "-ffile-prefix-map=a=b") {
			a = append(a, "-ffile-prefix-map="+workDir+"=/tmp/go-build")
		} else {
			a = append(a, "-fdebug-prefix-map="+workDir+"=/tmp/go-build")
		}
	}
	if supports(compiler, "-gno-record-gcc-switches") {
		a = append(a, "-gno-record-gcc-switches")
	}
	if e.goos == "darwin" || e.goos == "ios" {
		a = append(a, "-fno-common")
	}
	return a
}

func (e *Env) gccArchArgs() []string {
	switch e.goarch {
	case "386":
		return []string{"-m32"}
	case "amd64":
		if e.goos == "darwin" {
			return []string{"-arch", "x86_64", "-m64"}
		}
		return []string{"-m64"}
	case "arm64":
		if e.goos == "darwin" {
			return []string{"-arch", "arm64"}
		}
	case "arm":
		return []string{"-marm"}
	case "s390x":
		return []string{"-m64", "-march=z13"}
	case "mips64", "mips64le":
		switch e.Var("GOMIPS64") {
		case "hardfloat":
			return []string{"-mabi=64", "-mhard-float"}
		case "softfloat":
			return []string{"-mabi=64", "-msoft-float"}
		}
	case "mips", "mipsle":
		switch e.Var("GOMIPS") {
		case "hardfloat":
			return []string{"-mabi=32", "-march=mips32", "-mhard-float", "-mfp32", "-mno-odd-spreg"}
		case "softfloat":
			return []string{"-mabi=32", "-march=mips32", "-msoft-float"}
		}
	case "loong64":
		return []string{"-mabi=lp64d"}
	case "ppc64":
		if e.goos == "aix" {
			return []string{"-maix64"}
		}
	}
	return nil
}

// ProbeArgs returns the command go runs to learn whether compiler
// accepts flag, writing its output to devNull.
func (e *Env) ProbeArgs(compiler []string, flag string) []string {
	args := append([]string(nil), compiler...)
	args = append(args, flag)
	name, def := "CGO_CFLAGS", DefaultCFlags
	if strings.HasPrefix(flag, "-Wl,") {
		name = "CGO_LDFLAGS"
	}
	extra, _ := e.List(name, def)
	args = append(args, extra...)
	if !strings.HasPrefix(flag, "-Wl,") {
		args = append(args, "-c")
	}
	return append(args, "-x", "c", "-", "-o", os.DevNull)
}

// ProbeFlag runs the command of ProbeArgs in dir and reports whether the
// compiler accepted the flag: its output must not complain about it.
func (e *Env) ProbeFlag(ctx context.Context, args []string, dir string) bool {
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	if p, err := lookPath(e.osGet, args[0]); err == nil {
		cmd.Path, cmd.Err = p, nil
	}
	cmd.Dir = dir
	cmd.Env = append(e.Environ(), "LC_ALL=C")
	out, _ := cmd.CombinedOutput()
	for _, bad := range []string{"unrecognized", "unknown", "unrecognised", "is not supported", "not recognized", "unsupported"} {
		if bytes.Contains(out, []byte(bad)) {
			return false
		}
	}
	return true
}
