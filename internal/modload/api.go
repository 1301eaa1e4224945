package modload

import (
	"context"
	"errors"
	"fmt"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/modfetch"
	"gocmd/internal/wire"
)

// This file is the contract between modload and its users (internal/load,
// the list and env commands). The types and signatures are agreed; the
// bodies are filled in by the modload work.

// Mode is how packages are found.
type Mode int

const (
	GOPATHMode    Mode = iota // GO111MODULE=off, or auto outside a module
	ModuleMode                // a main module from go.mod (or none: GOMOD=/dev/null)
	WorkspaceMode             // main modules from go.work
)

// Config is the input of Init.
type Config struct {
	Env     *env.Env
	Dir     string           // working directory, absolute
	Flags   *base.BuildFlags // -mod, -modfile, -modcacherw, -tags...
	GOFLAGS []string
	// AllowMissingMainModule lets commands that work outside a module
	// (list of std packages, env) proceed with GOMOD=/dev/null.
	AllowMissingMainModule bool

	// CmdName is the command's name ("list", "mod graph"): a few
	// commands imply a -mod setting.
	CmdName string
	// IgnoreWorkspace is set by commands that never use go.work
	// (go mod tidy, go mod vendor...).
	IgnoreWorkspace bool
	// ForceModules makes GO111MODULE=auto mean on and GO111MODULE=off an
	// error (go mod, go work).
	ForceModules bool
	// NoRoot ignores any go.mod and go.work: the command runs in module
	// mode without a main module (go install and go run pkg@version, go
	// tool building a tool of the toolchain).
	NoRoot bool
	// GoModOverride gives the contents to use for go.mod files (by
	// absolute path) instead of what is on disk: 'go get' checks the
	// workspace with the requirements it is about to write.
	GoModOverride map[string][]byte
	// Warn receives stderr lines that do not stop the command
	// ("go: warning: ...", "go: downloading ..."), one line each without
	// the final newline. Nil discards them.
	Warn func(msg string)
	// Observer, if not nil, learns what the results depend on beyond
	// the configuration: every file looked at (go.mod, go.sum, go.work,
	// vendor and module cache files) and every use of a module source.
	// The module root and go.work themselves are found as Env found
	// GOMOD and GOWORK.
	Observer modfetch.Observer
}

// MainModule is one main module.
type MainModule struct {
	Path  string // module path from the module directive
	Dir   string // module root directory
	GoMod string // path of its go.mod (or the -modfile file)
}

// Resolved is where an import path was found.
type Resolved struct {
	// Dir is the package directory.
	Dir string
	// Module is the module providing the package; nil for standard
	// library packages and in GOPATH mode.
	Module *wire.Module
	// Root is the module root (or GOROOT/src's parent for std).
	Root string
	// Vendored reports the package was found in a vendor directory.
	Vendored bool
}

// ModuleRoot is a directory tree searched for package patterns.
type ModuleRoot struct {
	Module *wire.Module
	Dir    string
	Prefix string // import path prefix of Dir
	// Main marks a main module's tree.
	Main bool
	// Vendor marks the vendor directory (-mod=vendor): import paths are
	// the directory paths below Dir, Module is nil.
	Vendor bool
	// Ignore holds the module's ignore directives, as written (paths
	// relative to Dir, "./x" anchored or "x" anywhere).
	Ignore []string
	// Err is set, and Dir empty, when the module's tree is not available
	// (not in the module cache, missing go.sum entry...).
	Err error
}

// ListOptions are the flags of 'go list -m'.
type ListOptions struct {
	Update    bool // -u
	Versions  bool // -versions
	Retracted bool // -retracted
	Errors    bool // -e
	Reuse     string
	// GraphError, with Errors, still returns the module graph's error
	// (go mod download reports it after downloading what it could).
	GraphError bool
}

// State is the module configuration of one invocation.
type State struct {
	mode Mode
	cfg  Config
	main []MainModule
	private
}

// ErrNotImplemented is returned by parts of the contract not written yet.
var ErrNotImplemented = errors.New("modload: not implemented yet")

// Init determines the mode and reads go.mod/go.work, but does not load
// the module graph until something needs it.
//
// Errors from Init end the command: their text is what go prints on
// stderr (each line already prefixed with "go: " where go does so),
// without the final newline.
func Init(ctx context.Context, cfg Config) (*State, error) {
	return initState(ctx, cfg)
}

// Mode reports how packages are found.
func (s *State) Mode() Mode { return s.mode }

// MainModules returns the main modules (one in module mode, the used
// modules in workspace mode, none in GOPATH mode or outside a module).
func (s *State) MainModules() []MainModule { return s.main }

// Import resolves an import path (not std) to the module and directory
// that provide it. Errors carry go's exact text ("no required module
// provides package ...; to add it:\n\tgo get ...", "ambiguous import").
//
// Errors are *ImportMissingError, *AmbiguousImportError,
// *ImportMissingSumError, *InvalidImportError, or go's error text for a
// module that could not be read; none carries a "go: " prefix (they
// belong in Package.Error). Import of "C" returns an empty Resolved.
func (s *State) Import(ctx context.Context, path string) (*Resolved, error) {
	if s.mode == GOPATHMode {
		return nil, errors.New("modload: Import in GOPATH mode")
	}
	if s.buildMod == "mod" {
		// Missing imports change the requirements: one lookup at a time.
		s.importMu.Lock()
		defer s.importMu.Unlock()
	}
	return s.importModules(ctx, path)
}

// DirImportPath returns the import path and module of the package in dir
// (for "./x" arguments and ./... patterns), or an error such as
// "directory ... outside main module or its selected dependencies".
//
// It does not check that dir exists or holds Go files (load does, with
// go/build). A directory of the standard library returns its import
// path and a nil module. Errors carry no "go: " prefix.
func (s *State) DirImportPath(ctx context.Context, dir string) (string, *wire.Module, error) {
	return s.dirImportPath(ctx, dir)
}

// PatternRoots returns the directory trees to walk for a package pattern
// such as "example.com/..." or "all".
//
// The main modules come first, then (outside vendor mode) every module
// of the build list in order; with -mod=vendor the vendor directory
// follows the main modules instead. The caller walks the trees it needs,
// skipping nested modules (a directory with its own go.mod), testdata,
// and names starting with "." or "_". The error is the module graph's,
// go's text without "go: ".
func (s *State) PatternRoots(ctx context.Context) ([]ModuleRoot, error) {
	return s.patternRoots(ctx)
}

// ListModules implements 'go list -m' for the given arguments.
//
// Errors: a *ListError (without -e: every module error and the module
// graph error, each line prefixed "go: ") or another error whose text is
// what go prints before stopping. Either way the caller prints the error
// text and exits with status 1. With -e, module errors are in
// Module.Error and only command-stopping errors are returned.
func (s *State) ListModules(ctx context.Context, args []string, opts ListOptions) ([]*wire.Module, error) {
	mods, err := s.listModules(ctx, args, opts)
	if ferr := s.FatalError(); ferr != nil {
		// Even where the failed check only served an optional field
		// (a module's go version), go has stopped at once.
		return nil, ferr
	}
	if err == nil && !opts.Update && s.HasModRoot() && s.buildMod != "vendor" {
		// As go does, record what listing changed (go.sum lines, fixed
		// requirements) unless the command writes go.mod itself; with
		// -mod=readonly a needed go.sum change is an error.
		// With -e go ignores what the commit reports.
		if cerr := s.CommitAfterLoad(ctx); cerr != nil && !opts.Errors {
			return nil, fmt.Errorf("go: %w", cerr)
		}
	}
	return mods, err
}

// PathInModuleCache returns the import path of dir when it lies inside
// the tree of a module in the build list other than a main module (the
// module cache or a directory replacement), or "" when it does not.
func (s *State) PathInModuleCache(ctx context.Context, dir string) string {
	p, _, ok := s.pathInModuleCache(ctx, dir)
	if !ok {
		return ""
	}
	return p
}
