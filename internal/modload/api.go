package modload

import (
	"context"
	"errors"

	"gocmd/internal/base"
	"gocmd/internal/env"
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
}

// ListOptions are the flags of 'go list -m'.
type ListOptions struct {
	Update    bool // -u
	Versions  bool // -versions
	Retracted bool // -retracted
	Errors    bool // -e
	Reuse     string
}

// State is the module configuration of one invocation.
type State struct {
	mode Mode
	cfg  Config
	main []MainModule
}

// ErrNotImplemented is returned by parts of the contract not written yet.
var ErrNotImplemented = errors.New("modload: not implemented yet")

// Init determines the mode and reads go.mod/go.work, but does not load
// the module graph until something needs it.
func Init(ctx context.Context, cfg Config) (*State, error) {
	return nil, ErrNotImplemented
}

// Mode reports how packages are found.
func (s *State) Mode() Mode { return s.mode }

// MainModules returns the main modules (one in module mode, the used
// modules in workspace mode, none in GOPATH mode or outside a module).
func (s *State) MainModules() []MainModule { return s.main }

// Import resolves an import path (not std) to the module and directory
// that provide it. Errors carry go's exact text ("no required module
// provides package ...; to add it:\n\tgo get ...", "ambiguous import").
func (s *State) Import(ctx context.Context, path string) (*Resolved, error) {
	return nil, ErrNotImplemented
}

// DirImportPath returns the import path and module of the package in dir
// (for "./x" arguments and ./... patterns), or an error such as
// "directory ... outside main module or its selected dependencies".
func (s *State) DirImportPath(ctx context.Context, dir string) (string, *wire.Module, error) {
	return "", nil, ErrNotImplemented
}

// PatternRoots returns the directory trees to walk for a package pattern
// such as "example.com/..." or "all".
func (s *State) PatternRoots(ctx context.Context) ([]ModuleRoot, error) {
	return nil, ErrNotImplemented
}

// ListModules implements 'go list -m' for the given arguments.
func (s *State) ListModules(ctx context.Context, args []string, opts ListOptions) ([]*wire.Module, error) {
	return nil, ErrNotImplemented
}
