package modload

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"os"
	pathpkg "path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
)

// ImportMissingError is go's error for an import path no module in the
// build list provides. Load may fill in ImportingMainModule and
// ImportingModRoot (the main module whose package imports Path, and its
// root) to get go's "cd DIR" hint in workspaces.
type ImportMissingError struct {
	Path     string
	QueryErr error
	// IsStd: the path is dotless, so it would be in the standard library.
	IsStd bool
	// GOROOT for the "is not in std" message.
	GOROOT string
	// ImporterGoVersion, if set with IsStd, adds go's note about the go
	// version of the importing module.
	ImporterGoVersion string
	// Replaced is the highest replaced version of a module that provides
	// the package but is not required.
	Replaced module.Version

	ImportingMainModule string
	ImportingModRoot    string

	// Module, when set, is a module that provides the package at its
	// latest version; NewMissingVersion is the selected version that
	// does not.
	Module            module.Version
	NewMissingVersion string

	modContainingCWD string
	buildMod         string
	allowMissing     bool
	// needQuery: the build list lacks the package and a module lookup
	// may add it (-mod=mod, deferred to the caller).
	needQuery bool
}

func (e *ImportMissingError) Error() string {
	if e.Module.Path != "" {
		if e.NewMissingVersion != "" {
			return fmt.Sprintf("package %s provided by %s at latest version %s but not at required version %s", e.Path, e.Module.Path, e.Module.Version, e.NewMissingVersion)
		}
		return fmt.Sprintf("missing module for import: %s@%s provides %s", e.Module.Path, e.Module.Version, e.Path)
	}
	if e.IsStd {
		msg := fmt.Sprintf("package %s is not in std (%s)", e.Path, filepath.Join(e.GOROOT, "src", e.Path))
		if e.ImporterGoVersion != "" {
			msg += fmt.Sprintf("\nnote: imported by a module that requires go %s", e.ImporterGoVersion)
		}
		return msg
	}
	var nm *noMainModulesError
	if e.QueryErr != nil && !errors.As(e.QueryErr, &nm) {
		return fmt.Sprintf("cannot find module providing package %s: %v", e.Path, e.QueryErr)
	}
	if e.buildMod == "mod" || (e.buildMod == "readonly" && e.allowMissing) {
		return "cannot find module providing package " + e.Path
	}
	if e.Replaced.Path != "" {
		arg := e.Replaced.Path
		if !module.IsZeroPseudoVersion(e.Replaced.Version) {
			arg = e.Replaced.String()
		}
		return fmt.Sprintf("module %s provides package %s and is replaced but not required; to add it:\n\tgo get %s", e.Replaced.Path, e.Path, arg)
	}
	msg := fmt.Sprintf("no required module provides package %s", e.Path)
	if e.QueryErr != nil {
		return fmt.Sprintf("%s: %v", msg, e.QueryErr)
	}
	if e.ImportingMainModule != "" && e.ImportingMainModule != e.modContainingCWD {
		return fmt.Sprintf("%s; to add it:\n\tcd %s\n\tgo get %s", msg, e.ImportingModRoot, e.Path)
	}
	return fmt.Sprintf("%s; to add it:\n\tgo get %s", msg, e.Path)
}

func (e *ImportMissingError) Unwrap() error { return e.QueryErr }

// ImportPath returns the import path that could not be found.
func (e *ImportMissingError) ImportPath() string { return e.Path }

// noMainModulesError is the error for a module-mode command without a
// main module.
type noMainModulesError struct{ workspace bool }

func (e *noMainModulesError) Error() string {
	if e.workspace {
		return "no modules were found in the current workspace; see 'go help work'"
	}
	return "go.mod file not found in current directory or any parent directory; see 'go help modules'"
}

// AmbiguousImportError is go's error for a package found in several
// modules (or in the main module and the vendor directory).
type AmbiguousImportError struct {
	Path    string
	Dirs    []string
	Modules []module.Version // empty, or parallel to Dirs
}

func (e *AmbiguousImportError) ImportPath() string { return e.Path }

func (e *AmbiguousImportError) Error() string {
	kind := "modules"
	if len(e.Modules) == 0 {
		kind = "directories"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ambiguous import: found package %s in multiple %s:", e.Path, kind)
	for i, dir := range e.Dirs {
		b.WriteString("\n\t")
		if i < len(e.Modules) {
			m := e.Modules[i]
			b.WriteString(m.Path)
			if m.Version != "" {
				fmt.Fprintf(&b, " %s", m.Version)
			}
			fmt.Fprintf(&b, " (%s)", dir)
		} else {
			b.WriteString(dir)
		}
	}
	return b.String()
}

// ImportMissingSumError is go's error when go.sum lacks the checksum of
// a module that may provide a package. Load may set Importer (the
// importing package), ImporterVersion and ImporterIsTest for go's
// "go get IMPORTER" hint.
type ImportMissingSumError struct {
	Path            string
	Found           bool
	Mods            []module.Version
	Importer        string
	ImporterVersion string
	ImporterIsTest  bool
}

func (e *ImportMissingSumError) ImportPath() string { return e.Path }

func (e *ImportMissingSumError) Error() string {
	paren := ""
	if e.Importer != "" {
		paren = fmt.Sprintf(" (imported by %s)", e.Importer)
	}
	var msg string
	if e.Found {
		msg = fmt.Sprintf("missing go.sum entry needed to verify package %s%s is provided by exactly one module", e.Path, paren)
	} else {
		msg = fmt.Sprintf("missing go.sum entry for module providing package %s%s", e.Path, paren)
	}
	hint := ""
	if e.Importer == "" {
		if len(e.Mods) > 0 {
			var args []string
			for _, m := range e.Mods {
				args = append(args, m.Path)
			}
			hint = fmt.Sprintf("; to add:\n\tgo mod download %s", strings.Join(args, " "))
		}
	} else {
		t := ""
		if e.ImporterIsTest {
			t = " -t"
		}
		v := ""
		if e.ImporterVersion != "" {
			v = "@" + e.ImporterVersion
		}
		hint = fmt.Sprintf("; to add:\n\tgo get%s %s%s", t, e.Importer, v)
	}
	return msg + hint
}

// InvalidImportError is an import path that cannot name a package.
type InvalidImportError struct {
	Path string
	Err  error
}

func (e *InvalidImportError) ImportPath() string { return e.Path }
func (e *InvalidImportError) Error() string      { return e.Err.Error() }
func (e *InvalidImportError) Unwrap() error      { return e.Err }

func isMetaPackage(path string) bool {
	switch path {
	case "std", "cmd", "all", "tool", "work":
		return true
	}
	return false
}

// isStandardImportPath reports whether the first element has no dot.
func isStandardImportPath(path string) bool {
	i := strings.Index(path, "/")
	if i < 0 {
		i = len(path)
	}
	return !strings.Contains(path[:i], ".")
}

func (s *State) importMissing(path string, queryErr error) *ImportMissingError {
	return &ImportMissingError{
		Path:             path,
		QueryErr:         queryErr,
		GOROOT:           s.goroot,
		modContainingCWD: s.cwdMain,
		buildMod:         s.buildMod,
		allowMissing:     s.allowNoMod && false,
	}
}

func (s *State) importModules(ctx context.Context, path string) (*Resolved, error) {
	invalid := func(format string, args ...any) (*Resolved, error) {
		return nil, &InvalidImportError{Path: path, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case strings.Contains(path, "@"):
		return invalid("import path %q should not have @version", path)
	case build.IsLocalImport(path):
		return invalid("%q is relative, but relative import paths are not supported in module mode", path)
	case filepath.IsAbs(path):
		return invalid("%q is not a package path; see 'go help packages'", path)
	case isMetaPackage(path):
		return invalid("%q is not an importable package; see 'go help packages'", path)
	}
	if path == "C" {
		return &Resolved{}, nil
	}
	if err := module.CheckImportPath(path); err != nil {
		return nil, &InvalidImportError{Path: path, Err: err}
	}
	if s.buildMod == "vendor" {
		return s.importVendor(ctx, path)
	}

	if err := s.sums.Err(); err != nil {
		return nil, err
	}

	g, err := s.importGraph(ctx)
	if err != nil {
		return nil, err
	}
	for {
		var mods, sumErrMods []module.Version
		var roots, dirs []string
		for _, m := range prefixModules(g, path) {
			root, isLocal, err := s.fetch(m)
			if err != nil {
				var sme *sumMissingError
				if errors.As(err, &sme) {
					sumErrMods = append(sumErrMods, m)
					continue
				}
				return nil, err
			}
			dir, ok, err := s.dirInModule(path, m.Path, root, isLocal)
			if err != nil {
				return nil, err
			}
			if ok {
				mods = append(mods, m)
				roots = append(roots, root)
				dirs = append(dirs, dir)
			}
		}
		if len(mods) > 1 {
			reverse(mods)
			reverse(dirs)
			return nil, &AmbiguousImportError{Path: path, Dirs: dirs, Modules: mods}
		}
		if len(sumErrMods) > 0 {
			reverse(sumErrMods)
			return nil, &ImportMissingSumError{Path: path, Mods: sumErrMods, Found: len(mods) > 0}
		}
		if len(mods) == 1 {
			m := mods[0]
			if !s.isMain(m.Path) && !s.skipImportModFiles {
				if _, err := s.goModSummary(m); err != nil {
					return nil, err
				}
			}
			s.noteImported(path, m)
			return &Resolved{Dir: dirs[0], Root: roots[0], Module: s.moduleInfo(m, true)}, nil
		}
		if _, full := g.(fullView); full {
			break
		}
		mg, err := s.loadGraph(ctx)
		if err != nil {
			return nil, err
		}
		g = fullView{mg}
	}
	if !s.deferQuery && (s.buildMod == "mod" && s.HasModRoot() && !s.inWorkspace() || s.cfg.NoRoot && s.buildMod != "vendor" || s.lookupOutsideModule()) {
		return s.addMissingImport(ctx, path)
	}
	return nil, s.queryImport(ctx, path)
}

// queryImport reports a package that no module in the build list
// provides, as go does when it may not (or cannot) look it up.
func (s *State) queryImport(ctx context.Context, path string) error {
	if !s.HasModRoot() && !s.cfg.NoRoot && !s.lookupOutsideModule() {
		e := s.importMissing(path, &noMainModulesError{workspace: s.inWorkspace()})
		e.IsStd = isStandardImportPath(path)
		return e
	}
	var repl []module.Version
	if s.buildMod != "vendor" {
		var err error
		if repl, err = s.replacedCandidates(ctx, path); err != nil {
			return err
		}
	}
	foundRepl := false
	for _, m := range repl {
		root, isLocal, err := s.fetch(m)
		if err != nil {
			var sme *sumMissingError
			if errors.As(err, &sme) {
				return &ImportMissingSumError{Path: path}
			}
			return err
		}
		if _, ok, err := s.dirInModule(path, m.Path, root, isLocal); err != nil {
			return err
		} else if ok {
			if s.buildMod == "readonly" {
				e := s.importMissing(path, nil)
				e.Replaced = m
				return e
			}
			foundRepl = true
			break
		}
	}
	if foundRepl {
		// A replaced module provides it: the caller's lookup adds it.
		e := s.importMissing(path, nil)
		e.needQuery = s.deferQuery
		return e
	}
	if len(repl) > 0 && module.CheckPath(path) != nil {
		return &PackageNotInModuleError{Mod: repl[0], Query: "latest", Pattern: path, Replacement: s.Replacement(repl[0])}
	}
	if isStandardImportPath(path) {
		e := s.importMissing(path, nil)
		e.IsStd = true
		return e
	}
	if s.buildMod == "readonly" && !s.cfg.NoRoot || s.buildMod == "vendor" {
		var queryErr error
		if s.buildModExplicit {
			queryErr = fmt.Errorf("import lookup disabled by -mod=%s", s.buildMod)
		} else if s.buildModReason != "" {
			queryErr = fmt.Errorf("import lookup disabled by -mod=%s\n\t(%s)", s.buildMod, s.buildModReason)
		}
		return s.importMissing(path, queryErr)
	}
	if s.deferQuery {
		if err := s.batch.failed(path); err != nil {
			return err
		}
		e := s.importMissing(path, nil)
		e.needQuery = true
		return e
	}
	s.warn("go: finding module for package " + path)
	return s.importMissing(path, s.cache.LookupError())
}

func (s *State) importVendor(ctx context.Context, path string) (*Resolved, error) {
	var mods []module.Version
	var dirs, roots []string
	var vendored []bool
	var mainErr error
	for _, m := range s.mods {
		dir, ok, err := s.dirInModule(path, m.mod.Path, m.root, true)
		if mainErr == nil {
			mainErr = err
		}
		if ok {
			mods = append(mods, m.mod)
			dirs = append(dirs, dir)
			roots = append(roots, m.root)
			vendored = append(vendored, false)
		}
	}
	if vdir := s.VendorDir(); s.HasModRoot() && vdir != "" {
		if dir, ok, _ := s.dirInModule(path, "", vdir, false); ok {
			v, err := s.vendorList()
			if err != nil {
				return nil, err
			}
			vm, listed := v.pkgMod[path]
			if listed || gover.Compare(s.GoVersion(), gover.ExplicitModulesTxtImportVersion) < 0 {
				mods = append(mods, vm)
				dirs = append(dirs, dir)
				roots = append(roots, vdir)
				vendored = append(vendored, true)
			} else {
				sub := "mod"
				if s.inWorkspace() {
					sub = "work"
				}
				s.warn(fmt.Sprintf("go: ignoring package %s which exists in the vendor directory but is missing from vendor/modules.txt. To sync the vendor directory run go %s vendor.", path, sub))
			}
		}
	}
	if len(dirs) > 1 {
		return nil, &AmbiguousImportError{Path: path, Dirs: dirs}
	}
	if mainErr != nil {
		return nil, mainErr
	}
	if len(mods) == 0 {
		if !s.HasModRoot() {
			// Outside any module, go reports the package as not provided,
			// standard-looking paths included, without looking further.
			return nil, s.importMissing(path, nil)
		}
		return nil, s.queryImport(ctx, path)
	}
	r := &Resolved{Dir: dirs[0], Root: roots[0], Vendored: vendored[0]}
	if mods[0].Path != "" {
		r.Module = s.moduleInfo(mods[0], true)
	}
	return r, nil
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func maybeInModule(path, mpath string) bool {
	return mpath == path || len(path) > len(mpath) && path[len(mpath)] == '/' && path[:len(mpath)] == mpath
}

// prefixModules returns the modules g selects for the path prefixes of
// package path, longest first: those that may provide the package.
func prefixModules(g graphView, path string) []module.Version {
	var mods []module.Version
	for prefix := path; prefix != "."; prefix = pathpkg.Dir(prefix) {
		if gover.IsToolchain(prefix) {
			continue
		}
		if v, ok := g.selected(prefix); ok && v != "none" {
			mods = append(mods, module.Version{Path: prefix, Version: v})
		}
	}
	return mods
}

// graphView answers "which version of this path is selected", from the
// roots only or from the full graph.
type graphView interface {
	selected(path string) (string, bool)
}

type rootView struct{ s *State }

func (v rootView) selected(path string) (string, bool) { return v.s.rootSelected(path) }

type fullView struct {
	g interface{ Selected(string) string }
}

func (v fullView) selected(path string) (string, bool) { return v.g.Selected(path), true }

// fetch returns the directory holding module m (after replacement) and
// whether it is a local tree (a main module or a directory replacement).
func (s *State) fetch(m module.Version) (string, bool, error) {
	if mi := s.mainByPath(m.Path); mi != nil && m.Version == "" {
		return mi.root, true, nil
	}
	if r := s.Replacement(m); r.Path != "" {
		if r.Version == "" {
			dir := r.Path
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(s.replaceRelativeTo(), dir)
			}
			if _, err := s.fs.Stat(dir); err != nil {
				if os.IsNotExist(err) {
					err = fmt.Errorf("replacement directory %s does not exist", r.Path)
				} else {
					err = fmt.Errorf("replacement directory %s: %w", r.Path, err)
				}
				return dir, true, module.VersionError(m, err)
			}
			return dir, true, nil
		}
		m = r
	}
	if s.mustHaveSums() && !s.sums.Have(m) {
		return "", false, module.VersionError(m, &sumMissingError{})
	}
	dir, err := s.cache.Download(m, s.sums)
	if err != nil {
		return "", false, err
	}
	if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
		if gv := goLine(data); gv != "" && gover.Compare(gv, s.localGo) > 0 {
			return "", false, s.tooNew(m.String(), gv)
		}
	}
	return dir, false, nil
}

// goLine returns the version on a go.mod's go line.
func goLine(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "go" {
			return f[1]
		}
	}
	return ""
}

// dirInModule returns the directory that would hold package path in the
// module mpath rooted at mdir, and whether it holds .go files. In a local
// tree, a nested go.mod on the way hides the directory.
func (s *State) dirInModule(path, mpath, mdir string, isLocal bool) (string, bool, error) {
	var dir string
	switch {
	case path == mpath:
		dir = mdir
	case mpath == "":
		dir = filepath.Join(mdir, path)
	case maybeInModule(path, mpath):
		dir = filepath.Join(mdir, path[len(mpath)+1:])
	default:
		return "", false, nil
	}
	if isLocal {
		for d := dir; d != mdir && len(d) > len(mdir); {
			if fi, err := s.fs.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
				return "", false, nil
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	ok, err := s.isGoDir(dir)
	return dir, ok, err
}

// isGoDir reports whether dir holds a .go file (a regular file, or a
// link to one); build constraints do not matter.
func (s *State) isGoDir(dir string) (bool, error) {
	if s.fs == nil {
		return isGoDirOS(dir)
	}
	ents, err := s.fs.ReadDir(dir)
	if err != nil {
		return false, nil
	}
	var firstErr error
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		if e.Mode().IsRegular() {
			return true, nil
		}
		if e.Mode()&os.ModeSymlink != 0 {
			fi, err := s.fs.Stat(filepath.Join(dir, e.Name()))
			if err == nil && fi.Mode().IsRegular() {
				return true, nil
			}
			if err != nil && firstErr == nil && !os.IsNotExist(err) {
				firstErr = err
			}
		}
	}
	return false, firstErr
}

// lookupOutsideModule reports whether missing imports are looked up
// outside any module: with an explicit -mod=mod (nothing is written).
func (s *State) lookupOutsideModule() bool {
	return !s.HasModRoot() && !s.inWorkspace() && !s.cfg.NoRoot && s.buildMod == "mod" && s.buildModExplicit
}

// importGraph returns the view of the requirements that import
// resolution consults: the roots, or the full module graph without
// graph pruning (unpruned roots need not be at their selected
// versions: only the full graph says which version provides a package).
func (s *State) importGraph(ctx context.Context) (graphView, error) {
	if s.fullGraphImports || s.pruning == unpruned {
		mg, err := s.loadGraph(ctx)
		if err != nil {
			return nil, err
		}
		return fullView{mg}, nil
	}
	return rootView{s}, nil
}
