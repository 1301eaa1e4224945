package work

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"gocmd/internal/tool"
)

// coverState is what running the cover tool for a package's build left:
// the files to compile (or give cgo) instead of the package's own, and
// the compiler's -coveragecfg file.
type coverState struct {
	gofiles  []string // the Go files to compile: covervars.go, then the instrumented files
	cgofiles []string // the cgo files to give cgo
	cfg      string   // -coveragecfg, or "" when nothing was instrumented
	metaFile string   // meta-data file the cover tool wrote (go test -cover), or ""
}

// coverCgoFiles returns the names cgo files have when cgo processes
// them: their instrumented copies' when the package is covered.
func coverCgoFiles(files []string, covered bool) []string {
	if !covered {
		return files
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = strings.TrimSuffix(f, ".go") + ".cover.go"
	}
	return out
}

// runCover instruments the Go and cgo files of a's package (but test
// files) with the cover tool, as go does before compiling a package
// selected for coverage, and records the files to use in a.cover. It
// runs once per build action, before cgo.
func (b *Builder) runCover(ctx context.Context, a *Action) error {
	if a.cover != nil {
		return nil
	}
	p := a.Package
	sh := b.Shell(a)
	st := &coverState{gofiles: slices.Clone(p.GoFiles), cgofiles: slices.Clone(p.CgoFiles)}
	a.cover = st
	if err := sh.Mkdir(a.Objdir); err != nil {
		return err
	}
	var infiles, outfiles []string
	n := len(st.gofiles)
	for i, f := range slices.Concat(p.GoFiles, p.CgoFiles) {
		if isTestFile(f) {
			continue
		}
		out := a.Objdir + tool.CoverOutFile(f)
		infiles = append(infiles, filepath.Join(p.Dir, f))
		outfiles = append(outfiles, out)
		if i < n {
			st.gofiles[i] = out
		} else {
			st.cgofiles[i-n] = out
		}
	}
	if len(infiles) == 0 {
		return nil
	}
	outfiles = append([]string{a.Objdir + "covervars.go"}, outfiles...)
	st.cfg = a.Objdir + "coveragecfg"
	pcfg := &tool.CoverPkgConfig{
		OutConfig:   st.cfg,
		PkgPath:     p.ImportPath,
		PkgName:     p.Name,
		Granularity: "perblock",
		Local:       p.Internal.Local,
	}
	if p.Internal.Cover.GenMeta {
		st.metaFile = a.Objdir + tool.CoverMetaFile(p.ImportPath)
		pcfg.EmitMetaFile = st.metaFile
	}
	if p.Module != nil {
		pcfg.ModulePath = p.Module.Path
	}
	c := &tool.Cover{
		Toolexec:    b.flags.Toolexec,
		Tool:        b.tool("cover"),
		PkgCfg:      a.Objdir + "pkgcfg.txt",
		Mode:        p.Internal.Cover.Mode,
		Var:         tool.CoverVar(p.ImportPath),
		OutFileList: a.Objdir + "coveroutfiles.txt",
		Files:       infiles,
	}
	if err := sh.WriteFile(c.PkgCfg, pcfg.Encode()); err != nil {
		return err
	}
	if err := sh.WriteFile(c.OutFileList, []byte(strings.Join(outfiles, "\n")+"\n")); err != nil {
		return err
	}
	if err := sh.Run(a.Objdir, "", b.changedEnv(), c.Args()...); err != nil {
		return err
	}
	st.gofiles = append([]string{outfiles[0]}, st.gofiles...)
	if st.metaFile != "" && !b.flags.N {
		b.cacheObjdirFile(a, filepath.Base(st.metaFile))
	}
	return nil
}

// isTestFile reports whether a Go file name is a test file.
func isTestFile(f string) bool {
	return strings.HasSuffix(f, "_test.go")
}

// coverageCfg returns the -coveragecfg file of a's compile, or "".
func coverageCfg(a *Action) string {
	if a.cover == nil {
		return ""
	}
	return a.cover.cfg
}
