package work

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/gover"
	"gocmd/internal/load"
	"gocmd/internal/str"
	"gocmd/internal/tool"
)

// build is the actor of a "build" action: it compiles the package's Go
// files into an archive, assembles its .s files into it, and stamps the
// final build ID, unless the build cache already has the result.
func (b *Builder) build(ctx context.Context, a *Action) error {
	p := a.Package
	sh := b.Shell(a)

	if a.cgo == nil {
		if done, err := b.checkBuildCache(ctx, a); done || err != nil {
			if err == nil && a.needVet && !b.cfg.IsCmdList {
				// vet reads files into the object directory, as go does.
				return sh.Mkdir(a.Objdir)
			}
			return err
		}
	} else if a.cgo.skip || a.cgo.hdrOnly {
		// The check ran before cgo did (see cgoCheckCache).
		return nil
	}
	defer b.flushOutput(a)
	if err := sh.Mkdir(a.Objdir); err != nil {
		return err
	}
	if p.Internal.Cover.Mode != "" {
		if err := b.runCover(ctx, a); err != nil {
			return err
		}
	}
	if b.flags.N {
		sh.Printf("\n#\n# %s\n#\n\n", p.ImportPath)
	}
	if b.flags.V {
		sh.Printf("%s\n", p.ImportPath)
	}

	objdir := a.Objdir
	gofiles := append([]string(nil), p.GoFiles...)
	if a.cover != nil {
		gofiles = append([]string(nil), a.cover.gofiles...)
	}
	sfiles := append([]string(nil), p.SFiles...)
	var cgoObjects []string
	if a.cgo != nil {
		// cgo's C compiler handled the C, C++ and assembly files (but
		// for runtime/cgo's Go assembly).
		sfiles = goSFiles(p)
		outGo, outObj, err := b.cgoOutputs(a)
		if err != nil {
			return err
		}
		cgoObjects = outObj
		gofiles = append(gofiles, outGo...)
		switch b.mode.name {
		case "c-archive", "c-shared":
			b.cacheCgoHeader(a)
		}
	}
	b.cacheSrcFiles(a, str.StringList(gofiles, sfiles))
	if len(gofiles) == 0 {
		return &load.NoGoError{Package: p}
	}
	a.srcfiles = str.StringList(gofiles, sfiles)
	if !a.needBuild && !b.cfg.IsCmdList {
		return nil // only vet reads this package's files
	}
	if b.cfg.IsCmdList && !b.cfg.NeedExport {
		// go list -compiled: the generated files are all it needs.
		return b.loadCachedCompiledGoFiles(a)
	}

	symabis, err := b.symabis(a, sfiles)
	if err != nil {
		return err
	}

	var icfg bytes.Buffer
	icfg.WriteString("# import config\n")
	for i, raw := range p.Internal.RawImports {
		if i < len(p.Imports) && p.Imports[i] != raw {
			fmt.Fprintf(&icfg, "importmap %s=%s\n", raw, p.Imports[i])
		}
	}
	for _, a1 := range a.Deps {
		if p1 := a1.Package; p1 != nil && p1 != p && p1.ImportPath != "" && a1.built != "" {
			fmt.Fprintf(&icfg, "packagefile %s=%s\n", p1.ImportPath, a1.built)
		}
	}

	var embedcfg []byte
	if len(p.Internal.Embed) > 0 {
		cfg := struct {
			Patterns map[string][]string
			Files    map[string]string
		}{p.Internal.Embed, map[string]string{}}
		for _, f := range p.EmbedFiles {
			cfg.Files[f] = b.actual(filepath.Join(p.Dir, f))
		}
		embedcfg, err = json.MarshalIndent(&cfg, "", "\t")
		if err != nil {
			return fmt.Errorf("marshal embedcfg: %v", err)
		}
	}

	objpkg := objdir + "_pkg_.a"
	out, err := b.compile(ctx, a, objpkg, icfg.Bytes(), embedcfg, symabis, len(sfiles) > 0, gofiles)
	if err := sh.Report("", "", out, err); err != nil {
		return err
	}

	if err := b.copyArchHeaders(a); err != nil {
		return err
	}

	var objects []string
	if len(sfiles) > 0 {
		ofiles, err := b.asm(a, sfiles)
		if err != nil {
			return err
		}
		objects = append(objects, ofiles...)
	}
	objects = append(objects, cgoObjects...)
	for _, syso := range p.SysoFiles {
		objects = append(objects, filepath.Join(p.Dir, syso))
	}
	if len(objects) > 0 {
		if err := b.pack(a, objpkg, objects); err != nil {
			return err
		}
	}
	if err := b.updateBuildID(a, objpkg); err != nil {
		return err
	}
	a.built = objpkg
	return nil
}

// checkBuildCache does the checks before a's build: whether the cache or
// the installed target already has the result (or, for go list, whether
// anything is needed at all), and the package's own problems. done
// means the build has nothing (more) to do.
func (b *Builder) checkBuildCache(ctx context.Context, a *Action) (done bool, err error) {
	p := a.Package
	if !p.BinaryOnly {
		id, err := b.buildActionID(ctx, a)
		if err != nil {
			return true, err
		}
		if b.useCache(ctx, a, id, b.target(p), a.needBuild && !b.cfg.IsCmdList) &&
			(!p.Internal.Cover.GenMeta || b.cfg.IsCmdList || b.restoreCoverMeta(a)) {
			if b.cfg.NeedExport {
				p.Export = a.built
				p.BuildID = a.buildID
			}
			if !b.cfg.NeedCompiledGoFiles || b.loadCachedCompiledGoFiles(a) == nil {
				return true, nil
			}
		}
		if b.cfg.IsCmdList && !b.cfg.NeedExport {
			// go list -compiled needs the generated files; the cache may
			// have them even when the archive is not there.
			if !b.cfg.NeedCompiledGoFiles || b.loadCachedCompiledGoFiles(a) == nil {
				return true, nil
			}
		}
	}
	if p.Error != nil {
		return true, p.Error
	}
	if p.BinaryOnly {
		p.Stale = true
		p.StaleReason = "binary-only packages are no longer supported"
		if b.cfg.IsCmdList {
			return true, nil
		}
		return true, errors.New("binary-only packages are no longer supported")
	}
	if p.Module != nil && p.Module.GoVersion != "" && gover.Compare(b.localVersion(), p.Module.GoVersion) < 0 {
		return true, errors.New("module requires Go " + p.Module.GoVersion + " or later")
	}
	if err := b.checkDirectives(a); err != nil {
		return true, err
	}
	return false, nil
}

// checkDirectives rejects a package whose //go:debug lines are invalid
// or set one key twice, as go does before compiling it.
func (b *Builder) checkDirectives(a *Action) error {
	p := a.Package
	if p.Internal.Build == nil {
		return nil
	}
	var msg []byte
	seen := map[string]token.Position{}
	for _, d := range p.Internal.Build.Directives {
		if !strings.HasPrefix(d.Text, "//go:debug") {
			continue
		}
		if b.cfg.Loader == nil {
			break
		}
		key, _, err := b.cfg.Loader.ParseGoDebug(d.Text)
		if err != nil && err != load.ErrNotGoDebug {
			msg = fmt.Appendf(msg, "%s: invalid //go:debug: %v\n", d.Pos, err)
			continue
		}
		if pos, ok := seen[key]; ok {
			msg = fmt.Appendf(msg, "%s: repeated //go:debug for %v\n\t%s: previous //go:debug\n", d.Pos, key, pos)
			continue
		}
		seen[key] = d.Pos
	}
	if len(msg) == 0 {
		return nil
	}
	return b.Shell(a).Report("", "", msg, errors.New("invalid directive"))
}

// cacheSrcFiles records in the build cache the list of files the
// compile of a gets (the srcfiles subkey: "./name" for the package's
// own files, the bare name for files of the object directory), and the
// generated files themselves. go list -compiled and go vet read them.
func (b *Builder) cacheSrcFiles(a *Action, srcfiles []string) {
	c := b.cfg.Cache
	if c == nil {
		return
	}
	var buf bytes.Buffer
	for _, file := range srcfiles {
		name, ok := strings.CutPrefix(file, a.Objdir)
		if !ok {
			buf.WriteString("./" + file + "\n")
			continue
		}
		buf.WriteString(name + "\n")
		if err := b.cacheObjdirFile(a, name); err != nil {
			return
		}
	}
	c.PutBytes(b.subkey(a.actionID, "srcfiles"), buf.Bytes())
}

// loadCachedCompiledGoFiles sets the CompiledGoFiles of a's package from
// the list cacheSrcFiles recorded: the package's own Go files by name,
// generated ones as their build cache files.
func (b *Builder) loadCachedCompiledGoFiles(a *Action) error {
	c := b.cfg.Cache
	if c == nil {
		return errors.New("no build cache")
	}
	list, _, err := c.GetBytes(b.subkey(a.actionID, "srcfiles"))
	if err != nil {
		return fmt.Errorf("reading srcfiles list: %w", err)
	}
	var gofiles []string
	for _, name := range strings.Split(string(list), "\n") {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		if f, ok := strings.CutPrefix(name, "./"); ok {
			gofiles = append(gofiles, f)
			continue
		}
		file, err := b.cachedObjdirFile(a, name)
		if err != nil {
			return fmt.Errorf("finding %s: %w", name, err)
		}
		gofiles = append(gofiles, file)
	}
	a.Package.CompiledGoFiles = gofiles
	return nil
}

// localVersion is the toolchain's Go version without "go" ("1.26.8").
func (b *Builder) localVersion() string {
	return strings.TrimPrefix(strings.Fields(b.goVersion + " ")[0], "go")
}

// pkgPath is the path a package is compiled as: "main" for commands.
func pkgPath(p *load.Package) string {
	if p.Name == "main" && !p.Internal.ForceLibrary {
		return "main"
	}
	return p.ImportPath
}

// langVersion is the -lang of a package: its module's go version, or
// the toolchain's for packages outside modules (and the standard
// library).
func (b *Builder) langVersion(p *load.Package) string {
	v := b.localVersion()
	if p.Module != nil {
		mv := p.Module.GoVersion
		if mv == "" {
			mv = gover.DefaultGoModVersion
		}
		if gover.Compare(v, mv) >= 0 {
			v = mv
		}
	}
	return "go" + gover.Lang(v)
}

// trimpath returns the -trimpath rewrites of a's compile and assemble
// steps: the object directory always, and the package directory under
// -trimpath.
func (b *Builder) trimpath(a *Action) string {
	p := a.Package
	objdir := strings.TrimSuffix(a.Objdir, string(filepath.Separator))
	rewrite := ""
	rewriteDir := p.Dir
	if b.flags.Trimpath {
		to := p.Internal.OrigImportPath
		if to == "" {
			to = p.ImportPath
		}
		if m := p.Module; m != nil && m.Version != "" {
			to = m.Path + "@" + m.Version + strings.TrimPrefix(to, m.Path)
		}
		rewrite += p.Dir + "=>" + to + ";"
		rewriteDir = to
	}
	if b.flags.Overlay != "" && b.cfg.FS != nil {
		rewrite += b.overlayRewrites(p, objdir, rewriteDir)
	}
	return rewrite + objdir + "=>"
}

// overlayRewrites returns the -trimpath rewrites naming the files of p
// replaced by -overlay as the files they replace (under rewriteDir);
// when a cgo or non-Go file is replaced, the copies of the non-Go files
// in the object directory are renamed back too.
func (b *Builder) overlayRewrites(p *load.Package, objdir, rewriteDir string) string {
	cgo := map[string]bool{}
	for _, f := range p.CgoFiles {
		cgo[f] = true
	}
	files := str.StringList(p.GoFiles, p.CgoFiles, p.IgnoredGoFiles, p.IgnoredOtherFiles,
		p.CFiles, p.CXXFiles, p.MFiles, p.HFiles, p.FFiles, p.SFiles, p.SwigFiles,
		p.SwigCXXFiles, p.SysoFiles, p.TestGoFiles, p.XTestGoFiles)
	have := map[string]bool{}
	for _, f := range files {
		have[f] = true
	}
	for _, f := range p.EmbedFiles {
		if !have[f] {
			files = append(files, f)
		}
	}
	var rewrite, nonGo string
	cgoOverlay := false
	for _, f := range files {
		path := f
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.Dir, path)
		}
		base := filepath.Base(path)
		isGo := strings.HasSuffix(f, ".go") || strings.HasSuffix(f, ".s")
		isCgo := cgo[f] || !isGo
		switch {
		case b.cfg.FS.Replaced(path) && isCgo:
			cgoOverlay = true
		case b.cfg.FS.Replaced(path):
			rewrite += b.cfg.FS.Actual(path) + "=>" + filepath.Join(rewriteDir, base) + ";"
		case isCgo && filepath.Dir(path) == p.Dir:
			nonGo += filepath.Join(objdir, base) + "=>" + filepath.Join(rewriteDir, base) + ";"
		}
	}
	if cgoOverlay {
		rewrite += nonGo
	}
	return rewrite
}

// mkAbs returns f joined to dir unless it is absolute.
func mkAbs(dir, f string) string {
	if filepath.IsAbs(f) || strings.HasPrefix(f, "$WORK") {
		return f
	}
	return filepath.Join(dir, f)
}

// compile runs the compiler and returns its output.
func (b *Builder) compile(ctx context.Context, a *Action, archive string, importcfg, embedcfg []byte, symabis string, asmhdr bool, gofiles []string) ([]byte, error) {
	p := a.Package
	sh := b.Shell(a)
	objdir := a.Objdir
	ext := len(p.CgoFiles) + len(p.CFiles) + len(p.CXXFiles) + len(p.MFiles) + len(p.FFiles) +
		len(p.SFiles) + len(p.SysoFiles) + len(p.SwigFiles) + len(p.SwigCXXFiles)
	c := &tool.Compile{
		Toolexec:      b.flags.Toolexec,
		Tool:          b.tool("compile"),
		Output:        archive,
		Trimpath:      b.trimpath(a),
		PkgPath:       b.pkgPath(a),
		Lang:          b.langVersion(p),
		Std:           p.Standard,
		Complete:      tool.IsComplete(p.ImportPath, p.Standard, ext),
		InstallSuffix: b.mode.installSuffix,
		BuildID:       a.buildID,
		NoDWARF:       b.options(p).omitDebug || b.env.GOOS() == "plan9" || b.env.GOARCH() == "wasm",
		Symabis:       symabis,
		PGOProfile:    pgoProfile(a),
		CoverageCfg:   coverageCfg(a),
		LocalPrefix:   p.Internal.LocalPrefix,
		Pack:          true,
	}
	if strings.HasPrefix(b.goVersion, "go1") {
		c.GoVersion = b.goVersion
	}
	c.Flags = append(append([]string(nil), b.mode.gcflags...), b.options(p).gcflags...)
	conc, release := b.tokens.acquire()
	defer release()
	c.Concurrency = conc
	if importcfg != nil {
		if err := sh.WriteFile(objdir+"importcfg", importcfg); err != nil {
			return nil, err
		}
		c.Importcfg = objdir + "importcfg"
	}
	if embedcfg != nil {
		if err := sh.WriteFile(objdir+"embedcfg", embedcfg); err != nil {
			return nil, err
		}
		c.Embedcfg = objdir + "embedcfg"
	}
	if asmhdr {
		c.Asmhdr = objdir + "go_asm.h"
	}
	for _, f := range gofiles {
		c.Files = append(c.Files, b.actual(mkAbs(p.Dir, f)))
	}
	return sh.RunOut(b.cfg.Dir, b.changedEnv(), c.Args()...)
}

// asmTool returns the assembler invocation shared by a's assembly steps.
func (b *Builder) asmTool(a *Action) *tool.Asm {
	p := a.Package
	key, val, _ := b.archEnv()
	_ = key
	lse := false
	if b.env.GOARCH() == "arm64" {
		lse = strings.Contains(val, "lse") || armv81OrLater(val)
	}
	defines := []string{}
	if p.ImportPath == "runtime" && b.env.GOARCH() == "386" {
		for _, f := range b.mode.asmflags {
			if f == "-dynlink" {
				defines = append(defines, "-D=GOBUILDMODE_shared=1")
			}
		}
	}
	defines = append(defines, tool.ArchDefines(b.env.GOARCH(), val, lse)...)
	return &tool.Asm{
		Toolexec: b.flags.Toolexec,
		Tool:     b.tool("asm"),
		PkgPath:  b.pkgPath(a),
		Trimpath: b.trimpath(a),
		Objdir:   a.Objdir,
		Include:  filepath.Join(b.env.GOROOT(), "pkg", "include"),
		GOOS:     b.env.GOOS(),
		GOARCH:   b.env.GOARCH(),
		Flags:    append(append([]string(nil), b.mode.asmflags...), b.options(p).asmflags...),
		Defines:  defines,
	}
}

// armv81OrLater reports whether a GOARM64 value (v8.0 ... v9.5, with
// options) implies LSE atomics: v8.1 and later do.
func armv81OrLater(v string) bool {
	v, _, _ = strings.Cut(v, ",")
	return v != "v8.0" && v != ""
}

// symabis writes the ABI requirements of the package's assembly (asm
// -gensymabis) and returns the file, or "" without assembly.
func (b *Builder) symabis(a *Action, sfiles []string) (string, error) {
	if len(sfiles) == 0 {
		return "", nil
	}
	p := a.Package
	sh := b.Shell(a)
	t := b.asmTool(a)
	t.Gensymabis = true
	t.Output = a.Objdir + "symabis"
	for _, f := range sfiles {
		if p.ImportPath == "runtime/cgo" && strings.HasPrefix(f, "gcc_") {
			continue
		}
		t.Files = append(t.Files, b.actual(mkAbs(p.Dir, f)))
	}
	// -gensymabis needs go_asm.h to exist; the compiler writes the real one.
	if err := sh.WriteFile(a.Objdir+"go_asm.h", nil); err != nil {
		return "", err
	}
	if err := sh.Run(p.Dir, p.ImportPath, b.changedEnv(), t.Args()...); err != nil {
		return "", err
	}
	return t.Output, nil
}

// asm assembles each .s file into an object in the object directory.
func (b *Builder) asm(a *Action, sfiles []string) ([]string, error) {
	p := a.Package
	var ofiles []string
	for _, f := range sfiles {
		t := b.asmTool(a)
		t.Output = a.Objdir + strings.TrimSuffix(f, ".s") + ".o"
		t.Files = []string{b.actual(mkAbs(p.Dir, f))}
		ofiles = append(ofiles, t.Output)
		if err := b.Shell(a).Run(p.Dir, p.ImportPath, b.changedEnv(), t.Args()...); err != nil {
			return nil, err
		}
	}
	return ofiles, nil
}

// pack appends the objects to the archive the compiler wrote.
func (b *Builder) pack(a *Action, archive string, objects []string) error {
	sh := b.Shell(a)
	var abs []string
	for _, f := range objects {
		abs = append(abs, mkAbs(a.Objdir, f))
	}
	archive = mkAbs(a.Objdir, archive)
	if sh.showing() {
		sh.ShowCmd(a.Package.Dir, "%s # internal", JoinUnambiguously(tool.PackArgs(archive, abs)))
	}
	if b.flags.N {
		return nil
	}
	if _, err := os.Stat(archive); err != nil {
		return fmt.Errorf("os.Stat of archive file failed: %v", err)
	}
	if err := tool.Append(archive, abs); err != nil {
		return sh.Report("", "", nil, err)
	}
	return nil
}

// copyArchHeaders copies the package's .h files named for the target
// (defs_linux_amd64.h) to the generic names (defs_GOOS_GOARCH.h) in the
// object directory, where the assembler finds them.
func (b *Builder) copyArchHeaders(a *Action) error {
	p := a.Package
	goos, goarch := b.env.GOOS(), b.env.GOARCH()
	for _, file := range p.HFiles {
		ext := filepath.Ext(file)
		name := strings.TrimSuffix(file, ext)
		var targ string
		switch {
		case strings.HasSuffix(name, "_"+goos+"_"+goarch):
			targ = strings.TrimSuffix(name, "_"+goos+"_"+goarch) + "_GOOS_GOARCH" + ext
		case strings.HasSuffix(name, "_"+goarch):
			targ = strings.TrimSuffix(name, "_"+goarch) + "_GOARCH" + ext
		case strings.HasSuffix(name, "_"+goos):
			targ = strings.TrimSuffix(name, "_"+goos) + "_GOOS" + ext
		default:
			continue
		}
		if err := b.Shell(a).CopyFile(a.Objdir+targ, filepath.Join(p.Dir, file), 0o666, true); err != nil {
			return err
		}
	}
	return nil
}
