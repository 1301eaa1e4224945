// Package gover compares Go versions as they appear in go.mod and go.work
// files ("1.21", "1.21.3", "1.22rc1"), in toolchain names ("go1.21.3") and
// as versions of the synthetic "go" and "toolchain" modules of a build list.
package gover

import (
	"fmt"
	"go/version"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// Versions at which the go command's module behaviour changed.
const (
	// DefaultGoModVersion is assumed for a go.mod without a go line.
	DefaultGoModVersion = "1.16"
	// DefaultGoWorkVersion is assumed for a go.work without a go line.
	DefaultGoWorkVersion = "1.18"
	// ExplicitIndirectVersion starts graph pruning (lazy loading).
	ExplicitIndirectVersion = "1.17"
	// GoStrictVersion makes the go line a minimum requirement.
	GoStrictVersion = "1.21"
	// ExplicitModulesTxtImportVersion requires vendored packages to be
	// listed in vendor/modules.txt.
	ExplicitModulesTxtImportVersion = "1.23"
	// AutoVendorVersion is the first go version with automatic vendoring.
	AutoVendorVersion = "1.14"
)

// Compare returns -1, 0 or +1 as x is less than, equal to or greater than
// y. Both are Go versions without the "go" prefix; invalid versions sort
// before valid ones.
func Compare(x, y string) int {
	return version.Compare("go"+x, "go"+y)
}

// Max returns the larger of x and y.
func Max(x, y string) string {
	if Compare(x, y) < 0 {
		return y
	}
	return x
}

// IsValid reports whether x is a valid Go version.
func IsValid(x string) bool { return version.IsValid("go" + x) }

// Lang returns the language version of x ("1.21" for "1.21.3").
func Lang(x string) string {
	l := version.Lang("go" + x)
	return strings.TrimPrefix(l, "go")
}

// FromGoMod returns the go version of a go.mod file, or the default
// when it has no go line.
func FromGoMod(f *modfile.File) string {
	if f == nil || f.Go == nil {
		return DefaultGoModVersion
	}
	return f.Go.Version
}

// FromGoWork returns the go version of a go.work file, or the default
// when it has no go line.
func FromGoWork(f *modfile.WorkFile) string {
	if f == nil || f.Go == nil {
		return DefaultGoWorkVersion
	}
	return f.Go.Version
}

// FromToolchain returns the Go version of a toolchain name such as
// "go1.21.3" or "go1.22rc1-custom", or "" if the name is not one.
func FromToolchain(name string) string {
	if strings.ContainsAny(name, "\\/") {
		return ""
	}
	v, ok := strings.CutPrefix(name, "go")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		v = v[:i]
	}
	if !IsValid(v) {
		return ""
	}
	return v
}

// IsToolchain reports whether a module path names the synthetic "go" or
// "toolchain" module.
func IsToolchain(path string) bool { return path == "go" || path == "toolchain" }

// ModCompare compares two versions of the module path: Go versions for
// the "go" and "toolchain" modules, semantic versions otherwise.
func ModCompare(path, x, y string) int {
	if path == "go" {
		return Compare(x, y)
	}
	if path == "toolchain" {
		return Compare(maybeToolchain(x), maybeToolchain(y))
	}
	return semver.Compare(x, y)
}

func maybeToolchain(name string) string {
	if IsValid(name) {
		return name
	}
	return FromToolchain(name)
}

// ModIsValid reports whether vers is a valid version of module path.
func ModIsValid(path, vers string) bool {
	if IsToolchain(path) {
		if path == "toolchain" {
			return IsValid(FromToolchain(vers))
		}
		return IsValid(vers)
	}
	return semver.IsValid(vers)
}

// ModSort sorts a list of module versions by path, then by version.
func ModSort(list []module.Version) {
	sort.Slice(list, func(i, j int) bool {
		mi, mj := list[i], list[j]
		if mi.Path != mj.Path {
			return mi.Path < mj.Path
		}
		// A "/go.mod" suffix sorts after the plain version.
		vi, fi, _ := strings.Cut(mi.Version, "/")
		vj, fj, _ := strings.Cut(mj.Version, "/")
		if vi != vj {
			return ModCompare(mi.Path, vi, vj) < 0
		}
		return fi < fj
	})
}

// Local returns the Go version of the toolchain in goroot, read from its
// VERSION file ("1.26.8" for "go1.26.8"); the go command reports this as
// its own version.
func Local(goroot string) string {
	data, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return FromToolchain(strings.TrimSpace(line))
}

// TooNewError reports a go.mod or go.work that needs a newer Go.
type TooNewError struct {
	What      string // "go.mod", "module example.com/m@v1.0.0"...
	GoVersion string // the version required
	Local     string // the version running
	// Explain is appended to the message ("; GOTOOLCHAIN=local").
	Explain string
}

func (e *TooNewError) Error() string {
	return fmt.Sprintf("%v requires go >= %v (running go %v%v)", e.What, e.GoVersion, e.Local, e.Explain)
}

// IsLang reports whether x is a language version such as "1.21", with
// neither a patch number nor a prerelease suffix.
func IsLang(x string) bool { return IsValid(x) && Lang(x) == x }

// IsPrerelease reports whether x is a prerelease ("1.22rc1", "1.21beta2").
func IsPrerelease(x string) bool {
	return IsValid(x) && strings.ContainsAny(strings.TrimLeft(x, "0123456789."), "abcdefghijklmnopqrstuvwxyz")
}

// Startup is what the choice of toolchain at start-up read: the
// GOTOOLCHAIN setting and, in its auto and path modes, the go.work or
// go.mod file consulted and the line of it that raised the minimum.
type Startup struct {
	GOTOOLCHAIN   string
	AutoFile      string // the file consulted, or ""
	AutoGoVersion string // its go line, when that chose the toolchain
	AutoToolchain string // its toolchain line, when that chose it ("default" counts)
}

// Explain returns what go appends to a TooNewError: the GOTOOLCHAIN
// setting unless it is "auto", then which line of which file chose the
// running toolchain. shortPath shortens the file name for display.
func (s Startup) Explain(shortPath func(string) string) string {
	explain := ""
	if s.GOTOOLCHAIN != "" && s.GOTOOLCHAIN != "auto" {
		explain = "; GOTOOLCHAIN=" + s.GOTOOLCHAIN
	}
	if s.AutoFile != "" && (s.AutoGoVersion != "" || s.AutoToolchain != "") {
		explain += "; " + shortPath(s.AutoFile) + " sets "
		if s.AutoToolchain != "" {
			explain += "toolchain " + s.AutoToolchain
		} else {
			explain += "go " + s.AutoGoVersion
		}
	}
	return explain
}
