package work

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"gocmd/internal/buildid"
	"gocmd/internal/load"
	"gocmd/internal/str"
)

// buildActionID hashes everything a package's compile depends on: the
// configuration, the toolchain programs' IDs, the contents of its source
// files and the content IDs of its dependencies. The description written
// to the hash is go's, line for line, so that gocmd and go compute the
// same IDs and share GOCACHE entries.
func (b *Builder) buildActionID(ctx context.Context, a *Action) ([32]byte, error) {
	p := a.Package
	h := b.newHash("build " + p.ImportPath)
	fmt.Fprintf(h, "compile\n")
	switch {
	case b.flags.Trimpath:
		if p.Module != nil {
			fmt.Fprintf(h, "module %s@%s\n", p.Module.Path, p.Module.Version)
		}
	case p.Goroot:
		// The compiler always hides GOROOT.
	case b.WorkDir == "" || !strings.HasPrefix(p.Dir, b.WorkDir):
		fmt.Fprintf(h, "dir %s\n", p.Dir)
	}
	if p.Module != nil {
		fmt.Fprintf(h, "go %s\n", p.Module.GoVersion)
	}
	fmt.Fprintf(h, "goos %s goarch %s\n", b.env.GOOS(), b.env.GOARCH())
	fmt.Fprintf(h, "import %q\n", p.ImportPath)
	fmt.Fprintf(h, "omitdebug %v standard %v local %v prefix %q\n", b.options(p).omitDebug, p.Standard, p.Internal.Local, p.Internal.LocalPrefix)
	if b.flags.Trimpath {
		fmt.Fprintln(h, "trimpath")
	}
	if p.Internal.ForceLibrary {
		fmt.Fprintf(h, "forcelibrary\n")
	}
	if len(p.CgoFiles)+len(p.SwigFiles)+len(p.SwigCXXFiles) > 0 {
		if err := b.hashCgo(ctx, h, p); err != nil {
			return [32]byte{}, err
		}
	}
	if mode := p.Internal.Cover.Mode; mode != "" {
		coverID, err := b.toolID(ctx, "cover")
		if err != nil {
			return [32]byte{}, err
		}
		fmt.Fprintf(h, "cover %q %q\n", mode, coverID)
	}
	if info := b.buildInfo(p); info != "" {
		fmt.Fprintf(h, "modinfo %q\n", info)
	}
	compileID, err := b.toolID(ctx, "compile")
	if err != nil {
		return [32]byte{}, err
	}
	fmt.Fprintf(h, "compile %s %q %q\n", compileID, b.mode.gcflags, b.options(p).gcflags)
	if len(p.SFiles) > 0 {
		asmID, err := b.toolID(ctx, "asm")
		if err != nil {
			return [32]byte{}, err
		}
		fmt.Fprintf(h, "asm %q %q %q\n", asmID, b.mode.asmflags, b.options(p).asmflags)
	}
	key, val, _ := b.archEnv()
	fmt.Fprintf(h, "%s=%s\n", key, val)
	if x := b.cleanExperiment(); x != "" {
		fmt.Fprintf(h, "GOEXPERIMENT=%q\n", x)
	}
	for _, name := range []string{"GOCLOBBERDEADHASH", "GOSSAFUNC", "GOSSADIR", "GOCOMPILEDEBUG"} {
		if v := b.env.OSGetenv(name); v != "" {
			fmt.Fprintf(h, "magic %s=%s\n", name, v)
		}
	}
	inputs := str.StringList(p.GoFiles, p.CgoFiles, p.CFiles, p.CXXFiles, p.FFiles, p.MFiles,
		p.HFiles, p.SFiles, p.SysoFiles, p.SwigFiles, p.SwigCXXFiles, p.EmbedFiles)
	for _, f := range inputs {
		fmt.Fprintf(h, "file %s %s\n", f, b.fileHash(filepath.Join(p.Dir, f)))
	}
	for _, a1 := range a.Deps {
		if p1 := a1.Package; p1 != nil && p1 != p { // (p's own cgo actions are no import)
			fmt.Fprintf(h, "import %s %s\n", p1.ImportPath, buildid.ContentID(a1.buildID))
		}
		if a1.Mode == pgoMode {
			fmt.Fprintf(h, "pgofile %s\n", b.fileHash(a1.built))
		}
	}
	return h.Sum(), nil
}

// cleanExperiment is GOEXPERIMENT as go normalizes it for hashing: the
// experiments that differ from the target's defaults, or "".
func (b *Builder) cleanExperiment() string {
	if x := b.env.Experiments(); x != nil {
		return x.String()
	}
	return ""
}

// buildInfo returns the build information recorded in p's executable.
func (b *Builder) buildInfo(p *load.Package) string {
	if b.cfg.BuildInfo == nil || p.Name != "main" {
		return ""
	}
	return b.cfg.BuildInfo(p)
}

// linkActionID hashes everything a link depends on.
func (b *Builder) linkActionID(ctx context.Context, a *Action) ([32]byte, error) {
	p := a.Package
	h := b.newHash("link " + p.ImportPath)
	fmt.Fprintf(h, "link\n")
	fmt.Fprintf(h, "buildmode %s goos %s goarch %s\n", b.mode.name, b.env.GOOS(), b.env.GOARCH())
	fmt.Fprintf(h, "import %q\n", p.ImportPath)
	fmt.Fprintf(h, "omitdebug %v standard %v local %v prefix %q\n", b.options(p).omitDebug, p.Standard, p.Internal.Local, p.Internal.LocalPrefix)
	fmt.Fprintf(h, "defaultgodebug %q\n", p.DefaultGODEBUG)
	if b.flags.Trimpath {
		fmt.Fprintln(h, "trimpath")
	}
	linkID, err := b.toolID(ctx, "link")
	if err != nil {
		return [32]byte{}, err
	}
	fmt.Fprintf(h, "link %s %q %s\n", linkID, b.mode.ldflags, b.mode.ld)
	fmt.Fprintf(h, "linkflags %q\n", b.options(p).ldflags)
	key, val, _ := b.archEnv()
	fmt.Fprintf(h, "%s=%s\n", key, val)
	if x := b.cleanExperiment(); x != "" {
		fmt.Fprintf(h, "GOEXPERIMENT=%q\n", x)
	}
	goroot := b.env.GOROOT()
	if b.flags.Trimpath {
		goroot = ""
	}
	fmt.Fprintf(h, "GOROOT=%s\n", goroot)
	fmt.Fprintf(h, "GO_EXTLINK_ENABLED=%s\n", b.env.Get("GO_EXTLINK_ENABLED"))
	for _, a1 := range a.Deps {
		p1 := a1.Package
		if p1 == nil {
			continue
		}
		if a1.built != "" || a1.buildID != "" {
			id := a1.buildID
			if id == "" {
				id = b.readBuildID(a1.built)
			}
			fmt.Fprintf(h, "packagefile %s=%s\n", p1.ImportPath, buildid.ContentID(id))
		}
		if p1.Name == "main" {
			fmt.Fprintf(h, "packagemain %s\n", a1.buildID)
		}
	}
	return h.Sum(), nil
}

// readBuildID returns the build ID of a file, or its content hash when
// it has none.
func (b *Builder) readBuildID(file string) string {
	b.buildIDMu.Lock()
	id, ok := b.buildIDs[file]
	b.buildIDMu.Unlock()
	if ok {
		return id
	}
	id, err := buildid.ReadFile(file)
	if err != nil {
		id = b.fileHash(file)
	}
	b.buildIDMu.Lock()
	b.buildIDs[file] = id
	b.buildIDMu.Unlock()
	return id
}
