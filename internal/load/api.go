package load

import (
	"context"
	"errors"
	"go/build"
	"runtime/debug"
	"sync"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/modload"
	"gocmd/internal/par"
	"gocmd/internal/wire"
)

// This file is the contract between load and its users (the list command
// now, build and test later). The load work fills in the bodies and may
// add fields and functions; it does not change what is here without
// telling the users.

// Config configures a Loader.
type Config struct {
	Env     *env.Env
	Dir     string           // working directory, absolute
	Flags   *base.BuildFlags // -tags, -mod, -overlay, -modfile, -pgo...
	GOFLAGS []string
	// Modules is the module state; nil means GOPATH mode.
	Modules *modload.State
	// Find stops after locating the packages named on the command line:
	// their imports are not resolved (go list -find).
	Find bool
	// SuppressEmbedFiles skips matching //go:embed patterns to files
	// (EmbedFiles stays empty and bad patterns are not reported), when
	// nothing will look at the files (go list -json=fields without them).
	SuppressEmbedFiles bool
	// AllowErrors (go list -e): errors go reports and then stops on
	// (a module used for two paths) are reported and loading goes on.
	AllowErrors bool
	// ResolveOnly... further options are added as needed.

	// Warn receives warnings such as `go: warning: "./..." matched no
	// packages`; one line each, without newline.
	Warn func(msg string)
}

// Package is a loaded package: the public fields go list prints and the
// internal ones the loader and builder need.
type Package struct {
	wire.Package
	Internal Internal
}

// Internal holds what go list does not print.
type Internal struct {
	Build        *build.Package
	Imports      []*Package // direct imports, 1:1 with the resolved Imports
	RawImports   []string   // imports as written in the source
	ForceLibrary bool
	CmdlineFiles bool // package built from files listed on the command line
	CmdlinePkg   bool // package named on the command line
	// CmdlinePkgLiteral: named literally, not through a wildcard.
	CmdlinePkgLiteral bool
	Local             bool   // imported through a ./ or ../ path
	LocalPrefix       string // prefix for ./ and ../ imports
	Embed             map[string][]string
	OrigImportPath    string // before a "_test" suffix or " [p.test]"
	GoVersion         string // language version from the module's go line
	// CompiledImports are imports added for cgo (unsafe, runtime/cgo,
	// syscall), 1:1 with the end of Imports beyond RawImports.
	CompiledImports []string
	// ForMain is the main package this package is built for, if any
	// (a copy of a dependency for a main package's PGO profile).
	ForMain string
	// PGOProfile is the profile the package is compiled with.
	PGOProfile string
	// TestmainGo is the source of _testmain.go for a test main package
	// (left empty by the loader: the test command generates it from
	// TestFuncs).
	TestmainGo *[]byte
	// TestFuncs are the tests found in a package's test files (set on
	// the package under test by TestPackagesFor).
	TestFuncs *TestFuncs
	// TestImports and XTestImports as written in the source.
	RawTestImports, RawXTestImports []string
	// BuildInfo is what the linker embeds in a main package's binary
	// (set by SetBuildInfo).
	BuildInfo *debug.BuildInfo
	// Cover is how -cover instruments the package (set by
	// SelectCoverPackages).
	Cover CoverSetup
}

// Loader loads packages for one invocation, caching each import path.
type Loader struct {
	cfg  Config
	once sync.Once
	st   *state

	resolved par.Cache[importKey, resolvedImport]
	data     par.Cache[string, pkgData]
	queue    *par.Queue
	goDirs   par.Cache[string, bool]   // directory -> has .go files
	dirs     par.Cache[string, bool]   // path -> is a directory
	modPaths par.Cache[string, string] // directory -> module path of its go.mod

	// listings holds directory entries shared by the directory index
	// and hasGoFiles (dirindex.go).
	listings par.Cache[string, dirListing]

	// The graph walk is sequential: mu guards the maps below.
	mu       sync.Mutex
	packages map[string]*Package // by import path
	foldPath map[string]string   // case-folded import path -> import path

	godebugOnce     sync.Once
	godebugTab      *godebugConfig
	mainVersionOnce sync.Once
	mainVersion     string
	mainGodebug     [][2]string
}

// NewLoader returns a loader for cfg.
func NewLoader(cfg Config) *Loader { return &Loader{cfg: cfg} }

// ErrNotImplemented is returned by parts of the contract not written yet.
var ErrNotImplemented = errors.New("load: not implemented yet")

var _ = context.Background

// PackageList returns roots and all their dependencies, each once,
// dependencies before the packages that import them (go list -deps order).
func PackageList(roots []*Package) []*Package {
	seen := map[*Package]bool{}
	var out []*Package
	var walk func(p *Package)
	walk = func(p *Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, q := range p.Internal.Imports {
			walk(q)
		}
		out = append(out, p)
	}
	for _, p := range roots {
		walk(p)
	}
	return out
}
