package modload

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/fsys"
	"gocmd/internal/modfetch"
	"gocmd/internal/mvs"
	"gocmd/internal/wire"
)

// modPruning says how much of a module's requirement graph is loaded.
type modPruning uint8

const (
	pruned    modPruning = iota // go >= 1.17: dependencies of dependencies are pruned
	unpruned                    // everything reachable is loaded
	workspace                   // the union of the workspace modules' graphs
)

// private is the part of State that only modload sees.
type private struct {
	// reuse holds the earlier answers of -reuse, by path@version and
	// path@query.
	reuse map[module.Version]*wire.Module

	goroot     string
	localGo    string // version of the running toolchain ("1.26.8")
	gopath     string // first GOPATH entry
	toolchain  string // GOTOOLCHAIN as set
	allowNoMod bool

	buildMod         string // "mod", "readonly" or "vendor"
	buildModExplicit bool
	buildModReason   string

	workFile string // go.work path; "" outside workspace mode
	work     *modfile.WorkFile
	modRoots []string
	// mods holds one entry per main module, parallel to main.
	mods []*mainInfo
	// cwdMain is the main module whose root contains Dir ("" if none).
	cwdMain string

	replace     map[module.Version]module.Version // merged, relative paths resolved per file
	replaceFrom map[module.Version]replaceSource
	workReplace map[module.Version]module.Version
	exclude     map[module.Version]bool
	tools       []string
	highestRepl map[string]string

	fs    *fsys.FS // the -overlay view of go.mod, go.work, go.sum, vendor/modules.txt
	cache *modfetch.Cache
	sums  *modfetch.Sums

	roots []module.Version
	// dirtyRoots: go.mod's requirements would be rewritten (an excluded
	// or redundant requirement).
	dirtyRoots bool
	direct     map[string]bool
	pruning    modPruning

	mu         sync.Mutex
	goVersions map[module.Version]string // go lines seen, by module version
	summaries  map[module.Version]*summaryResult
	imported   map[string]module.Version // packages Import resolved, by path
	// deferQuery: Import leaves missing packages to the caller's lookup.
	deferQuery bool
	// fullGraphImports: Import consults the full graph at once, not the
	// roots first (the unpruned view of tidy's -compat check).
	fullGraphImports bool
	// skipImportModFiles: Import does not read the go.mod file of the
	// module providing a package (go mod tidy before go 1.21, which
	// records no go.sum line for it).
	skipImportModFiles bool
	// importMu serializes Import with -mod=mod, which may add requirements.
	importMu sync.Mutex
	// batch: missing imports of a loading pass are looked up together
	// afterwards (batch.go); batchErrs holds the failed lookups.
	batch batchState

	graphOnce sync.Once
	graph     *mvs.Graph
	graphErr  error

	scans scanCache // remembered scanDir results (scancache.go)

	vendorOnce sync.Once
	vendor     *vendorInfo
	vendorErr  error
}

type replaceSource struct {
	modRoot string         // root of the main module whose go.mod says it ("" for go.work)
	file    string         // the file that says it
	raw     module.Version // the replacement as written there
}

// mainInfo is what a main module's go.mod says.
type mainInfo struct {
	mod       module.Version
	root      string
	gomod     string
	file      *modfile.File
	goVersion string // raw go line, "" when absent
	require   map[module.Version]bool
	ignore    []string
	needsFix  bool // go.mod had versions that had to be resolved
}

func (s *State) warn(msg string) {
	if s.cfg.Warn != nil {
		s.cfg.Warn(msg)
	}
}

// shortPath returns path relative to the working directory when that is
// shorter, as the go command prints file names.
func (s *State) shortPath(path string) string {
	if rel, err := filepath.Rel(s.cfg.Dir, path); err == nil && len(rel) < len(path) && sameFile(rel, path, s.cfg.Dir) {
		return rel
	}
	return path
}

func sameFile(rel, abs, dir string) bool {
	fi1, err1 := os.Stat(filepath.Join(dir, rel))
	fi2, err2 := os.Stat(abs)
	if err1 != nil || err2 != nil {
		return os.IsNotExist(err1) && os.IsNotExist(err2)
	}
	return os.SameFile(fi1, fi2)
}

// isMain reports whether path is a main module's path.
func (s *State) isMain(path string) bool {
	for _, m := range s.mods {
		if m.mod.Path == path {
			return true
		}
	}
	return false
}

func (s *State) mainByPath(path string) *mainInfo {
	for _, m := range s.mods {
		if m.mod.Path == path {
			return m
		}
	}
	return nil
}

// inWorkspace reports workspace mode.
func (s *State) inWorkspace() bool { return s.workFile != "" }

// HasModRoot reports whether there is at least one main module.
func (s *State) HasModRoot() bool { return s.mode != GOPATHMode && len(s.modRoots) > 0 }

// BuildMod returns the effective -mod setting: "mod", "readonly" or
// "vendor" ("" in GOPATH mode).
func (s *State) BuildMod() string { return s.buildMod }

// WorkFile returns the go.work file in use, or "" outside workspace mode.
func (s *State) WorkFile() string { return s.workFile }

// FS returns the -overlay view of the file system in module mode (nil,
// the plain file system, without -overlay or in GOPATH mode).
func (s *State) FS() *fsys.FS { return s.fs }

// Tools returns the tool packages named by tool directives of the main
// modules, in the order they appear.
func (s *State) Tools() []string { return append([]string(nil), s.tools...) }

// GoVersion returns the go version of the main module (or of go.work in
// workspace mode), the language version for its packages. Outside any
// module it is the running toolchain's version.
func (s *State) GoVersion() string {
	if s.inWorkspace() {
		if s.work != nil && s.work.Go != nil {
			return s.work.Go.Version
		}
		return "1.18"
	}
	if len(s.mods) == 1 {
		if s.mods[0].goVersion != "" {
			return s.mods[0].goVersion
		}
		return "1.16"
	}
	return s.localGo
}

// modFilePath is the go.mod path of the main module rooted at modRoot.
func (s *State) modFilePath(modRoot string) string {
	if s.cfg.Flags != nil && s.cfg.Flags.ModFile != "" {
		return s.cfg.Flags.ModFile
	}
	return filepath.Join(modRoot, "go.mod")
}

// abs resolves a path given on the command line against the working
// directory.
func (s *State) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(s.cfg.Dir, path)
}

// sumFileFor returns the go.sum beside a go.mod path.
func sumFileFor(gomod string) string {
	return strings.TrimSuffix(gomod, ".mod") + ".sum"
}
