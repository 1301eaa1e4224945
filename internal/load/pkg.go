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

	"gocmd/internal/modload"
	"gocmd/internal/str"
	"gocmd/internal/wire"
)

// copyBuild fills p's public fields from what go/build found.
func (l *Loader) copyBuild(p *Package, bp *build.Package) {
	p.Internal.Build = bp
	p.Dir = bp.Dir
	p.ImportPath = bp.ImportPath
	p.ImportComment = bp.ImportComment
	p.Name = bp.Name
	p.Doc = bp.Doc
	p.Root = bp.Root
	p.ConflictDir = bp.ConflictDir
	p.BinaryOnly = bp.BinaryOnly
	p.Goroot = bp.Goroot
	p.Standard = p.Goroot && p.ImportPath != "" && isStandardPath(p.ImportPath)
	p.GoFiles = bp.GoFiles
	p.CgoFiles = bp.CgoFiles
	p.IgnoredGoFiles = bp.IgnoredGoFiles
	p.InvalidGoFiles = bp.InvalidGoFiles
	p.IgnoredOtherFiles = bp.IgnoredOtherFiles
	p.CFiles = bp.CFiles
	p.CXXFiles = bp.CXXFiles
	p.MFiles = bp.MFiles
	p.HFiles = bp.HFiles
	p.FFiles = bp.FFiles
	p.SFiles = bp.SFiles
	p.SwigFiles = bp.SwigFiles
	p.SwigCXXFiles = bp.SwigCXXFiles
	p.SysoFiles = bp.SysoFiles
	if l.cfg.Flags != nil && l.cfg.Flags.MSan {
		p.SysoFiles = nil
	}
	p.CgoCFLAGS = bp.CgoCFLAGS
	p.CgoCPPFLAGS = bp.CgoCPPFLAGS
	p.CgoCXXFLAGS = bp.CgoCXXFLAGS
	p.CgoFFLAGS = bp.CgoFFLAGS
	p.CgoLDFLAGS = bp.CgoLDFLAGS
	p.CgoPkgConfig = bp.CgoPkgConfig
	p.Imports = append([]string(nil), bp.Imports...)
	p.Internal.RawImports = bp.Imports
	p.TestGoFiles = bp.TestGoFiles
	p.TestImports = bp.TestImports
	p.XTestGoFiles = bp.XTestGoFiles
	p.XTestImports = bp.XTestImports
	p.Internal.RawTestImports = bp.TestImports
	p.Internal.RawXTestImports = bp.XTestImports
	if l.cfg.Find {
		p.Imports = nil
		p.Internal.RawImports = nil
		p.TestImports = nil
		p.XTestImports = nil
	}
	p.EmbedPatterns = bp.EmbedPatterns
	p.TestEmbedPatterns = bp.TestEmbedPatterns
	p.XTestEmbedPatterns = bp.XTestEmbedPatterns
	p.Internal.OrigImportPath = bp.ImportPath
}

// isStandardPath reports whether an import path looks like a standard
// library path (no dot in the first element).
func isStandardPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// installTarget says where a command is installed.
type installTarget int

const (
	toTool installTarget = iota
	toBin
)

func targetDir(p *Package) installTarget {
	if p.Goroot && strings.HasPrefix(p.ImportPath, "cmd/") && p.Name == "main" {
		switch p.ImportPath {
		case "cmd/go", "cmd/gofmt":
			return toBin
		}
		return toTool
	}
	return toBin
}

func (l *Loader) exeSuffix() string {
	if l.st.ctxt.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// DefaultExecName is the executable name for a main package: the last
// import path element (the one before a /vN element in module mode), or
// the first file's name for command-line files.
func (l *Loader) DefaultExecName(p *Package) string {
	if p.Internal.CmdlineFiles {
		var src string
		if len(p.GoFiles) > 0 {
			src = p.GoFiles[0]
		} else if len(p.CgoFiles) > 0 {
			src = p.CgoFiles[0]
		} else {
			return ""
		}
		return strings.TrimSuffix(filepath.Base(src), ".go")
	}
	elem := p.ImportPath[strings.LastIndex(p.ImportPath, "/")+1:]
	if l.st.modules && elem != p.ImportPath && isVersionElement(elem) {
		dir := p.ImportPath[:strings.LastIndex(p.ImportPath, "/")]
		elem = dir[strings.LastIndex(dir, "/")+1:]
	}
	return elem
}

func isVersionElement(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' || s[1] == '1' && len(s) == 2 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || '9' < s[i] {
			return false
		}
	}
	return true
}

var cgoExclude = map[string]bool{"runtime/cgo": true}

var cgoSyscallExclude = map[string]bool{
	"runtime/cgo": true, "runtime/race": true, "runtime/msan": true, "runtime/asan": true,
}

// load fills p from bp (and the error reading it), adds implicit
// imports, checks the package, and loads its imports recursively.
// stk holds the import stack without path.
func (l *Loader) load(ctx context.Context, p *Package, path string, stk *importStack, importPos []token.Position, bp *build.Package, err error) {
	s := l.st
	l.copyBuild(p, bp)
	if p.Internal.Local && !s.modules {
		p.Internal.LocalPrefix = dirToImportPath(p.Dir)
	}
	setError := func(err error) {
		if p.Error == nil {
			p.Error = &wire.PackageError{ImportStack: stk.copy(), Err: err}
			p.Incomplete = true
			if top, ok := stk.top(); ok && path != top.Pkg && len(importPos) > 0 {
				l.setPos(p.Error, importPos)
			}
		}
	}
	if err != nil {
		p.Incomplete = true
		l.setLoadPackageDataError(p, err, path, stk, importPos)
	}

	buildmode := l.buildmode()
	useBindir := p.Name == "main"
	if !p.Standard {
		switch buildmode {
		case "c-archive", "c-shared", "plugin":
			useBindir = false
		}
	}
	switch {
	case useBindir:
		if strings.HasPrefix(p.ImportPath, "code.google.com/p/go.tools/cmd/") {
			newPath := strings.Replace(p.ImportPath, "code.google.com/p/go.", "golang.org/x/", 1)
			setError(ImportErrorf(p.ImportPath, "the %v command has moved; use %v instead.", p.ImportPath, newPath))
			return
		}
		elem := l.DefaultExecName(p) + l.exeSuffix()
		full := filepath.Join(s.ctxt.GOOS+"_"+s.ctxt.GOARCH, elem)
		if s.ctxt.GOOS != runtime.GOOS || s.ctxt.GOARCH != runtime.GOARCH {
			elem = full
		}
		if bp.BinDir == "" && s.modules {
			bp.BinDir = l.modBinDir()
		}
		if bp.BinDir != "" {
			p.Target = filepath.Join(bp.BinDir, elem)
			if !p.Goroot && strings.Contains(elem, string(filepath.Separator)) && s.gobin != "" {
				p.Target = ""
			}
		}
		if targetDir(p) == toTool {
			p.Target = filepath.Join(s.goroot, "pkg", "tool", full)
		}
	case p.Internal.Local:
		p.Target = ""
	case p.Standard && s.ctxt.Compiler == "gccgo":
		p.Target = ""
	default:
		p.Target = bp.PkgObj
		if buildmode == "shared" && bp.PkgTargetRoot != "" {
			p.Target = filepath.Join(bp.PkgTargetRoot, p.ImportPath+".a")
		}
	}

	importPaths := p.Imports
	addImport := func(path string, forCompiler bool) {
		for _, q := range importPaths {
			if q == path {
				return
			}
		}
		importPaths = append(importPaths, path)
		if forCompiler {
			p.Internal.CompiledImports = append(p.Internal.CompiledImports, path)
		}
	}
	if !l.cfg.Find {
		usesCgo := len(p.CgoFiles) > 0
		usesSwig := len(p.SwigFiles)+len(p.SwigCXXFiles) > 0
		if usesCgo {
			addImport("unsafe", true)
		}
		if usesCgo && (!p.Standard || !cgoExclude[p.ImportPath]) && s.ctxt.Compiler != "gccgo" {
			addImport("runtime/cgo", true)
		}
		if usesCgo && (!p.Standard || !cgoSyscallExclude[p.ImportPath]) {
			addImport("syscall", true)
		}
		if usesSwig {
			addImport("unsafe", true)
			if s.ctxt.Compiler != "gccgo" {
				addImport("runtime/cgo", true)
			}
			addImport("syscall", true)
			addImport("sync", true)
		}
		if p.Name == "main" && !p.Internal.ForceLibrary {
			deps, err := l.linkerDeps(p)
			if err != nil {
				setError(err)
				return
			}
			for _, dep := range deps {
				addImport(dep, false)
			}
		}
	}

	fold := toFold(p.ImportPath)
	if other := l.foldPath[fold]; other == "" {
		l.foldPath[fold] = p.ImportPath
	} else if other != p.ImportPath {
		setError(ImportErrorf(p.ImportPath, "case-insensitive import collision: %q and %q", p.ImportPath, other))
		return
	}
	if !SafeArg(p.ImportPath) {
		setError(ImportErrorf(p.ImportPath, "invalid import path %q", p.ImportPath))
		return
	}

	stk.push(path, firstPos(importPos))
	defer stk.pop()

	pkgPath := p.ImportPath
	if p.Internal.CmdlineFiles {
		pkgPath = "command-line-arguments"
	}
	if s.modules && p.Module == nil && !p.Internal.CmdlineFiles {
		// Like go, files named on the command line belong to no module.
		p.Module = l.packageModule(ctx, pkgPath, p)
	}
	p.DefaultGODEBUG = l.defaultGODEBUG(p, nil, nil, nil)

	if len(p.EmbedPatterns) > 0 && !l.cfg.SuppressEmbedFiles {
		var err error
		p.EmbedFiles, p.Internal.Embed, err = l.resolveEmbed(p.Dir, p.EmbedPatterns)
		if err != nil {
			p.Incomplete = true
			setError(err)
			if ee, ok := err.(*EmbedError); ok {
				l.setPos(p.Error, bp.EmbedPatternPos[ee.Pattern])
			}
		}
	}

	inputs := allFiles(p)
	if f1, f2 := foldDup(inputs); f1 != "" {
		setError(fmt.Errorf("case-insensitive file name collision: %q and %q", f1, f2))
		return
	}
	for _, file := range inputs {
		if !SafeArg(file) || strings.HasPrefix(file, "_cgo_") {
			setError(fmt.Errorf("invalid input file name %q", file))
			return
		}
	}
	if name := p.ImportPath[strings.LastIndex(p.ImportPath, "/")+1:]; !SafeArg(name) {
		setError(fmt.Errorf("invalid input directory name %q", name))
		return
	}
	if strings.ContainsAny(p.Dir, "\r\n") {
		setError(fmt.Errorf("invalid package directory %q", p.Dir))
		return
	}

	imports := make([]*Package, 0, len(p.Imports))
	for i, path := range importPaths {
		if path == "C" {
			continue
		}
		p1, perr := l.loadImport(ctx, path, p.Dir, p, stk, bp.ImportPos[path], resolveImport)
		if perr != nil && p.Error == nil {
			p.Error = perr
			p.Incomplete = true
		}
		path = p1.ImportPath
		importPaths[i] = path
		if i < len(p.Imports) {
			p.Imports[i] = path
		}
		imports = append(imports, p1)
		if p1.Incomplete {
			p.Incomplete = true
		}
	}
	p.Internal.Imports = imports

	if !s.ctxt.CgoEnabled {
		p.CFiles = nil
		p.CXXFiles = nil
		p.MFiles = nil
		p.SwigFiles = nil
		p.SwigCXXFiles = nil
	}
	usesCgoOrSwig := len(p.CgoFiles)+len(p.SwigFiles)+len(p.SwigCXXFiles) > 0
	switch {
	case len(p.CFiles) > 0 && !usesCgoOrSwig && s.ctxt.Compiler == "gc":
		setError(fmt.Errorf("C source files not allowed when not using cgo or SWIG: %s", strings.Join(p.CFiles, " ")))
	case len(p.CXXFiles) > 0 && !usesCgoOrSwig:
		setError(fmt.Errorf("C++ source files not allowed when not using cgo or SWIG: %s", strings.Join(p.CXXFiles, " ")))
	case len(p.MFiles) > 0 && !usesCgoOrSwig:
		setError(fmt.Errorf("Objective-C source files not allowed when not using cgo or SWIG: %s", strings.Join(p.MFiles, " ")))
	case len(p.FFiles) > 0 && !usesCgoOrSwig:
		setError(fmt.Errorf("Fortran source files not allowed when not using cgo or SWIG: %s", strings.Join(p.FFiles, " ")))
	}
}

func (l *Loader) buildmode() string {
	if l.cfg.Flags != nil && l.cfg.Flags.Buildmode != "" {
		return l.cfg.Flags.Buildmode
	}
	return "default"
}

// linkerDeps returns the packages the linker adds to a main package.
func (l *Loader) linkerDeps(p *Package) ([]string, error) {
	s := l.st
	deps := []string{"runtime"}
	if what := l.externalLinkingReason(p); what != "" && s.ctxt.Compiler != "gccgo" {
		if !s.ctxt.CgoEnabled {
			return nil, fmt.Errorf("%s requires external (cgo) linking, but cgo is not enabled", what)
		}
		deps = append(deps, "runtime/cgo")
	}
	if s.ctxt.GOARCH == "arm" {
		deps = append(deps, "math")
	}
	if f := l.cfg.Flags; f != nil {
		if f.Race {
			deps = append(deps, "runtime/race")
		}
		if f.MSan {
			deps = append(deps, "runtime/msan")
		}
		if f.ASan {
			deps = append(deps, "runtime/asan")
		}
		if f.Cover {
			deps = append(deps, "runtime/coverage")
		}
	}
	return deps, nil
}

func (l *Loader) externalLinkingReason(p *Package) string {
	goos, goarch := l.st.ctxt.GOOS, l.st.ctxt.GOARCH
	if goos == "android" && goarch != "arm64" || goos == "ios" && goarch == "arm64" {
		return goos + "/" + goarch
	}
	switch bm := l.buildmode(); bm {
	case "c-shared":
		if goarch != "wasm" {
			return "-buildmode=" + bm
		}
	case "plugin":
		return "-buildmode=" + bm
	}
	if l.cfg.Flags != nil && l.cfg.Flags.Linkshared {
		return "-linkshared"
	}
	if l.buildmode() == "pie" && !internalLinkPIE(goos, goarch) {
		return "-buildmode=pie"
	}
	if l.cfg.Flags != nil {
		for _, v := range l.cfg.Flags.Ldflags.Values {
			_ = v // -linkmode=external in ldflags: decided per package by the builder
		}
		flags := l.ldflagsFor(p)
		for i := len(flags) - 1; i >= 0; i-- {
			a := flags[i]
			if a == "-linkmode=external" || a == "-linkmode" && i+1 < len(flags) && flags[i+1] == "external" {
				return a
			}
			if a == "-linkmode=internal" || a == "-linkmode" && i+1 < len(flags) && flags[i+1] == "internal" {
				return ""
			}
		}
	}
	return ""
}

// ldflagsFor returns the -ldflags that apply to p: the last plain value
// for command-line packages, overridden by later matching patterns.
func (l *Loader) ldflagsFor(p *Package) []string {
	var flags []string
	for _, v := range l.cfg.Flags.Ldflags.Values {
		if v.Pattern == "" {
			if p.Internal.CmdlinePkg {
				flags = v.Flags
			}
			continue
		}
		if l.MatchPackage(v.Pattern)(p) {
			flags = v.Flags
		}
	}
	return flags
}

func internalLinkPIE(goos, goarch string) bool {
	switch goos + "/" + goarch {
	case "android/arm64", "darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64",
		"linux/loong64", "linux/ppc64le", "windows/386", "windows/amd64", "windows/arm64":
		return true
	}
	return false
}

// allFiles lists every file of p that the build or checks consider.
func allFiles(p *Package) []string {
	files := str.StringList(p.GoFiles, p.CgoFiles, p.IgnoredGoFiles, p.IgnoredOtherFiles,
		p.CFiles, p.CXXFiles, p.MFiles, p.HFiles, p.FFiles, p.SFiles, p.SwigFiles,
		p.SwigCXXFiles, p.SysoFiles, p.TestGoFiles, p.XTestGoFiles)
	var have map[string]bool
	for _, f := range p.EmbedFiles {
		if !strings.Contains(f, "/") {
			if have == nil {
				have = map[string]bool{}
				for _, g := range files {
					have[g] = true
				}
			}
			if have[f] {
				continue
			}
		}
		files = append(files, f)
	}
	return files
}

// disallowInternal enforces the internal package rule.
func (l *Loader) disallowInternal(ctx context.Context, srcDir string, importer *Package, importerPath string, p *Package, stk *importStack) *wire.PackageError {
	if p.Error != nil {
		return nil
	}
	if str.HasPathPrefix(p.ImportPath, "testing/internal") && importerPath == "testmain" {
		return nil
	}
	if l.st.ctxt.Compiler == "gccgo" && p.Standard {
		return nil
	}
	if p.Standard && strings.HasPrefix(importerPath, "bootstrap/") {
		return nil
	}
	if importerPath == "" {
		return nil
	}
	i, ok := findInternal(p.ImportPath)
	if !ok {
		return nil
	}
	if i > 0 {
		i--
	}
	allowed := false
	switch {
	case str.HasPathPrefix(importerPath, "crypto") && str.HasPathPrefix(p.ImportPath, "crypto/internal/fips140"):
		return nil
	case str.HasPathPrefix(importerPath, "crypto/internal/fips140"):
		allowed = str.HasPathPrefix(p.ImportPath, "crypto/internal")
	case p.Module == nil:
		parent := p.Dir[:i+len(p.Dir)-len(p.ImportPath)]
		allowed = str.HasFilePathPrefix(filepath.Clean(srcDir), filepath.Clean(parent)) ||
			str.HasFilePathPrefix(filepath.Clean(expandPath(srcDir)), filepath.Clean(expandPath(parent)))
	default:
		if importer != nil && importer.Internal.CmdlineFiles && l.cfg.Modules != nil {
			importerPath = l.cfg.Modules.MainDirImportPath(importer.Dir)
		}
		allowed = str.HasPathPrefix(importerPath, p.ImportPath[:i])
	}
	if allowed {
		return nil
	}
	return &wire.PackageError{
		AlwaysPrintStack: true,
		ImportStack:      stk.copy(),
		Err:              ImportErrorf(p.ImportPath, "use of internal package %s not allowed", p.ImportPath),
	}
}

// isDir is a cached fsys IsDir.
func (l *Loader) isDir(dir string) bool {
	return l.dirs.Do(dir, func() bool { return l.st.fs.IsDir(dir) })
}

func expandPath(p string) string {
	x, err := filepath.EvalSymlinks(p)
	if err != nil {
		return p
	}
	return x
}

func findInternal(path string) (int, bool) {
	switch {
	case strings.HasSuffix(path, "/internal"):
		return len(path) - len("internal"), true
	case strings.Contains(path, "/internal/"):
		return strings.LastIndex(path, "/internal/") + 1, true
	case path == "internal", strings.HasPrefix(path, "internal/"):
		return 0, true
	}
	return 0, false
}

// FindVendor returns the index of the last non-final "vendor" element.
func FindVendor(path string) (int, bool) {
	switch {
	case strings.Contains(path, "/vendor/"):
		return strings.LastIndex(path, "/vendor/") + 1, true
	case strings.HasPrefix(path, "vendor/"):
		return 0, true
	}
	return 0, false
}

func disallowVendor(srcDir, path, importerPath string, p *Package, stk *importStack) *wire.PackageError {
	if importerPath == "" {
		return nil
	}
	if perr := disallowVendorVisibility(srcDir, p, importerPath, stk); perr != nil {
		return perr
	}
	if i, ok := FindVendor(path); ok {
		return &wire.PackageError{
			ImportStack: stk.copy(),
			Err:         ImportErrorf(path, "%s must be imported as %s", path, path[i+len("vendor/"):]),
		}
	}
	return nil
}

func disallowVendorVisibility(srcDir string, p *Package, importerPath string, stk *importStack) *wire.PackageError {
	i, ok := FindVendor(p.ImportPath)
	if !ok {
		return nil
	}
	if i > 0 {
		i--
	}
	cut := i + len(p.Dir) - len(p.ImportPath)
	if cut < 0 || len(p.Dir) < cut {
		return nil
	}
	parent := p.Dir[:cut]
	if str.HasFilePathPrefix(filepath.Clean(srcDir), filepath.Clean(parent)) ||
		str.HasFilePathPrefix(filepath.Clean(expandPath(srcDir)), filepath.Clean(expandPath(parent))) {
		return nil
	}
	return &wire.PackageError{ImportStack: stk.copy(), Err: fmt.Errorf("use of vendored package not allowed")}
}

// vendoredImportPath expands path to the closest parent/vendor/path
// visible from the importing directory (GOPATH mode).
func (l *Loader) vendoredImportPath(path, parentPath, parentDir, parentRoot string) string {
	if parentRoot == "" {
		return path
	}
	dir := filepath.Clean(parentDir)
	root := filepath.Join(parentRoot, "src")
	if !str.HasFilePathPrefix(dir, root) || len(dir) <= len(root) || dir[len(root)] != filepath.Separator {
		dir, root = expandPath(dir), expandPath(root)
		if !str.HasFilePathPrefix(dir, root) || len(dir) <= len(root) {
			return path
		}
	}
	vpath := "vendor/" + path
	for i := len(dir); i >= len(root); i-- {
		if i < len(dir) && dir[i] != filepath.Separator {
			continue
		}
		if !l.isDir(filepath.Join(dir[:i], "vendor")) {
			continue
		}
		targ := filepath.Join(dir[:i], vpath)
		if l.isDir(targ) && l.hasGoFiles(targ) {
			importPath := parentPath
			if importPath == "command-line-arguments" {
				importPath = dir[len(root)+1:]
			}
			chopped := len(dir) - i
			if chopped == len(importPath)+1 {
				return vpath
			}
			return importPath[:len(importPath)-chopped] + "/" + vpath
		}
	}
	return path
}

func (l *Loader) hasGoFiles(dir string) bool {
	return l.goDirs.Do(dir, func() bool { return l.readHasGoFiles(dir) })
}

func (l *Loader) readHasGoFiles(dir string) bool {
	ents, _ := l.readDirShared(dir)
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			return true
		}
	}
	return false
}

// lookupModule resolves an import in module mode: standard packages
// (with std's and cmd's vendor directories) here, the rest by modload.
func (l *Loader) lookupModule(ctx context.Context, parentPath string, parentIsStd bool, path string) resolvedImport {
	s := l.st
	if newPath, dir, ok := s.fips.ResolveImport(path); ok {
		return resolvedImport{path: newPath, dir: dir}
	}
	if parentIsStd {
		path = l.stdVendor(parentPath, path)
	}
	if isStandardPath(path) && !build.IsLocalImport(path) && !filepath.IsAbs(path) {
		dir := filepath.Join(s.gorootSrc, filepath.FromSlash(path))
		if l.hasGoFiles(dir) {
			if err := l.cfg.Modules.CheckStdImport(ctx, path, dir); err != nil {
				return resolvedImport{path: path, err: err}
			}
			return resolvedImport{path: path, dir: dir}
		}
	}
	if path == "C" || path == "unsafe" {
		return resolvedImport{path: path, dir: filepath.Join(s.gorootSrc, path)}
	}
	if parentPath != "" && isAppengineImport(path) {
		// go's module loader never looks these legacy imports up.
		return resolvedImport{path: path, err: errors.New("cannot find package")}
	}
	res, err := l.cfg.Modules.Import(ctx, path)
	if err != nil {
		if err == modload.ErrNotImplemented && isStandardPath(path) {
			err = ImportErrorf(path, "package %s is not in std (%s)", path, filepath.Join(s.gorootSrc, path))
		}
		return resolvedImport{path: path, err: err}
	}
	r := resolvedImport{path: path, dir: res.Dir, module: res.Module}
	if res.Module != nil {
		r.root = res.Module.Dir
	}
	return r
}

// isAppengineImport reports whether path is one of the old App Engine
// imports (appengine, appengine_internal and below) that predate module
// paths.
func isAppengineImport(path string) bool {
	for _, p := range []string{"appengine", "appengine_internal"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// stdVendor maps an import from a standard package to its copy in
// GOROOT/src/vendor (or GOROOT/src/cmd/vendor for cmd packages).
func (l *Loader) stdVendor(parentPath, path string) string {
	if isStandardPath(path) {
		return path
	}
	vp := "vendor/" + path
	if str.HasPathPrefix(parentPath, "cmd") {
		vp = "cmd/vendor/" + path
	}
	if l.isDir(filepath.Join(l.st.gorootSrc, filepath.FromSlash(vp))) {
		return vp
	}
	return path
}

// packageModule returns the module of a package loaded from a directory
// (command-line packages in module mode).
func (l *Loader) packageModule(ctx context.Context, path string, p *Package) *wire.Module {
	if p.Standard || l.cfg.Modules == nil || p.Dir == "" || path == "command-line-arguments" {
		// Files named on the command line belong to no module.
		return nil
	}
	_, m, err := l.cfg.Modules.DirImportPath(ctx, p.Dir)
	if err != nil {
		return nil
	}
	return m
}
