package load

import (
	"fmt"
	"path/filepath"
	"runtime"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/str"
)

// BuildFlagError is a problem with the build flags or the build
// environment that go reports before loading any package. Msg is printed
// as is (it carries go's "go: " prefix only where go prints one) and the
// command exits with Code.
type BuildFlagError struct {
	Msg  string
	Code int
}

func (e *BuildFlagError) Error() string { return e.Msg }

// NoPrefix marks the message as complete: printers add no "go: ".
func (e *BuildFlagError) NoPrefix() {}

// CheckBuildFlags runs the checks go makes on the build flags of every
// command that loads packages for building (list, build, install, run,
// test, vet), once the module state is known and in go's order:
// instrumentation (-race, -msan, -asan: platform support, exclusivity,
// cgo), -buildmode and -linkshared for the target platform, -p, the CC,
// CXX and FC variables, and -covermode with -race.
//
// The -mod, -modfile and -modcacherw checks are made by modload.Init.
func CheckBuildFlags(e *env.Env, f *base.BuildFlags) error {
	if f == nil || e == nil {
		return nil
	}
	if err := checkInstrumentFlags(e, f); err != nil {
		return err
	}
	if err := checkBuildmode(e, f); err != nil {
		return err
	}
	if f.P <= 0 {
		return &BuildFlagError{fmt.Sprintf("go: -p must be a positive integer: %v\n", f.P), 1}
	}
	for _, key := range []string{"CC", "CXX", "FC"} {
		args, err := str.SplitQuotedFields(e.Get(key))
		if err != nil {
			return &BuildFlagError{fmt.Sprintf("go: %s environment variable could not be parsed: %v", key, err), 1}
		}
		if len(args) == 0 {
			continue
		}
		if path := args[0]; !filepath.IsAbs(path) && path != filepath.Base(path) {
			return &BuildFlagError{fmt.Sprintf("go: %s environment variable is relative; must be absolute path: %s\n", key, path), 1}
		}
	}
	if f.Race && f.CoverMode != "" && f.CoverMode != "atomic" {
		return &BuildFlagError{fmt.Sprintf(`-covermode must be "atomic", not %q, when -race is enabled`, f.CoverMode), 1}
	}
	return nil
}

func checkInstrumentFlags(e *env.Env, f *base.BuildFlags) error {
	if !f.Race && !f.MSan && !f.ASan {
		return nil
	}
	fail := func(format string, args ...any) error {
		return &BuildFlagError{fmt.Sprintf(format, args...), 2}
	}
	switch {
	case f.Race && f.MSan:
		return fail("go: may not use -race and -msan simultaneously")
	case f.Race && f.ASan:
		return fail("go: may not use -race and -asan simultaneously")
	case f.MSan && f.ASan:
		return fail("go: may not use -msan and -asan simultaneously")
	}
	goos, goarch := e.GOOS(), e.GOARCH()
	switch {
	case f.MSan && !MSanSupported(goos, goarch):
		return fail("-msan is not supported on %s/%s", goos, goarch)
	case f.Race && !RaceSupported(goos, goarch):
		return fail("-race is not supported on %s/%s", goos, goarch)
	case f.ASan && !ASanSupported(goos, goarch):
		return fail("-asan is not supported on %s/%s", goos, goarch)
	}
	mode := "-race"
	if f.MSan {
		mode = "-msan"
	} else if f.ASan {
		mode = "-asan"
	}
	// -race needs no cgo on macOS; -msan and -asan always do.
	if !e.CgoEnabled() && (goos != "darwin" || f.ASan || f.MSan) {
		if goos != runtime.GOOS || goarch != runtime.GOARCH {
			return fail("go: %s requires cgo", mode)
		}
		return fail("go: %s requires cgo; enable cgo by setting CGO_ENABLED=1", mode)
	}
	return nil
}

func checkBuildmode(e *env.Env, f *base.BuildFlags) error {
	goos, goarch := e.GOOS(), e.GOARCH()
	mode := f.Buildmode
	if mode == "" {
		mode = "default"
	}
	fail := func(format string, args ...any) error {
		return &BuildFlagError{fmt.Sprintf(format, args...), 1}
	}
	switch mode {
	case "archive", "c-archive", "c-shared", "default", "exe", "shared", "plugin":
	case "pie":
		if f.Race && !DefaultPIE(goos, goarch, true) {
			return fail("-buildmode=pie not supported when -race is enabled on %s/%s", goos, goarch)
		}
	default:
		return fail("buildmode=%s not supported", mode)
	}
	compiler := f.Compiler
	if compiler == "" {
		compiler = "gc"
	}
	if mode != "default" && !BuildModeSupported(compiler, mode, goos, goarch) {
		return fail("-buildmode=%s not supported on %s/%s\n", mode, goos, goarch)
	}
	if f.Linkshared && !BuildModeSupported(compiler, "shared", goos, goarch) {
		return fail("-linkshared not supported on %s/%s\n", goos, goarch)
	}
	return nil
}

// RaceSupported reports whether the race detector works on goos/goarch.
func RaceSupported(goos, goarch string) bool {
	switch goos {
	case "linux":
		return goarch == "amd64" || goarch == "arm64" || goarch == "loong64" || goarch == "ppc64le" || goarch == "riscv64" || goarch == "s390x"
	case "darwin":
		return goarch == "amd64" || goarch == "arm64"
	case "freebsd", "netbsd", "windows":
		return goarch == "amd64"
	}
	return false
}

// MSanSupported reports whether the memory sanitizer works on
// goos/goarch.
func MSanSupported(goos, goarch string) bool {
	switch goos {
	case "linux":
		return goarch == "amd64" || goarch == "arm64" || goarch == "loong64"
	case "freebsd":
		return goarch == "amd64"
	}
	return false
}

// ASanSupported reports whether the address sanitizer works on
// goos/goarch.
func ASanSupported(goos, goarch string) bool {
	return goos == "linux" && (goarch == "arm64" || goarch == "amd64" || goarch == "loong64" || goarch == "riscv64" || goarch == "ppc64le")
}

// DefaultPIE reports whether the default build mode makes
// position-independent executables on goos/goarch.
func DefaultPIE(goos, goarch string, race bool) bool {
	switch goos {
	case "android", "ios", "darwin":
		return true
	case "windows":
		return !race
	}
	return false
}

// BuildModeSupported reports whether the compiler can build in mode for
// goos/goarch (gccgo is trusted with every mode).
func BuildModeSupported(compiler, mode, goos, goarch string) bool {
	if compiler == "gccgo" {
		return true
	}
	if !env.KnownPort(goos, goarch) {
		return false
	}
	platform := goos + "/" + goarch
	in := func(list ...string) bool {
		for _, p := range list {
			if p == platform {
				return true
			}
		}
		return false
	}
	switch mode {
	case "archive", "default", "exe":
		return true
	case "c-archive":
		switch goos {
		case "aix", "darwin", "ios", "windows":
			return true
		case "linux":
			switch goarch {
			case "386", "amd64", "arm", "armbe", "arm64", "arm64be", "loong64", "ppc64le", "riscv64", "s390x":
				return true
			}
		case "freebsd":
			return goarch == "amd64"
		}
		return false
	case "c-shared":
		return in("linux/amd64", "linux/arm", "linux/arm64", "linux/loong64", "linux/386", "linux/ppc64le", "linux/riscv64", "linux/s390x",
			"android/amd64", "android/arm", "android/arm64", "android/386",
			"freebsd/amd64", "darwin/amd64", "darwin/arm64",
			"windows/amd64", "windows/386", "windows/arm64", "wasip1/wasm")
	case "pie":
		return in("linux/386", "linux/amd64", "linux/arm", "linux/arm64", "linux/loong64", "linux/ppc64le", "linux/riscv64", "linux/s390x",
			"android/amd64", "android/arm", "android/arm64", "android/386",
			"freebsd/amd64", "darwin/amd64", "darwin/arm64", "ios/amd64", "ios/arm64",
			"aix/ppc64", "openbsd/arm64", "windows/386", "windows/amd64", "windows/arm64")
	case "shared":
		return in("linux/386", "linux/amd64", "linux/arm", "linux/arm64", "linux/ppc64le", "linux/s390x")
	case "plugin":
		return in("linux/amd64", "linux/arm", "linux/arm64", "linux/386", "linux/loong64", "linux/riscv64", "linux/s390x", "linux/ppc64le",
			"android/amd64", "android/386", "darwin/amd64", "darwin/arm64", "freebsd/amd64")
	}
	return false
}
