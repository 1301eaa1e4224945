package work

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gocmd/internal/str"
	"gocmd/internal/tool"
)

// Markers around the build information in a binary (runtime.modinfo).
var (
	modinfoStart = []byte("\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6")
	modinfoEnd   = []byte("\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2")
)

// link is the actor of a "link" action.
func (b *Builder) link(ctx context.Context, a *Action) error {
	id, err := b.linkActionID(ctx, a)
	if err != nil {
		return err
	}
	if b.useCache(ctx, a, id, b.target(a.Package), !b.cfg.IsCmdList) || b.cfg.IsCmdList {
		return nil
	}
	discarded := b.linkDiscarded(a)
	if discarded && b.linkedBefore(a) {
		return nil
	}
	defer b.flushOutput(a)
	sh := b.Shell(a)
	if err := sh.Mkdir(a.Objdir); err != nil {
		return err
	}
	importcfg := a.Objdir + "importcfg.link"
	if err := b.writeLinkImportcfg(a, importcfg); err != nil {
		return err
	}
	if dir, _ := filepath.Split(a.Target); dir != "" {
		if err := sh.Mkdir(dir); err != nil {
			return err
		}
	}
	if err := b.ld(a, a.Target, importcfg, a.Deps[0].built); err != nil {
		return err
	}
	if err := b.updateBuildID(a, a.Target); err != nil {
		return err
	}
	a.built = a.Target
	if discarded {
		b.recordLinked(a)
	}
	return nil
}

// writeLinkImportcfg writes the linker's import configuration: every
// package of the program and the build information.
func (b *Builder) writeLinkImportcfg(a *Action, file string) error {
	var buf bytes.Buffer
	for _, a1 := range a.Deps {
		if p1 := a1.Package; p1 != nil {
			fmt.Fprintf(&buf, "packagefile %s=%s\n", p1.ImportPath, a1.built)
			if p1.Shlib != "" {
				fmt.Fprintf(&buf, "packageshlib %s=%s\n", p1.ImportPath, p1.Shlib)
			}
		}
	}
	info := b.buildInfo(a.Package)
	data := append(append(append([]byte(nil), modinfoStart...), info...), modinfoEnd...)
	fmt.Fprintf(&buf, "modinfo %q\n", data)
	return b.Shell(a).WriteFile(file, buf.Bytes())
}

// ld runs the linker.
func (b *Builder) ld(a *Action, target, importcfg, mainpkg string) error {
	p := a.Package
	cxx := len(p.CXXFiles)+len(p.SwigCXXFiles) > 0
	for _, a1 := range a.Deps {
		if p1 := a1.Package; p1 != nil && len(p1.CXXFiles)+len(p1.SwigCXXFiles) > 0 {
			cxx = true
		}
	}
	l := &tool.Link{
		Toolexec:       b.flags.Toolexec,
		Tool:           b.tool("link"),
		Output:         target,
		Importcfg:      importcfg,
		InstallSuffix:  b.mode.installSuffix,
		OmitDebug:      b.options(p).omitDebug,
		GodebugDefault: p.DefaultGODEBUG,
		Buildmode:      b.mode.ld,
		BuildID:        a.buildID,
		MainPkg:        mainpkg,
	}
	if p.Goroot && strings.HasPrefix(p.ImportPath, "cmd/") && !mustLinkExternal(b.env.GOOS(), b.env.GOARCH()) {
		l.ToolBuildID = a.buildID
	}
	if b.mode.name == "plugin" {
		path, err := b.pluginPath(a)
		if err != nil {
			return err
		}
		l.PluginPath = path
	}
	if fips := b.env.Var("GOFIPS140"); fips != "" && fips != "off" {
		// The linker writes the FIPS module's object there for its
		// self-check.
		l.FIPSObject = filepath.Join(a.Objdir, "fips.o")
	}
	l.Flags = append(append([]string(nil), b.mode.ldflags...), b.options(p).ldflags...)
	var cc []string
	var err error
	if cxx {
		cc, err = b.env.CXX()
	} else {
		cc, err = b.env.CC()
	}
	if err != nil {
		return err
	}
	if len(cc) > 0 {
		l.Extld, err = str.JoinQuotedFields(cc)
		if err != nil {
			return err
		}
	}
	dir := "."
	if b.mode.name == "c-shared" || b.mode.name == "plugin" {
		dir, l.Output = filepath.Split(target)
	}
	env := b.changedEnv()
	if b.flags.Trimpath {
		env = append(env, "GOROOT=")
	} else {
		env = append(env, "GOROOT="+b.env.GOROOT())
	}
	return b.Shell(a).Run(dir, p.ImportPath, env, l.Args()...)
}

// mustLinkExternal reports whether programs for the target always link
// externally.
func mustLinkExternal(goos, goarch string) bool {
	switch goos {
	case "android":
		return goarch != "arm64"
	case "ios":
		return goarch == "arm64"
	}
	return false
}

// install is the actor of "build-install" and "link-install" actions:
// it moves the result of the build (its first dependency) to the
// target.
func (b *Builder) install(ctx context.Context, a *Action) (err error) {
	defer func() {
		if err != nil {
			path := ""
			if a.Package != nil {
				path = " " + a.Package.ImportPath
			}
			err = fmt.Errorf("go %s%s: %v", b.cfg.CmdName, path, err)
		}
	}()
	sh := b.Shell(a)
	a1 := a.Deps[0]
	a.buildID = a1.buildID
	if a1.built == a.Target {
		// Already up to date in place: make it look freshly written.
		a.built = a.Target
		b.cleanup(a1)
		if !b.cfg.IsCmdList {
			if b.flags.N {
				sh.ShowCmd("", "touch %s", a.Target)
			} else {
				now := time.Now()
				os.Chtimes(a.Target, now, now)
			}
		}
		return nil
	}
	if b.cfg.IsCmdList {
		a.built = a1.built
		return nil
	}
	if err := sh.Mkdir(a.Objdir); err != nil {
		return err
	}
	perm := fs.FileMode(0o666)
	if a1.Mode == "link" {
		switch b.mode.name {
		case "c-archive", "c-shared", "plugin":
		default:
			perm = 0o777
		}
	}
	if dir, _ := filepath.Split(a.Target); dir != "" {
		if err := sh.Mkdir(dir); err != nil {
			return err
		}
	}
	defer b.cleanup(a1)
	return sh.MoveOrCopyFile(a.Target, a1.built, perm, false)
}

// cleanup removes an action's object directory, unless -work.
func (b *Builder) cleanup(a *Action) {
	if !b.flags.Work {
		b.Shell(a).RemoveAll(a.Objdir)
	}
}
