package load

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modload"
	"gocmd/internal/search"
	"gocmd/internal/str"
	"gocmd/internal/wire"
)

// matchPatterns expands the command-line patterns to import paths.
func (l *Loader) matchPatterns(ctx context.Context, patterns []string) ([]*search.Match, error) {
	s := l.st
	var out []*search.Match
	for _, a := range search.CleanPatterns(patterns) {
		m := search.NewMatch(a)
		pattern := a
		switch {
		case m.IsLocal():
			l.matchDirs(ctx, m)
			if s.modules {
				if err := l.modDirsToPaths(ctx, m); err != nil {
					return nil, err
				}
			} else {
				m.Pkgs = make([]string, len(m.Dirs))
				for i, dir := range m.Dirs {
					absDir := abs(l.cfg.Dir, dir)
					if bp, _ := s.ctxt.ImportDir(absDir, build.FindOnly); bp.ImportPath != "" && bp.ImportPath != "." {
						m.Pkgs[i] = bp.ImportPath
					} else {
						m.Pkgs[i] = dir
					}
				}
			}
		case s.modules && pattern != "std" && pattern != "cmd":
			// std and cmd are matched by walking GOROOT/src in both modes.
			if err := l.modMatchPackages(ctx, m); err != nil {
				return nil, err
			}
		default:
			l.matchPackages(m)
		}
		out = append(out, m)
	}
	for _, m := range out {
		if len(m.Pkgs) == 0 && len(m.Errs) == 0 && l.cfg.Warn != nil {
			l.cfg.Warn(fmt.Sprintf("go: warning: %q matched no packages", m.Pattern()))
		}
	}
	return out, nil
}

func (l *Loader) walker() *search.Walker {
	return &search.Walker{
		FS:     l.st.fs,
		Warn:   l.cfg.Warn,
		Mounts: l.fipsMounts(),
		IsPackage: func(dir, name string) bool {
			_, err := l.st.importDir(&l.st.ctxt, dir, 0)
			_, nogo := err.(*build.NoGoError)
			return !nogo
		},
	}
}

// patternMatchers returns what a walk for the non-literal pattern m
// needs: whether an import path matches, whether a tree may hold
// matches, and the packages never matched (builtin, and runtime/cgo
// without cgo), to which the walk adds those it finds.
func (l *Loader) patternMatchers(m *search.Match) (match, treeCanMatch func(string) bool, have map[string]bool) {
	match = func(string) bool { return true }
	treeCanMatch = func(string) bool { return true }
	if !m.IsMeta() {
		match = search.MatchPattern(m.Pattern())
		treeCanMatch = search.TreeCanMatchPattern(m.Pattern())
	}
	have = map[string]bool{"builtin": true}
	if !l.st.ctxt.CgoEnabled {
		have["runtime/cgo"] = true
	}
	return match, treeCanMatch, have
}

// matchPackages expands a non-local pattern in GOPATH mode.
func (l *Loader) matchPackages(m *search.Match) {
	s := l.st
	m.Pkgs = []string{}
	if m.IsLiteral() {
		m.Pkgs = []string{m.Pattern()}
		return
	}
	pattern := m.Pattern()
	match, treeCanMatch, have := l.patternMatchers(m)
	w := l.walker()
	checks := l.checkAsync(w)
	roots := []string{s.gorootSrc}
	if pattern != "std" && pattern != "cmd" {
		for _, gp := range s.gopath {
			if gp != "" {
				roots = append(roots, filepath.Join(gp, "src"))
			}
		}
	}
	for _, src := range roots {
		root, prefix := src, ""
		tcm := treeCanMatch
		switch pattern {
		case "cmd":
			root, prefix = filepath.Join(src, "cmd"), "cmd"
		case "std":
			tcm = func(name string) bool { return search.IsStandardImportPath(name) && name != "cmd" }
		}
		before := len(m.Pkgs)
		w.WalkTree(m, root, prefix, match, tcm, false, have)
		m.Pkgs = append(m.Pkgs[:before], checks.keep(m.Pkgs[before:])...)
		if pattern == "cmd" {
			kept := m.Pkgs[:before]
			for _, name := range m.Pkgs[before:] {
				if strings.HasPrefix(name, "cmd/vendor") && l.dirPackageName(filepath.Join(s.gorootSrc, filepath.FromSlash(name))) == "main" {
					continue
				}
				kept = append(kept, name)
			}
			m.Pkgs = kept
		}
	}
}

func (l *Loader) dirPackageName(dir string) string {
	bp, _ := l.st.importDir(&l.st.ctxt, dir, 0)
	if bp == nil {
		return ""
	}
	return bp.Name
}

// matchDirs expands a local pattern to directories.
func (l *Loader) matchDirs(ctx context.Context, m *search.Match) {
	s := l.st
	m.Dirs = []string{}
	if m.IsLiteral() {
		m.Dirs = []string{m.Pattern()}
		return
	}
	clean := filepath.Clean(m.Pattern())
	isLocal := strings.HasPrefix(m.Pattern(), "./")
	prefix := ""
	if clean != "." && isLocal {
		prefix = "./"
		clean = "./" + clean
	}
	match := search.MatchPattern(filepath.ToSlash(clean))
	modRoot := ""
	i := strings.Index(clean, "...")
	dir, _ := filepath.Split(clean[:i])
	if s.modules && !l.localPrefixInModules(ctx, m) {
		return
	}
	if s.modules {
		var roots []string
		for _, mm := range l.cfg.Modules.MainModules() {
			roots = append(roots, mm.Dir)
		}
		if len(roots) > 0 {
			absDir := abs(l.cfg.Dir, dir)
			found := false
			for _, r := range roots {
				if r != "" && str.HasFilePathPrefix(absDir, r) {
					found = true
				}
			}
			if !found {
				plural := ""
				if len(roots) > 1 {
					plural = "s"
				}
				m.AddError(fmt.Errorf("directory %s is outside module root%s (%s)", absDir, plural, strings.Join(roots, ", ")))
			}
		}
	}
	var ignore *search.IgnorePatterns
	if s.modules {
		for _, mm := range l.cfg.Modules.MainModules() {
			if mm.Dir != "" && str.HasFilePathPrefix(abs(l.cfg.Dir, dir), mm.Dir) {
				modRoot = mm.Dir
				ignore = l.ignorePatterns(mm.GoMod)
			}
		}
	}
	trace := l.trace()
	walkRoot := dir
	if walkRoot == "" {
		walkRoot = "."
	}
	err := s.fs.WalkDir(abs(l.cfg.Dir, walkRoot), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if pe, ok := err.(*fs.PathError); ok && d == nil {
				// The walk's root: go walks the directory as written,
				// with a trailing separator.
				err = &fs.PathError{Op: "lstat", Path: withSeparator(dir), Err: pe.Err}
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, abs(l.cfg.Dir, walkRoot)), string(filepath.Separator))
		path := filepath.Join(walkRoot, rel)
		if filepath.IsAbs(dir) {
			path = p
		}
		top := rel == ""
		elem := filepath.Base(path)
		dot := strings.HasPrefix(elem, ".") && elem != "." && elem != ".."
		if !top && (dot || strings.HasPrefix(elem, "_") || elem == "testdata") {
			return filepath.SkipDir
		}
		if ignore != nil && str.HasFilePathPrefix(p, modRoot) && ignore.ShouldIgnore(strings.TrimPrefix(p[len(modRoot):], string(filepath.Separator))) {
			if trace != nil {
				trace("# ignoring directory " + p)
			}
			return filepath.SkipDir
		}
		if !top && s.modules {
			if fi, err := s.fs.Stat(filepath.Join(p, "go.mod")); err == nil && !fi.IsDir() {
				return filepath.SkipDir
			}
		}
		name := prefix + filepath.ToSlash(path)
		if !match(name) {
			return nil
		}
		if bp, err := s.importDir(&s.ctxt, p, 0); err != nil && (bp == nil || len(bp.InvalidGoFiles) == 0) {
			if _, nogo := err.(*build.NoGoError); nogo {
				return nil
			}
		}
		m.Dirs = append(m.Dirs, name)
		return nil
	})
	if err != nil {
		m.AddError(err)
	}
}

// localPrefixInModules checks, for a local wildcard pattern in module
// mode, that the directory it starts from lies in a main module, the
// standard library or a dependency in the module cache, so as not to
// walk unrelated trees; otherwise it records go's error in m.
func (l *Loader) localPrefixInModules(ctx context.Context, m *search.Match) bool {
	i := strings.Index(m.Pattern(), "...")
	if i < 0 {
		return true
	}
	absDir := abs(l.cfg.Dir, filepath.Dir(filepath.Clean(m.Pattern()[:i+3])))
	root := l.cfg.Modules.FindModuleRoot(absDir)
	for _, mm := range l.cfg.Modules.MainModules() {
		if mm.Dir != "" && mm.Dir == root {
			return true
		}
	}
	if str.HasFilePathPrefix(absDir, l.st.gorootSrc) || l.cfg.Modules.PathInModuleCache(ctx, absDir) != "" {
		return true
	}
	scope := "main module or its selected dependencies"
	if l.cfg.Modules.Mode() == modload.WorkspaceMode {
		scope = "modules listed in go.work or their selected dependencies"
	}
	m.AddError(fmt.Errorf("directory prefix %s does not contain %s", base.ShortPath(l.cfg.Dir, absDir), scope))
	return false
}

// withSeparator returns dir with a trailing path separator.
func withSeparator(dir string) string {
	if dir == "" || os.IsPathSeparator(dir[len(dir)-1]) {
		return dir
	}
	return dir + string(filepath.Separator)
}

// localDirError reports why a directory named on the command line is not
// a package, as go checks before mapping it to an import path: a missing
// directory or one without any Go file (even ignored ones). Other
// problems belong to loading the package and give nil here.
func (l *Loader) localDirError(absDir string) error {
	bp, err := l.st.ctxt.ImportDir(absDir, 0)
	if err == nil || (bp != nil && len(bp.IgnoredGoFiles) > 0) {
		return nil
	}
	if _, serr := l.st.fs.Stat(absDir); serr != nil {
		if os.IsNotExist(serr) {
			return &fs.PathError{Op: "stat", Path: absDir, Err: errDirectoryNotFound}
		}
		return serr
	}
	if _, nogo := err.(*build.NoGoError); nogo {
		return err
	}
	return nil
}

var errDirectoryNotFound = errors.New("directory not found")

// modDirsToPaths maps the directories of a local pattern to import
// paths in module mode.
// A directory that is not a package is an error of the pattern, unless
// there is no main module at all, which ends the command with go's
// error for that.
func (l *Loader) modDirsToPaths(ctx context.Context, m *search.Match) error {
	errBuiltin := errors.New(`"builtin" is a pseudo-package, not an importable package`)
	errGorootSrc := errors.New("GOROOT/src is not an importable package")
	m.Pkgs = []string{}
	for _, dir := range m.Dirs {
		absDir := abs(l.cfg.Dir, dir)
		if err := l.localDirError(absDir); err != nil {
			if !l.cfg.Modules.HasModRoot() {
				return l.cfg.Modules.MustHaveModRoot()
			}
			m.AddError(err)
			continue
		}
		var path string
		var err error
		inMain := false
		for _, mm := range l.cfg.Modules.MainModules() {
			if mm.Dir != "" && str.HasFilePathPrefix(absDir, mm.Dir) {
				inMain = true
			}
		}
		if !inMain && str.HasFilePathPrefix(absDir, l.st.gorootSrc) {
			rel := filepath.ToSlash(strings.TrimPrefix(absDir[len(l.st.gorootSrc):], string(filepath.Separator)))
			switch rel {
			case "":
				err = errGorootSrc
			case "builtin":
				err = errBuiltin
			default:
				path = rel
			}
		} else {
			path, _, err = l.cfg.Modules.DirImportPath(ctx, absDir)
		}
		if err != nil {
			if !m.IsLiteral() && (err == errBuiltin || err == errGorootSrc || err.Error() == errBuiltin.Error() || err.Error() == errGorootSrc.Error()) {
				continue
			}
			if !l.cfg.Modules.HasModRoot() {
				return l.cfg.Modules.MustHaveModRoot()
			}
			m.AddError(err)
			continue
		}
		m.Pkgs = append(m.Pkgs, path)
	}
	return nil
}

// modMatchPackages expands a non-local pattern in module mode.
func (l *Loader) modMatchPackages(ctx context.Context, m *search.Match) error {
	s := l.st
	m.Pkgs = []string{}
	pattern := m.Pattern()
	if m.IsLiteral() {
		m.Pkgs = []string{pattern}
		return nil
	}
	match, treeCanMatch, have := l.patternMatchers(m)
	w := &search.Walker{FS: s.fs, Warn: l.cfg.Warn, IsPackage: l.hasBuildableGoFiles, Ignore: map[string]*search.IgnorePatterns{}, Trace: l.trace(), Mounts: l.fipsMounts()}
	if pattern != "std" {
		w.IsPackage = l.skipFIPSMountPoint(w.IsPackage)
	}
	if pattern != "work" && pattern != "all" && pattern != "tool" {
		if pattern != "cmd" {
			w.WalkTree(m, s.gorootSrc, "", match, func(name string) bool {
				return treeCanMatch(name) && (pattern != "std" || search.IsStandardImportPath(name))
			}, true, have)
		}
		if pattern != "std" && treeCanMatch("cmd") {
			w.WalkTree(m, filepath.Join(s.gorootSrc, "cmd"), "cmd", match, treeCanMatch, true, have)
		}
	}
	if pattern == "tool" {
		// go takes the tools from a map, in no particular order: keep
		// the order of the tool directives.
		m.Pkgs = append(m.Pkgs, l.cfg.Modules.Tools()...)
		return nil
	}
	if pattern == "std" || pattern == "cmd" {
		sort.Strings(m.Pkgs)
		return nil
	}
	roots, err := l.cfg.Modules.PatternRoots(ctx)
	if err != nil && err != modload.ErrNotImplemented {
		return err
	}
	if err == modload.ErrNotImplemented {
		for _, mm := range l.cfg.Modules.MainModules() {
			roots = append(roots, modload.ModuleRoot{Module: &wire.Module{Path: mm.Path, Main: true, Dir: mm.Dir}, Dir: mm.Dir, Prefix: mm.Path})
		}
	}
	w.PruneVendor = true
	for _, r := range roots {
		if r.Module != nil && r.Module.GoMod != "" {
			w.Ignore[filepath.Clean(r.Dir)] = l.ignorePatterns(r.Module.GoMod)
		}
		main := r.Module != nil && r.Module.Main
		if (pattern == "work" || pattern == "all") && !main {
			continue
		}
		if r.Module != nil && !treeCanMatch(r.Module.Path) && !main {
			continue
		}
		w.WalkTree(m, r.Dir, r.Prefix, match, treeCanMatch, !r.Vendor, have)
	}
	sort.Strings(m.Pkgs)
	return nil
}

// hasBuildableGoFiles reports whether dir has a Go file (test files
// included) that the build constraints select.
func (l *Loader) hasBuildableGoFiles(dir, name string) bool {
	ents, err := l.st.fs.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		n := e.Name()
		if e.Mode()&fs.ModeSymlink != 0 {
			fi, err := l.st.fs.Stat(filepath.Join(dir, n))
			if err != nil {
				continue
			}
			e = fi
		}
		if !e.Mode().IsRegular() || strings.HasPrefix(n, "_") || strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".go") {
			continue
		}
		if ok, err := l.st.ctxt.MatchFile(dir, n); err != nil || ok && (l.st.ctxt.CgoEnabled || !l.importsC(filepath.Join(dir, n))) {
			return true
		}
	}
	return false
}

// importsC reports whether the Go file imports "C" (such files do not
// count when cgo is disabled).
func (l *Loader) importsC(file string) bool {
	src, err := l.st.fs.ReadFile(file)
	if err != nil {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
	if err != nil {
		return false
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"C"` {
			return true
		}
	}
	return false
}

// ignorePatterns returns the ignore directives of a go.mod file.
func (l *Loader) ignorePatterns(gomod string) *search.IgnorePatterns {
	if gomod == "" {
		return nil
	}
	_, _, ignore, ok := readModLines(gomod)
	if !ok || len(ignore) == 0 {
		return nil
	}
	return search.NewIgnorePatterns(ignore)
}

// trace returns the printer of -x trace lines, if -x is set.
func (l *Loader) trace() func(string) {
	if l.cfg.Flags == nil || !l.cfg.Flags.X || l.cfg.Warn == nil {
		return nil
	}
	return l.cfg.Warn
}

// expandAll computes the module-mode "all" pattern from the packages of
// the main modules and their tools: those packages, the packages they
// import, and the packages imported by the main modules' tests, sorted.
// Only imports written in the source count, not those that cgo or the
// linker add. When the main module's go version predates 1.16, "all"
// also closes over the tests of every package in it, as go does.
func (l *Loader) expandAll(ctx context.Context, mainPkgs []string) []string {
	closeOverTests := gover.Compare(l.cfg.Modules.GoVersion(), "1.16") < 0
	inMain := map[string]bool{}
	var stk importStack
	var queue []*Package
	for _, path := range mainPkgs {
		inMain[path] = true
		p, _ := l.loadImport(ctx, path, l.cfg.Dir, nil, &stk, nil, 0)
		queue = append(queue, p)
	}
	for _, path := range l.cfg.Modules.Tools() {
		p, _ := l.loadImport(ctx, path, l.cfg.Dir, nil, &stk, nil, 0)
		queue = append(queue, p)
	}
	seen := map[string]bool{}
	var out []string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p.ImportPath == "" || seen[p.ImportPath] {
			continue
		}
		seen[p.ImportPath] = true
		out = append(out, p.ImportPath)
		queue = append(queue, sourceImports(p)...)
		if p.Internal.Build == nil || !inMain[p.ImportPath] && !closeOverTests {
			continue
		}
		pb := p.Internal.Build
		stk.push(p.ImportPath+" (test)", nil)
		for _, path := range p.Internal.RawTestImports {
			q, _ := l.loadImport(ctx, path, p.Dir, p, &stk, pb.TestImportPos[path], resolveImport)
			queue = append(queue, q)
		}
		for _, path := range p.Internal.RawXTestImports {
			q, _ := l.loadImport(ctx, path, p.Dir, p, &stk, pb.XTestImportPos[path], resolveImport)
			queue = append(queue, q)
		}
		stk.pop()
	}
	sort.Strings(out)
	return out
}

// sourceImports returns the loaded imports of p that its source files
// name, leaving out those added for cgo and the linker, which come after
// them in Internal.Imports.
func sourceImports(p *Package) []*Package {
	n := 0
	for _, path := range p.Internal.RawImports {
		if path != "C" {
			n++
		}
	}
	return p.Internal.Imports[:min(n, len(p.Internal.Imports))]
}
