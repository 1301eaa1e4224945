package get

import (
	"errors"
	"go/build"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gocmd/internal/modload"
	"gocmd/internal/search"
)

// walker follows the imports of packages through the current build list.
type walker struct {
	g       *getter
	seen    map[string]bool
	missing map[string]bool
	rootPkg map[string]bool
	all     bool // loading "all": tests of main packages count too
	// strict loads with the build tags in effect and records import
	// stacks; otherwise every file counts (as go does to find modules).
	strict bool
	parent map[string]string // first importer of each package
	testOf map[string]bool   // imported by the test of a root package
	// errs records packages that could not be loaded, by import path.
	errs map[string]error
	// ms, if set, resolves imports instead of the getter's state: the
	// workspace the main module belongs to, for the final check.
	ms *modload.State
}

// state returns the module state imports are resolved in.
func (w *walker) state() *modload.State {
	if w.ms != nil {
		return w.ms
	}
	return w.g.ms
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func (w *walker) walkFrom(path, from string, viaTest bool) {
	if w.parent == nil {
		w.parent = map[string]string{}
		w.testOf = map[string]bool{}
	}
	if _, ok := w.parent[path]; !ok && !w.seen[path] {
		w.parent[path] = from
		w.testOf[path] = viaTest
	}
	w.walk(path, false)
}

// stack returns go's import stack text for path: "a imports\n\tb".
func (w *walker) stack(path string) string {
	var chain []string
	for p := path; p != ""; p = w.parent[p] {
		chain = append(chain, p)
		if len(chain) > 100 {
			break
		}
	}
	var b strings.Builder
	for i := len(chain) - 1; i >= 0; i-- {
		p := chain[i]
		if i == len(chain)-1 {
			b.WriteString(p)
			if i > 0 && w.testOf[chain[i-1]] {
				b.WriteString(" tested by\n\t" + p + ".test")
			}
		} else {
			b.WriteString(p)
		}
		if i > 0 {
			b.WriteString(" imports\n\t")
		}
	}
	return b.String()
}

func (w *walker) walk(path string, root bool) {
	if w.rootPkg == nil {
		w.rootPkg = map[string]bool{}
	}
	if root {
		w.rootPkg[path] = true
	}
	if w.seen[path] || path == "C" || path == "unsafe" {
		return
	}
	w.seen[path] = true
	if isStd(path) {
		if _, err := os.Stat(filepath.Join(w.g.inv.Env.GOROOT(), "src", path)); err == nil {
			return
		}
	}
	res, err := w.state().Import(w.g.ctx, path)
	if err != nil {
		var miss *modload.ImportMissingError
		if errors.As(err, &miss) {
			if !isStd(path) && (w.ms != nil || !w.g.inWorkspaceModule(path)) {
				w.missing[path] = true
			}
			return
		}
		if w.errs == nil {
			w.errs = map[string]error{}
		}
		w.errs[path] = err
		return
	}
	mp := ""
	if res.Module != nil {
		mp = res.Module.Path
	}
	w.g.pkgMod[path] = mp
	bctx := w.g.bctx
	if !w.strict {
		bctx.UseAllFiles = true
	}
	bp, err := bctx.ImportDir(res.Dir, 0)
	if bp == nil || (err != nil && len(bp.GoFiles)+len(bp.CgoFiles)+len(bp.TestGoFiles)+len(bp.XTestGoFiles) == 0) {
		return
	}
	if err != nil && !isNoGo(err) {
		var mp *build.MultiplePackageError
		if w.strict || !errors.As(err, &mp) {
			return
		}
	}
	inMain := mp != "" && w.state().IsMain(mp)
	if w.g.pkgEdges != nil {
		w.g.pkgEdges[path] = append(w.g.pkgEdges[path], bp.Imports...)
		if inMain && (root && w.g.flags.T || w.all) {
			w.g.pkgEdges[path] = append(append(w.g.pkgEdges[path], bp.TestImports...), bp.XTestImports...)
		}
	}
	for _, imp := range bp.Imports {
		if inMain {
			w.g.directImport(imp)
		}
		w.walkFrom(imp, path, false)
	}
	if (root && w.g.flags.T) || (w.all && inMain) {
		for _, imp := range append(append([]string(nil), bp.TestImports...), bp.XTestImports...) {
			if inMain {
				w.g.directImport(imp)
			}
			w.walkFrom(imp, path, root)
		}
	}
}

// directImport notes an import from a main-module package.
func (g *getter) directImport(imp string) {
	if g.directPkg == nil {
		g.directPkg = map[string]bool{}
	}
	g.directPkg[imp] = true
}

// mainPackages lists the packages of the main modules.
func (w *walker) mainPackages() []string {
	var pkgs []string
	for _, mm := range w.g.ms.MainModules() {
		pkgs = append(pkgs, walkPackages(mm.Dir, mm.Path, func(string) bool { return true })...)
	}
	return pkgs
}

// matchLocal expands a ./... style pattern or an import path pattern
// inside the main modules.
func (w *walker) matchLocal(pattern string) []string {
	var pkgs []string
	for _, mm := range w.g.ms.MainModules() {
		if search.IsRelativePath(pattern) || filepath.IsAbs(pattern) {
			dir := pattern
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(w.g.inv.Dir, dir)
			}
			dir = filepath.Clean(strings.TrimSuffix(dir, "..."))
			rel, err := filepath.Rel(mm.Dir, dir)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			prefix := mm.Path
			if rel != "." {
				prefix += "/" + filepath.ToSlash(rel)
			}
			pkgs = append(pkgs, walkPackages(mm.Dir, mm.Path, search.MatchPattern(prefix+"/..."))...)
			for _, p := range walkPackages(mm.Dir, mm.Path, func(s string) bool { return s == prefix }) {
				pkgs = append(pkgs, p)
			}
			continue
		}
		pkgs = append(pkgs, walkPackages(mm.Dir, mm.Path, search.MatchPattern(pattern))...)
	}
	sort.Strings(pkgs)
	return dedup(pkgs)
}

func dedup(list []string) []string {
	var out []string
	for i, s := range list {
		if i == 0 || list[i-1] != s {
			out = append(out, s)
		}
	}
	return out
}

// walkPackages lists the directories with Go files under root (not
// entering nested modules, testdata, vendor, or . and _ names) whose
// import paths match.
func walkPackages(root, modPath string, match func(string) bool) []string {
	var pkgs []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if rel != "." {
			name := d.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		ip := modPath
		if rel != "." {
			ip = modPath + "/" + filepath.ToSlash(rel)
		}
		if match(ip) && hasGoFiles(p) {
			pkgs = append(pkgs, ip)
		}
		return nil
	})
	return pkgs
}

func isNoGo(err error) bool {
	var ng *build.NoGoError
	return errors.As(err, &ng)
}
