package load

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/fips140"
	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/vcs"
	"gocmd/internal/wire"
)

// This file computes the build information the linker embeds in a main
// package's binary (what 'go version -m' and debug.ReadBuildInfo show):
// the package path, the main module, the modules providing its
// dependencies, and the build settings. buildinfo_vcs.go adds the VCS
// settings and buildinfo_version.go the main module's version derived
// from the repository.

// BuildInfoOptions configures BuildInfo.
type BuildInfoOptions struct {
	// AutoVCS: under -buildvcs=auto, stamp VCS information (go build,
	// go install and go list do; go run and go test do not).
	AutoVCS bool
	// VCS runs the VCS commands (and prints them under -x). Nil means a
	// Runner with the loader's environment that prints nothing; share
	// one per invocation so each repository's status is read once.
	VCS *vcs.Runner
}

// VCSError is the failure to read the VCS status of the repository
// holding the main package; go reports it as the package's error.
type VCSError struct {
	Err error
}

func (e *VCSError) Error() string {
	return fmt.Sprintf("error obtaining VCS status: %v\n\tUse -buildvcs=false to disable VCS stamping.", e.Err)
}

func (e *VCSError) Unwrap() error { return e.Err }

// SetBuildInfo computes p's build information into p.Internal.BuildInfo,
// as go does for a main package loaded without errors. A VCS failure
// becomes p's error (and p is marked incomplete) instead.
func (l *Loader) SetBuildInfo(ctx context.Context, p *Package, opts BuildInfoOptions) {
	info, err := l.BuildInfo(ctx, p, opts)
	if err != nil {
		if p.Error == nil {
			p.Error = &wire.PackageError{Err: err}
			p.Incomplete = true
		}
		return
	}
	p.Internal.BuildInfo = info
}

// BuildInfo returns the build information of main package p. GoVersion
// is left empty: the toolchain version is stored separately in the
// binary, and go does not repeat it in the modinfo string. The only
// error is a *VCSError.
func (l *Loader) BuildInfo(ctx context.Context, p *Package, opts BuildInfoOptions) (*debug.BuildInfo, error) {
	s := l.init()
	info := &debug.BuildInfo{Path: p.ImportPath}
	if p.Internal.CmdlineFiles {
		info.Path = "command-line-arguments"
	}
	if m := mainModule(p); m != nil {
		info.Main = *l.debugModule(m)
	}
	info.Deps = l.depModules(p, info.Main.Path)

	flags := l.cfg.Flags
	if flags == nil {
		flags = &base.BuildFlags{}
	}
	set := func(key, value string) {
		info.Settings = append(info.Settings, debug.BuildSetting{Key: key, Value: strings.ReplaceAll(value, "\n", " ")})
	}
	compiler := s.ctxt.Compiler
	if flags.ASan {
		set("-asan", "true")
	}
	if flags.Asmflags.Present {
		set("-asmflags", rawFlag(&flags.Asmflags))
	}
	buildmode := flags.Buildmode
	if buildmode == "" || buildmode == "default" {
		buildmode = "archive"
		if p.Name == "main" {
			buildmode = "exe"
		}
	}
	set("-buildmode", buildmode)
	set("-compiler", compiler)
	if v := rawFlag(&flags.Gccgoflags); v != "" && compiler == "gccgo" {
		set("-gccgoflags", v)
	}
	if v := rawFlag(&flags.Gcflags); v != "" && compiler == "gc" {
		set("-gcflags", v)
	}
	// -ldflags and the cgo flags may name files of the machine: -trimpath
	// leaves them out.
	if v := rawFlag(&flags.Ldflags); v != "" && !flags.Trimpath {
		set("-ldflags", v)
	}
	if flags.Cover {
		set("-cover", "true")
	}
	if flags.MSan {
		set("-msan", "true")
	}
	if flags.Race {
		set("-race", "true")
	}
	fipsVersion := l.fips140Version()
	tags := slices.Clone(s.ctxt.BuildTags)
	if fipsVersion != "" && fipsVersion != "latest" {
		if tag := "fips140" + semver.MajorMinor(fipsVersion); !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	if len(tags) > 0 {
		set("-tags", strings.Join(tags, ","))
	}
	if flags.Trimpath {
		set("-trimpath", "true")
	}
	if p.DefaultGODEBUG != "" {
		set("DefaultGODEBUG", p.DefaultGODEBUG)
	}
	if s.ctxt.CgoEnabled {
		set("CGO_ENABLED", "1")
		if !flags.Trimpath {
			for _, name := range []string{"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS"} {
				set(name, l.cfg.Env.Get(name))
			}
		}
	} else {
		set("CGO_ENABLED", "0")
	}
	set("GOARCH", s.ctxt.GOARCH)
	if v := l.cfg.Env.Get("GOEXPERIMENT"); v != "" {
		set("GOEXPERIMENT", v)
	}
	if fipsVersion != "" {
		set("GOFIPS140", fipsVersion)
	}
	set("GOOS", s.ctxt.GOOS)
	if key := env.ArchVarName(s.ctxt.GOARCH); key != "" {
		if v := l.cfg.Env.Var(key); v != "" {
			set(key, v)
		}
	}

	if err := l.addVCSInfo(ctx, p, info, flags.Buildvcs, opts); err != nil {
		return nil, err
	}

	if file := p.Internal.PGOProfile; file != "" {
		if flags.Trimpath {
			file = filepath.Base(file)
		}
		set("-pgo", file)
		// go adds -pgo last and then sorts all the settings by key.
		slices.SortFunc(info.Settings, func(x, y debug.BuildSetting) int { return strings.Compare(x.Key, y.Key) })
	}
	return info, nil
}

// mainModule returns p's module: go has none for a package of files
// named on the command line.
func mainModule(p *Package) *wire.Module {
	if p.Internal.CmdlineFiles {
		return nil
	}
	return p.Module
}

// rawFlag returns the last value given to a per-package flag, as typed.
func rawFlag(f *base.PerPackageFlag) string {
	if len(f.Values) == 0 {
		return ""
	}
	return f.Values[len(f.Values)-1].Raw
}

// fips140Version is the FIPS 140 module version selected by GOFIPS140:
// "" when off, "latest", or a snapshot version (an alias such as
// "inprocess" resolved through GOROOT/lib/fips140/NAME.txt).
func (l *Loader) fips140Version() string {
	v, err := fips140.Version(l.cfg.Env.GOROOT(), l.cfg.Env.Var("GOFIPS140"))
	if err != nil || v == "off" {
		return ""
	}
	return v
}

// debugModule converts a module of the package graph: an empty version
// is "(devel)"; a replaced module carries its replacement, others the
// h1: hash of their zip from the module cache (none when vendoring).
func (l *Loader) debugModule(m *wire.Module) *debug.Module {
	dm := &debug.Module{Path: m.Path, Version: m.Version}
	if dm.Version == "" {
		dm.Version = "(devel)"
	}
	switch {
	case m.Replace != nil:
		dm.Replace = l.debugModule(m.Replace)
	case m.Version != "" && (l.cfg.Modules == nil || l.cfg.Modules.BuildMod() != "vendor"):
		dm.Sum = l.zipSum(module.Version{Path: m.Path, Version: m.Version})
	}
	return dm
}

// zipSum returns the hash recorded in the module cache for the zip of
// mod, or "" if there is none (or it is not a well-formed hash).
func (l *Loader) zipSum(mod module.Version) string {
	c := &modfetch.Cache{Dir: l.cfg.Env.GOMODCACHE()}
	file, err := c.CachePath(mod, "ziphash")
	if err != nil {
		return ""
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	sum := strings.TrimSpace(string(data))
	if strings.IndexByte(sum, 0) >= 0 || len(sum) != len("h1:")+44 {
		return ""
	}
	return sum
}

// depModules returns the modules other than the main module that provide
// packages p imports, directly or not, sorted by path and version.
func (l *Loader) depModules(p *Package, mainPath string) []*debug.Module {
	seen := map[*Package]bool{}
	mods := map[module.Version]*debug.Module{}
	queue := slices.Clone(p.Internal.Imports)
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		if seen[q] {
			continue
		}
		seen[q] = true
		if m := q.Module; m != nil && m.Path != mainPath {
			key := module.Version{Path: m.Path, Version: m.Version}
			if mods[key] == nil {
				mods[key] = l.debugModule(m)
			}
		}
		queue = append(queue, q.Internal.Imports...)
	}
	keys := make([]module.Version, 0, len(mods))
	for k := range mods {
		keys = append(keys, k)
	}
	gover.ModSort(keys)
	deps := make([]*debug.Module, len(keys))
	for i, k := range keys {
		deps[i] = mods[k]
	}
	return deps
}

// Magic bytes around the modinfo string, by which the runtime and
// debug/buildinfo find it in a binary.
const (
	modinfoStart = "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6"
	modinfoEnd   = "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2"
)

// ModInfoData wraps a build information string (BuildInfo.String(), or
// "" for none) in the markers the linker stores it between.
func ModInfoData(info string) string {
	return modinfoStart + info + modinfoEnd
}

// ModInfoString returns the String() of info, or "" for nil.
func ModInfoString(info *debug.BuildInfo) string {
	if info == nil {
		return ""
	}
	return info.String()
}

// ImportcfgModinfo returns the "modinfo" line of importcfg.link for a
// link with the given build information (nil for none), newline
// included.
func ImportcfgModinfo(info *debug.BuildInfo) string {
	return "modinfo " + strconv.Quote(ModInfoData(ModInfoString(info))) + "\n"
}

// isTestOnly reports whether p exists only for tests: a test variant, a
// generated test main, or a directory with only test files.
func isTestOnly(p *Package) bool {
	return p.ForTest != "" || p.Internal.TestmainGo != nil ||
		len(p.TestGoFiles)+len(p.XTestGoFiles) > 0 && len(p.GoFiles)+len(p.CgoFiles) == 0
}
