package load

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"go/token"
	"path/filepath"
	"runtime"
	"strings"

	"gocmd/internal/fips140"
	"gocmd/internal/fsys"
	"gocmd/internal/imports"
	"gocmd/internal/modload"
	"gocmd/internal/par"
	"gocmd/internal/wire"
)

// Load modes for loadImport.
const (
	// resolveImport: the path comes from source and needs vendor (or
	// std-vendor) expansion.
	resolveImport = 1 << iota
	cmdlinePkg
	cmdlinePkgLiteral
)

// state is what a Loader computes once, on first use.
type state struct {
	err       error
	fs        *fsys.FS
	ctxt      build.Context // GOPATH mode, and module mode for GOROOT
	ctxtMod   build.Context // module mode: GOPATH cleared
	goroot    string
	gorootSrc string
	gopath    []string
	gobin     string
	modules   bool
	index     *imports.Index // directory index in GOCACHE (nil: none)
	fips      fips140.Mode   // GOFIPS140; a snapshot replaces crypto/internal/fips140
}

type importKey struct {
	path, parentPath, parentDir, parentRoot string
	parentIsStd                             bool
	mode                                    int
}

type resolvedImport struct {
	path, dir string
	module    *wire.Module
	root      string // module root, to override Root
	err       error
}

type pkgData struct {
	bp  *build.Package
	err error
}

func (l *Loader) init() *state {
	l.once.Do(func() {
		s := &state{}
		l.st = s
		cfg := l.cfg
		var flags BuildFlagsView
		overlay := ""
		if cfg.Flags != nil {
			flags = BuildFlagsView{Tags: cfg.Flags.Tags, Compiler: cfg.Flags.Compiler,
				InstallSuffix: cfg.Flags.InstallSuffix, Race: cfg.Flags.Race, MSan: cfg.Flags.MSan, ASan: cfg.Flags.ASan}
			overlay = cfg.Flags.Overlay
		}
		if cfg.Modules != nil && cfg.Modules.Mode() != modload.GOPATHMode {
			s.fs = cfg.Modules.FS()
		} else if s.fs, s.err = fsys.LoadTracedOverlay(overlay, cfg.Dir, cfg.Env.FSTracer()); s.err != nil {
			return
		}
		s.ctxt, s.err = BuildContext(cfg.Env, flags, s.fs)
		if s.err != nil {
			return
		}
		if s.fips, s.err = l.openFIPS(&s.ctxt); s.err != nil {
			return
		}
		s.goroot = s.ctxt.GOROOT
		s.gorootSrc = filepath.Join(s.goroot, "src")
		s.gopath = filepath.SplitList(s.ctxt.GOPATH)
		s.gobin = cfg.Env.Get("GOBIN")
		s.index = l.newDirIndex(cfg.Env, overlay)
		s.modules = cfg.Modules != nil && cfg.Modules.Mode() != modload.GOPATHMode
		s.ctxtMod = s.ctxt
		s.ctxtMod.GOPATH = ""
		l.packages = map[string]*Package{}
		l.foldPath = map[string]string{}
		l.queue = par.NewQueue(runtime.GOMAXPROCS(0))
	})
	return l.st
}

// Context returns the build context in effect (after the first load).
func (l *Loader) Context() build.Context { return l.init().ctxt }

// FS returns the overlay-aware file system view.
func (l *Loader) FS() *fsys.FS { return l.init().fs }

// loadImport loads the package at path as imported from srcDir by
// parent (nil for command-line packages). stk is the import stack not
// including path. The PackageError, if any, says why parent may not
// import the package.
func (l *Loader) loadImport(ctx context.Context, path, srcDir string, parent *Package, stk *importStack, importPos []token.Position, mode int) (*Package, *wire.PackageError) {
	s := l.st
	var parentPath, parentRoot string
	parentIsStd := false
	if parent != nil {
		parentPath, parentRoot, parentIsStd = parent.ImportPath, parent.Root, parent.Standard
	}
	r, data, fresh := l.loadPackageData(ctx, path, parentPath, srcDir, parentRoot, parentIsStd, mode)
	if fresh && data.bp != nil && !l.cfg.Find {
		l.preloadImports(ctx, data.bp)
	}
	if data.bp == nil {
		p := &Package{}
		p.ImportPath = path
		p.Incomplete = true
		if ie, ok := data.err.(ImportPathError); !ok || ie.ImportPath() != path {
			stk.push(path, firstPos(importPos))
			defer stk.pop()
		}
		l.setLoadPackageDataError(p, l.withImporter(data.err, parent, stk), path, stk, nil)
		return p, nil
	}
	importPath := r.path
	p := l.packages[importPath]
	if p != nil {
		stk.push(path, firstPos(importPos))
		reusePackage(p, stk)
		stk.pop()
	} else {
		p = &Package{}
		p.Internal.Local = build.IsLocalImport(path)
		p.ImportPath = importPath
		l.packages[importPath] = p
		if mode&cmdlinePkg != 0 {
			p.Internal.CmdlinePkg = true
		}
		if mode&cmdlinePkgLiteral != 0 {
			p.Internal.CmdlinePkgLiteral = true
		}
		p.Module = r.module
		l.load(ctx, p, path, stk, importPos, data.bp, l.withImporter(data.err, parent, stk))
		if !s.modules && path != cleanImport(path) {
			p.Error = &wire.PackageError{
				ImportStack: stk.copy(),
				Err:         ImportErrorf(path, "non-canonical import path %q: should be %q", path, cleanPath(path)),
			}
			p.Incomplete = true
			l.setPos(p.Error, importPos)
		}
	}
	if mode&cmdlinePkg != 0 {
		p.Internal.CmdlinePkg = true
	}
	if mode&cmdlinePkgLiteral != 0 {
		p.Internal.CmdlinePkgLiteral = true
	}
	if perr := l.disallowInternal(ctx, srcDir, parent, parentPath, p, stk); perr != nil {
		l.setPos(perr, importPos)
		return p, perr
	}
	if mode&resolveImport != 0 {
		if perr := disallowVendor(srcDir, path, parentPath, p, stk); perr != nil {
			l.setPos(perr, importPos)
			return p, perr
		}
	}
	if p.Name == "main" && parent != nil && parent.Dir != p.Dir {
		perr := &wire.PackageError{ImportStack: stk.copy(), Err: ImportErrorf(path, "import %q is a program, not an importable package", path)}
		l.setPos(perr, importPos)
		return p, perr
	}
	if p.Internal.Local && parent != nil && !parent.Internal.Local {
		var err error
		if path == "." {
			err = ImportErrorf(path, "%s: cannot import current directory", path)
		} else {
			err = ImportErrorf(path, "local import %q in non-local package", path)
		}
		perr := &wire.PackageError{ImportStack: stk.copy(), Err: err}
		l.setPos(perr, importPos)
		return p, perr
	}
	return p, nil
}

func cleanImport(path string) string {
	orig := path
	path = cleanPath(path)
	if strings.HasPrefix(orig, "./") && path != ".." && !strings.HasPrefix(path, "../") {
		path = "./" + path
	}
	return path
}

func cleanPath(p string) string {
	return filepath.ToSlash(filepath.Clean(filepath.FromSlash(p)))
}

// reusePackage records an import cycle if p is still being loaded, and
// keeps the shortest import stack on p's error.
func reusePackage(p *Package, stk *importStack) {
	if p.Internal.Imports == nil {
		if p.Error == nil {
			p.Error = &wire.PackageError{ImportStack: stk.copy(), Err: errors.New("import cycle not allowed"), IsImportCycle: true}
		} else if !p.Error.IsImportCycle {
			p.Error.IsImportCycle = true
		}
		p.Incomplete = true
	}
	if p.Error != nil && p.Error.ImportStack != nil && !p.Error.IsImportCycle && stk.shorterThan(p.Error.ImportStack) {
		p.Error.ImportStack = stk.copy()
	}
}

// loadPackageData resolves path and reads its directory; both steps
// are cached, so preloading goroutines and the graph walk share them.
func (l *Loader) loadPackageData(ctx context.Context, path, parentPath, parentDir, parentRoot string, parentIsStd bool, mode int) (resolvedImport, pkgData, bool) {
	if strings.HasPrefix(path, "mod/") {
		return resolvedImport{path: path}, pkgData{err: fmt.Errorf("disallowed import path %q", path)}, false
	}
	if strings.Contains(path, "@") {
		return resolvedImport{path: path}, pkgData{err: errors.New("can only use path@version syntax with 'go get' and 'go install' in module-aware mode")}, false
	}
	key := importKey{path, parentPath, parentDir, parentRoot, parentIsStd, mode}
	r := l.resolved.Do(key, func() resolvedImport { return l.resolve(ctx, key) })
	fresh := false
	data := l.data.Do(r.path, func() pkgData {
		fresh = true
		return l.readPackage(ctx, path, parentDir, mode, r)
	})
	return r, data, fresh
}

// resolve finds the canonical import path (vendor-expanded) and, where
// known, the directory of an import.
func (l *Loader) resolve(ctx context.Context, k importKey) resolvedImport {
	s := l.st
	var r resolvedImport
	if newPath, dir, ok := s.fips.ResolveImport(k.path); ok {
		return resolvedImport{path: newPath, dir: dir}
	}
	switch {
	case s.modules:
		r = l.lookupModule(ctx, k.parentPath, k.parentIsStd, k.path)
	case build.IsLocalImport(k.path):
		r.dir = filepath.Join(k.parentDir, k.path)
		r.path = dirToImportPath(r.dir)
	case k.mode&resolveImport != 0:
		r.path = l.vendoredImportPath(k.path, k.parentPath, k.parentDir, k.parentRoot)
		if r.path == k.path {
			r.path = l.moduleImportPath(k.path, k.parentPath, k.parentDir, k.parentRoot)
		}
	}
	if r.path == "" {
		r.path = k.path
	}
	return r
}

// readPackage reads the package directory for a resolved import.
func (l *Loader) readPackage(ctx context.Context, path, parentDir string, mode int, r resolvedImport) pkgData {
	s := l.st
	var d pkgData
	switch {
	case r.dir != "":
		if s.modules {
			d.bp, d.err = s.importDir(&s.ctxtMod, r.dir, 0)
			if r.root != "" {
				d.bp.Root = r.root
			}
		} else {
			d.bp, d.err = s.importDir(&s.ctxt, r.dir, build.ImportComment)
		}
		if r.err != nil && d.err == nil && !errors.Is(r.err, errNoGo) {
			d.err = r.err
		}
	case r.err != nil:
		d.bp = new(build.Package)
		d.err = r.err
	case s.modules && path != "unsafe":
		d.bp = new(build.Package)
		d.err = fmt.Errorf("unknown import path %q: internal error: module loader did not resolve import", r.path)
	default:
		bm := build.ImportComment
		if mode&resolveImport == 0 || r.path != path {
			bm |= build.IgnoreVendor
		}
		d.bp, d.err = s.importPath(&s.ctxt, r.path, parentDir, bm)
	}
	d.bp.ImportPath = r.path
	if !d.bp.Goroot {
		if s.gobin != "" {
			d.bp.BinDir = s.gobin
		} else if s.modules {
			d.bp.BinDir = l.modBinDir()
		}
	}
	if s.fips.InSnapshot(d.bp.Dir) {
		// The snapshot lives in the module cache but stands for
		// GOROOT's crypto/internal/fips140: standard library.
		d.bp.Goroot = true
	}
	if !s.modules && d.err == nil && d.bp.ImportComment != "" && d.bp.ImportComment != path &&
		!strings.Contains(path, "/vendor/") && !strings.HasPrefix(path, "vendor/") {
		d.err = fmt.Errorf("code in directory %s expects import %q", d.bp.Dir, d.bp.ImportComment)
	}
	return d
}

var errNoGo = errors.New("no Go source files")

func (l *Loader) modBinDir() string {
	if l.st.gobin != "" {
		return l.st.gobin
	}
	if len(l.st.gopath) == 0 || l.st.gopath[0] == "" {
		return ""
	}
	return filepath.Join(l.st.gopath[0], "bin")
}

// preloadImports starts reading the directories of bp's imports in the
// background, so that the sequential graph walk finds them ready.
func (l *Loader) preloadImports(ctx context.Context, bp *build.Package) {
	parent := &Package{}
	parent.ImportPath, parent.Dir, parent.Root = bp.ImportPath, bp.Dir, bp.Root
	parent.Standard = bp.Goroot && isStandardPath(bp.ImportPath)
	for _, path := range bp.Imports {
		if path == "C" || path == "unsafe" {
			continue
		}
		path := path
		l.queue.Add(func() {
			_, data, fresh := l.loadPackageData(ctx, path, parent.ImportPath, parent.Dir, parent.Root, parent.Standard, resolveImport)
			if fresh && data.bp != nil {
				l.preloadImports(ctx, data.bp)
			}
		})
	}
}

// preloadPath starts loading a command-line package in the background.
func (l *Loader) preloadPath(ctx context.Context, path, srcDir string, mode int) {
	l.queue.Add(func() {
		_, data, fresh := l.loadPackageData(ctx, path, "", srcDir, "", false, mode)
		if fresh && data.bp != nil && !l.cfg.Find {
			l.preloadImports(ctx, data.bp)
		}
	})
}
