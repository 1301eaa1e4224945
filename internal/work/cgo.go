package work

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gocmd/internal/load"
	"gocmd/internal/str"
	"gocmd/internal/tool"
)

// A package using cgo (or SWIG) is built by several actions, as go
// builds it, so that -n prints the same script:
//
//	build check cache   decides whether the build is needed at all
//	cgo run             runs pkg-config and the cgo tool
//	cgo compile FILE    one per C, C++, Objective-C, Fortran or .S
//	                    file (the generated ones first): FILE -> _xNNN.o
//	collect cgo         joins the compiles
//	build               links the objects to learn the dynamic imports
//	                    (_cgo_import.go), compiles the Go files and
//	                    packs everything
//
// cgoState is what these actions share.
type cgoState struct {
	build *Action // the package's build action (until installAction)
	check *Action

	skip     bool      // the build is up to date, or not needed (go list)
	hdrOnly  bool      // up to date, but cgo must run again for the header
	flags    *cgoFlags // the flags the cgo run settled on
	compiles []*Action // in the order of their objects
	// nonGoOverlay maps the package's C, assembly, C++, header and
	// Fortran files to their copies in the object directory when
	// -overlay replaces any of them (nil otherwise), so that the C
	// compilers see the replaced files next to the others.
	nonGoOverlay map[string]string
}

// buildAction returns the package's build action, which installAction
// may have moved behind an install.
func (st *cgoState) buildAction() *Action {
	if st.build.Mode == "build-install" {
		return st.build.Deps[0]
	}
	return st.build
}

// cgoFlags are the flags the cgo run computed for the compiles and the
// link.
type cgoFlags struct {
	cflags, cxxflags, fflags, ldflags []string
	// preferExtLink: some C flag may not work with internal linking.
	preferExtLink bool
	gofiles       []string // the Go files cgo wrote
}

// usesCgo reports whether p is built with cgo or SWIG.
func usesCgo(p *load.Package) bool {
	return len(p.CgoFiles)+len(p.SwigFiles)+len(p.SwigCXXFiles) > 0
}

// addCgoActions adds to the build action a of a cgo package the actions
// that run cgo and the C compilers before it.
func (b *Builder) addCgoActions(a *Action) {
	p := a.Package
	objdir := a.Objdir
	st := &cgoState{build: a}
	a.cgo = st
	st.check = &Action{Mode: "build check cache", Package: p, Actor: (*Builder).cgoCheckCache,
		Objdir: objdir, Deps: slices.Clone(a.Deps), cgo: st}
	run := &Action{Mode: "cgo run", Package: p, Actor: (*Builder).cgoRun, Objdir: objdir,
		Deps: []*Action{st.check}, cgo: st}

	compile := func(file string, lang string) {
		c := &Action{
			Mode:    "cgo compile " + file,
			Package: p,
			Actor:   func(b *Builder, ctx context.Context, a *Action) error { return b.cgoCompile(a, file, lang) },
			Deps:    []*Action{run},
			Objdir:  objdir,
			Target:  objdir + fmt.Sprintf("_x%03d.o", len(st.compiles)+1),
			cgo:     st,
		}
		st.compiles = append(st.compiles, c)
	}
	swigGo, swigC, swigCXX := swigOutputs(p, objdir)
	cgoFiles := coverCgoFiles(p.CgoFiles, p.Internal.Cover.Mode != "")
	_, cfiles := tool.CgoOutputs(objdir, slices.Concat(cgoFiles, swigGo))
	for _, f := range cfiles {
		compile(f, "c")
	}
	for _, f := range cgoSFiles(p) {
		compile(f, "S")
	}
	for _, f := range slices.Concat(p.CFiles, p.MFiles, swigC) {
		compile(f, "c")
	}
	for _, f := range slices.Concat(p.CXXFiles, swigCXX) {
		compile(f, "c++")
	}
	for _, f := range p.FFiles {
		compile(f, "f")
	}
	collect := &Action{Mode: "collect cgo", Deps: st.compiles, Objdir: objdir, cgo: st}
	a.Deps = append(a.Deps, st.check, collect)
}

// cgoSFiles returns the assembly files of a cgo package that the C
// compiler assembles: all of them, except in runtime/cgo, which also
// has Go assembly and gives gcc only its gcc_* files.
func cgoSFiles(p *load.Package) []string {
	if p.Standard && p.ImportPath == "runtime/cgo" {
		var out []string
		for _, f := range p.SFiles {
			if strings.HasPrefix(f, "gcc_") {
				out = append(out, f)
			}
		}
		return out
	}
	return p.SFiles
}

// goSFiles returns the assembly files of a cgo package that the Go
// assembler handles (only runtime/cgo has any).
func goSFiles(p *load.Package) []string {
	if p.Standard && p.ImportPath == "runtime/cgo" {
		var out []string
		for _, f := range p.SFiles {
			if !strings.HasPrefix(f, "gcc_") {
				out = append(out, f)
			}
		}
		return out
	}
	return nil
}

// cgoCheckCache is the actor of "build check cache": it does the build
// action's cache check early, so that nothing runs when the package is
// up to date.
func (b *Builder) cgoCheckCache(ctx context.Context, a *Action) error {
	st := a.cgo
	build := st.buildAction()
	done, err := b.checkBuildCache(ctx, build)
	if !done && err == nil && b.vetOnlyFromCache(build) {
		done = true
	}
	st.skip = done
	if done && err == nil && b.needCgoHeader(build) {
		// The header of an up-to-date build comes from the cache, or
		// from running cgo again.
		sh := b.Shell(a)
		if err := sh.Mkdir(build.Objdir); err != nil {
			return err
		}
		file, cerr := b.cachedObjdirFile(build, "_cgo_install.h")
		if cerr == nil {
			cerr = sh.CopyFile(build.Objdir+"_cgo_install.h", file, 0o666, true)
		}
		if cerr != nil {
			st.skip, st.hdrOnly = false, true
		}
	}
	return err
}

// cgoRun is the actor of "cgo run": it runs pkg-config, SWIG and cgo.
func (b *Builder) cgoRun(ctx context.Context, a *Action) error {
	st := a.cgo
	if st.skip {
		return nil
	}
	p := a.Package
	sh := b.Shell(a)
	objdir := a.Objdir
	if err := sh.Mkdir(objdir); err != nil {
		return err
	}
	if err := b.copyNonGoOverlay(a); err != nil {
		return err
	}
	cgofiles := slices.Clone(p.CgoFiles)
	if p.Internal.Cover.Mode != "" {
		build := st.buildAction()
		if err := b.runCover(ctx, build); err != nil {
			return err
		}
		cgofiles = slices.Clone(build.cover.cgofiles)
	}
	pcCFLAGS, pcLDFLAGS, err := b.pkgConfigFlags(a)
	if err != nil {
		return err
	}
	if len(p.SwigFiles)+len(p.SwigCXXFiles) > 0 {
		if err := b.swig(a); err != nil {
			return err
		}
		outGo, _, _ := swigOutputs(p, objdir)
		cgofiles = append(cgofiles, outGo...)
	}
	for i, f := range cgofiles {
		cgofiles[i] = mkAbs(p.Dir, f)
		if p.Internal.Cover.Mode != "" && i < len(p.CgoFiles) && !filepath.IsAbs(f) {
			// Under -n the instrumented copies are in "$WORK", which go
			// takes for a relative path (and -n shows as ./$WORK/...).
			cgofiles[i] = filepath.Join(p.Dir, f)
		}
	}

	cppflags, cflags, cxxflags, fflags, ldflags, err := b.cflags(p)
	if err != nil {
		return err
	}
	cppflags = append(cppflags, pcCFLAGS...)
	ldflags = append(ldflags, pcLDFLAGS...)
	if len(p.MFiles) > 0 {
		ldflags = append(ldflags, "-lobjc")
	}
	if len(p.FFiles) > 0 {
		fc := b.env.Get("FC")
		if fc == "" {
			fc = "gfortran"
		}
		if strings.Contains(fc, "gfortran") {
			ldflags = append(ldflags, "-lgfortran")
		}
	}
	chk := b.flagChecker()
	preferExt := chk.needsExternalLink("CGO_CFLAGS", cflags) ||
		chk.needsExternalLink("CGO_CXXFLAGS", cxxflags) ||
		chk.needsExternalLink("CGO_FFLAGS", fflags)
	if b.flags.MSan {
		cflags = append([]string{"-fsanitize=memory"}, cflags...)
		ldflags = append([]string{"-fsanitize=memory"}, ldflags...)
	}
	if b.flags.ASan {
		cflags = append([]string{"-fsanitize=address"}, cflags...)
		ldflags = append([]string{"-fsanitize=address"}, ldflags...)
	}
	// The C files of the package can include _cgo_export.h.
	cppflags = append(cppflags, "-I", objdir)

	gofiles, _ := tool.CgoOutputs(objdir, cgofiles)
	c := &tool.Cgo{
		Toolexec:   b.flags.Toolexec,
		Tool:       b.tool("cgo"),
		Objdir:     objdir,
		ImportPath: p.ImportPath,
		LDFlags:    ldflags,
		CFlags:     str.StringList(cppflags, cflags),
		Files:      slices.Clone(cgofiles),
	}
	if p.Standard && p.ImportPath == "runtime/cgo" {
		c.Flags = append(c.Flags, "-import_runtime_cgo=false")
	}
	if p.Standard {
		switch p.ImportPath {
		case "runtime/race", "runtime/msan", "runtime/cgo", "runtime/asan":
			c.Flags = append(c.Flags, "-import_syscall=false")
		}
	}
	switch b.mode.name {
	case "c-archive", "c-shared":
		c.Flags = append(c.Flags, "-exportheader="+objdir+"_cgo_install.h")
	}
	// cgo reads replaced files from the overlay and names the original
	// paths in its //line comments.
	var trim []string
	for i, f := range c.Files {
		if b.cfg.FS != nil && b.cfg.FS.Replaced(f) {
			actual := b.cfg.FS.Actual(f)
			c.Files[i] = actual
			trim = append(trim, actual+"=>"+f)
		}
	}
	if len(trim) > 0 {
		c.Flags = append(c.Flags, "-trimpath", strings.Join(trim, ";"))
	}
	// The flags reach cgo on its command line, not through the
	// environment.
	env := append(cCompilerEnv(), b.changedEnv()...)
	if len(c.LDFlags) > 0 {
		env = append(env, "CGO_LDFLAGS=")
	}
	if err := sh.Run(p.Dir, p.ImportPath, env, c.Args()...); err != nil {
		return err
	}
	st.flags = &cgoFlags{
		cflags:        str.StringList(cppflags, cflags),
		cxxflags:      str.StringList(cppflags, cxxflags),
		fflags:        str.StringList(cppflags, fflags),
		ldflags:       ldflags,
		preferExtLink: preferExt,
		gofiles:       gofiles,
	}
	return nil
}

// copyNonGoOverlay copies the non-Go source files of a's package to its
// object directory if the overlay replaces any of them, as go does.
func (b *Builder) copyNonGoOverlay(a *Action) error {
	p := a.Package
	lists := [][]string{p.CFiles, p.SFiles, p.CXXFiles, p.HFiles, p.FFiles}
	if b.cfg.FS == nil || !slices.ContainsFunc(slices.Concat(lists...), func(f string) bool {
		return b.cfg.FS.Replaced(mkAbs(p.Dir, f))
	}) {
		return nil
	}
	m := map[string]string{}
	for _, f := range slices.Concat(lists...) {
		from := mkAbs(p.Dir, f)
		dst := a.Objdir + filepath.Base(f)
		if err := b.Shell(a).CopyFile(dst, b.cfg.FS.Actual(from), 0o666, false); err != nil {
			return err
		}
		m[from] = dst
	}
	a.cgo.nonGoOverlay = m
	return nil
}

// cgoCompile is the actor of "cgo compile FILE".
func (b *Builder) cgoCompile(a *Action, file, lang string) error {
	st := a.cgo
	if st.skip || st.flags == nil {
		return nil
	}
	p := a.Package
	a.actionID = b.subkey(st.buildAction().actionID, "cgo compile "+file)
	switch lang {
	case "c":
		return b.ccompile(a, a.Target, st.flags.cflags, file, b.compilerCmd(b.ccExe(), p.Dir, a.Objdir))
	case "S":
		data, err := os.ReadFile(b.actual(filepath.Join(p.Dir, file)))
		if err == nil {
			for _, op := range []string{"TEXT", "DATA", "GLOBL"} {
				if bytes.HasPrefix(data, []byte(op)) || bytes.Contains(data, []byte("\n"+op)) {
					return fmt.Errorf("package using cgo has Go assembly file %s", file)
				}
			}
		}
		return b.ccompile(a, a.Target, st.flags.cflags, file, b.compilerCmd(b.ccExe(), p.Dir, a.Objdir))
	case "c++":
		return b.ccompile(a, a.Target, st.flags.cxxflags, file, b.compilerCmd(b.cxxExe(), p.Dir, a.Objdir))
	default:
		return b.ccompile(a, a.Target, st.flags.fflags, file, b.compilerCmd(b.fcExe(), p.Dir, a.Objdir))
	}
}

// cgoOutputs finishes the cgo part of a's build: it returns the Go files
// cgo generated (with _cgo_import.go from the dynamic imports) and the
// objects to add to the archive.
func (b *Builder) cgoOutputs(a *Action) (outGo, outObj []string, err error) {
	st := a.cgo
	sh := b.Shell(a)
	objdir := a.Objdir
	outGo = slices.Clone(st.flags.gofiles)
	if st.flags.preferExtLink {
		// The linker takes this (empty) member as a request for external
		// linking.
		token := objdir + "preferlinkext"
		if err := sh.WriteFile(token, nil); err != nil {
			return nil, nil, err
		}
		outObj = append(outObj, token)
	}
	for _, c := range st.compiles {
		outObj = append(outObj, c.Target)
	}
	dynGo, dynObj, err := b.dynimport(a, objdir+"_cgo_import.go", st.flags.cflags, st.flags.ldflags, outObj)
	if err != nil {
		return nil, nil, err
	}
	if dynGo != "" {
		outGo = append(outGo, dynGo)
	}
	if dynObj != "" {
		outObj = append(outObj, dynObj)
	}
	if !b.flags.N {
		if err := b.checkCgoLdflags(outGo, st.flags.ldflags); err != nil {
			return nil, nil, err
		}
	}
	return outGo, outObj, nil
}

// checkCgoLdflags checks the //go:cgo_ldflag lines of the generated
// _cgo_* files (the compiler accepts them only there): apart from the
// package's own linker flags, they must pass the linker flag checks.
func (b *Builder) checkCgoLdflags(gofiles, ldflags []string) error {
	const directive = "//go:cgo_ldflag"
	var flags []string
	for _, f := range gofiles {
		if !strings.HasPrefix(filepath.Base(f), "_cgo_") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(src), "\n") {
			i := strings.Index(line, "//")
			if i < 0 || !strings.HasPrefix(line[i:], directive) {
				continue
			}
			flag := strings.Trim(strings.TrimSpace(line[i+len(directive):]), `"`)
			flags = append(flags, flag)
		}
	}
	if n := len(ldflags); n > 0 {
		for i := 0; i+n <= len(flags); i++ {
			if slices.Equal(flags[i:i+n], ldflags) {
				flags = append(flags[:i:i], flags[i+n:]...)
				break
			}
		}
	}
	return b.flagChecker().checkLinkerFlags("LDFLAGS", "go:cgo_ldflag", flags)
}

// dynimport links the package's C objects (with _cgo_main.c standing in
// for the rest of the program) into _cgo_.o and has cgo write the
// symbols it imports from shared libraries to importGo as
// //go:cgo_import_dynamic directives. When that link fails, the
// package records "dynimportfail" instead, which makes the linker link
// externally.
func (b *Builder) dynimport(a *Action, importGo string, cflags, ldflags, outObj []string) (dynGo, dynObj string, err error) {
	p := a.Package
	sh := b.Shell(a)
	objdir := a.Objdir
	ofile := objdir + "_cgo_main.o"
	if err := b.ccompile(a, ofile, cflags, objdir+"_cgo_main.c", b.compilerCmd(b.ccExe(), p.Dir, objdir)); err != nil {
		return "", "", err
	}

	// The .syso files of the package and everything it depends on.
	var syso []string
	seen := map[*Action]bool{}
	var gather func(*Action)
	gather = func(a1 *Action) {
		if seen[a1] {
			return
		}
		seen[a1] = true
		if p1 := a1.Package; p1 != nil {
			for _, f := range p1.SysoFiles {
				syso = append(syso, mkAbs(p1.Dir, f))
			}
		}
		for _, a2 := range a1.Deps {
			gather(a2)
		}
	}
	gather(a)
	sort.Strings(syso)
	syso = slices.Compact(syso)

	flags := ldflags
	goos, goarch := b.env.GOOS(), b.env.GOARCH()
	if goarch == "arm" && goos == "linux" || goos == "android" {
		if !slices.Contains(flags, "-no-pie") {
			flags = append(slices.Clip(flags), "-pie")
		}
		if slices.Contains(flags, "-pie") && slices.Contains(flags, "-static") {
			flags = slices.DeleteFunc(slices.Clone(flags), func(f string) bool { return f == "-static" })
		}
	}
	dynobj := objdir + "_cgo_.o"
	if err := b.gccld(a, objdir, dynobj, flags, str.StringList(ofile, outObj, syso)); err != nil {
		fail := objdir + "dynimportfail"
		if err := sh.WriteFile(fail, nil); err != nil {
			return "", "", err
		}
		return "", fail, nil
	}
	d := &tool.CgoDynimport{
		Toolexec:  b.flags.Toolexec,
		Tool:      b.tool("cgo"),
		Package:   p.Name,
		Object:    dynobj,
		Output:    importGo,
		Dynlinker: p.Standard && p.ImportPath == "runtime/cgo",
	}
	if err := sh.Run(b.cfg.Dir, p.ImportPath, cCompilerEnv(), d.Args()...); err != nil {
		return "", "", err
	}
	return importGo, "", nil
}

// cacheCgoHeader keeps the header cgo exported for a c-archive or
// c-shared build in the build cache, next to the archive.
func (b *Builder) cacheCgoHeader(a *Action) {
	b.cacheObjdirFile(a, "_cgo_install.h")
}

// cacheObjdirFile records a file of a's object directory in the build
// cache under a subkey of a's action ID named for the file.
func (b *Builder) cacheObjdirFile(a *Action, name string) error {
	c := b.cfg.Cache
	if c == nil {
		return errors.New("no build cache")
	}
	f, err := os.Open(a.Objdir + name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = c.Put(b.subkey(a.actionID, name), f)
	return err
}

// cachedObjdirFile returns the build cache file of a's object directory
// file name, recorded by cacheObjdirFile.
func (b *Builder) cachedObjdirFile(a *Action, name string) (string, error) {
	c := b.cfg.Cache
	if c == nil {
		return "", errors.New("no build cache")
	}
	file, err := c.GetFile(b.subkey(a.actionID, name))
	if err != nil {
		return "", fmt.Errorf("loading cached file %s: %w", name, err)
	}
	return file, nil
}

// addInstallHeaderAction makes the install action a also install the
// header cgo writes for the exported functions of a c-archive or
// c-shared build: next to the target, named like it with ".h".
func (b *Builder) addInstallHeaderAction(a *Action) {
	p := a.Package
	if p == nil || len(p.CgoFiles) == 0 || b.mode.name != "c-archive" && b.mode.name != "c-shared" {
		return
	}
	target := strings.TrimSuffix(a.Target, filepath.Ext(a.Target)) + ".h"
	a.Deps = append(a.Deps, &Action{
		Mode:    "install header",
		Package: p,
		Deps:    []*Action{a.Deps[0]},
		Actor:   (*Builder).installHeader,
		Objdir:  a.Deps[0].Objdir,
		Target:  target,
	})
}

// installHeader is the actor of "install header".
func (b *Builder) installHeader(ctx context.Context, a *Action) error {
	sh := b.Shell(a)
	src := a.Objdir + "_cgo_install.h"
	if _, err := os.Stat(src); os.IsNotExist(err) {
		// No exported functions: no header.
		if b.flags.X {
			sh.ShowCmd("", "# %s not created", src)
		}
		return nil
	}
	if dir, _ := filepath.Split(a.Target); dir != "" {
		if err := sh.Mkdir(dir); err != nil {
			return err
		}
	}
	return sh.MoveOrCopyFile(a.Target, src, 0o666, true)
}

// needCgoHeader reports whether an "install header" action waits for
// the build a (directly or through its link).
func (b *Builder) needCgoHeader(a *Action) bool {
	if b.cfg.IsCmdList || b.mode.name != "c-archive" && b.mode.name != "c-shared" {
		return false
	}
	for _, t1 := range a.triggers {
		if t1.Mode == "install header" {
			return true
		}
		for _, t2 := range t1.triggers {
			if t2.Mode == "install header" {
				return true
			}
		}
	}
	return false
}
