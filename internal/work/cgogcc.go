package work

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"gocmd/internal/buildid"
	"gocmd/internal/tool"
)

// cgoShared is the C compiler knowledge one build gathers: which flags
// each compiler accepts and the compilers' cache keys.
type cgoShared struct {
	mu          sync.Mutex
	flags       map[[2]string]bool         // (compiler, flag) -> supported
	compilerIDs map[string]compilerCacheID // compiler -> its cache key
}

type compilerCacheID struct {
	id [32]byte
	ok bool
}

// cCompilerEnv is the environment added for C compilers: no escape
// codes in their messages.
func cCompilerEnv() []string { return []string{"TERM=dumb"} }

// ccExe, cxxExe and fcExe return the C, C++ and Fortran compiler
// commands ($CC, $CXX, $FC or the defaults).
func (b *Builder) ccExe() []string {
	cc, _ := b.env.CC()
	return cc
}

func (b *Builder) cxxExe() []string {
	cxx, _ := b.env.CXX()
	return cxx
}

func (b *Builder) fcExe() []string {
	fc, _ := b.env.List("FC", "gfortran")
	return fc
}

// compilerCmd returns the command line prefix for running compiler on
// the files of a package in incdir, with objdir as the directory
// debug information names /tmp/go-build.
func (b *Builder) compilerCmd(compiler []string, incdir, objdir string) []string {
	if objdir == "" {
		objdir = b.WorkDir
	}
	return b.env.CompilerCmd(compiler, incdir, objdir, b.gccSupportsFlag)
}

// gccSupportsFlag reports whether the C compiler accepts flag, asking it
// once per build (the answer is kept in the build cache under the
// compiler's identity). Under -n the probe is only shown and the
// answer is no.
func (b *Builder) gccSupportsFlag(compiler []string, flag string) bool {
	sh := b.Shell(nil)
	args := b.env.ProbeArgs(compiler, flag)
	if b.flags.N {
		sh.ShowCmd(b.WorkDir, "%s || true", JoinUnambiguously(args))
		return false
	}
	compilerID, cacheOK := b.gccCompilerID(compiler[0])

	s := &b.cgoShared
	s.mu.Lock()
	defer s.mu.Unlock()
	key := [2]string{compiler[0], flag}
	if ok, found := s.flags[key]; found {
		return ok
	}
	if s.flags == nil {
		s.flags = map[[2]string]bool{}
	}
	c := b.cfg.Cache
	var flagID [32]byte
	if cacheOK && c != nil {
		flagID = b.subkey(compilerID, "gccSupportsFlag "+flag)
		if data, _, err := c.GetBytes(flagID); err == nil {
			ok := string(data) == "true"
			s.flags[key] = ok
			return ok
		}
	}
	if b.flags.X {
		sh.ShowCmd(b.WorkDir, "%s || true", JoinUnambiguously(args))
	}
	ok := b.env.ProbeFlag(context.Background(), args, b.WorkDir)
	if cacheOK && c != nil {
		c.PutBytes(flagID, []byte(fmt.Sprint(ok)))
	}
	s.flags[key] = ok
	return ok
}

// gccCompilerID returns the build cache key of a C compiler: the hash
// of its path, the path of the compiler proper and its version.
func (b *Builder) gccCompilerID(compiler string) ([32]byte, bool) {
	if b.flags.N {
		b.Shell(nil).ShowCmd(b.WorkDir, "%s || true", JoinUnambiguously([]string{compiler, "--version"}))
		return [32]byte{}, false
	}
	s := &b.cgoShared
	s.mu.Lock()
	if r, ok := s.compilerIDs[compiler]; ok {
		s.mu.Unlock()
		return r.id, r.ok
	}
	s.mu.Unlock()
	id, ok := b.computeGccCompilerID(compiler)
	s.mu.Lock()
	if s.compilerIDs == nil {
		s.compilerIDs = map[string]compilerCacheID{}
	}
	s.compilerIDs[compiler] = compilerCacheID{id, ok}
	s.mu.Unlock()
	return id, ok
}

func (b *Builder) computeGccCompilerID(compiler string) ([32]byte, bool) {
	exe, err := b.env.LookPath(compiler)
	if err != nil {
		return [32]byte{}, false
	}
	h := b.newHash("gccCompilerID")
	fmt.Fprintf(h, "gccCompilerID %q", exe)
	key := h.Sum()
	toolID, exe2, err := b.gccToolID(compiler, "c")
	if err != nil {
		return [32]byte{}, false
	}
	exes := []string{exe, exe2}
	exes = slices.Compact(exes)
	fmt.Fprintf(h, "gccCompilerID %q %q\n", exes, toolID)
	id := h.Sum()

	// The cache entry under key records the files the ID depends on
	// (name and stat line each) followed by the ID, as go writes it.
	var buf bytes.Buffer
	for _, f := range exes {
		if f == "" {
			continue
		}
		info, err := os.Stat(f)
		if err != nil {
			return [32]byte{}, false
		}
		fmt.Fprintf(&buf, "%s\x00stat %d %x %v %v\n\x00", f, info.Size(), uint64(info.Mode()), info.ModTime(), info.IsDir())
	}
	buf.Write(id[:])
	if c := b.cfg.Cache; c != nil {
		c.PutBytes(key, buf.Bytes())
	}
	return id, true
}

// ccompile runs a C, C++, Objective-C, Fortran or assembler compiler
// (the prefix compiler) over one file of a's package, writing outfile.
func (b *Builder) ccompile(a *Action, outfile string, flags []string, file string, compiler []string) error {
	p := a.Package
	sh := b.Shell(a)
	file = mkAbs(p.Dir, file)
	if a.cgo != nil {
		if copied, ok := a.cgo.nonGoOverlay[file]; ok {
			file = copied
		}
	}
	outfile = mkAbs(p.Dir, outfile)
	flags = append([]string(nil), flags...)

	if b.gccSupportsFlag(compiler, "-fdebug-prefix-map=a=b") && (b.flags.Trimpath || p.Goroot) {
		fileMap := b.gccSupportsFlag(compiler, "-ffile-prefix-map=a=b")
		from, to := b.cTrimpath(a)
		flags = append(flags, tool.PrefixMap(fileMap, b.env.GOOS(), from, to))
	}
	if b.gccSupportsFlag(compiler, "-frandom-seed=1") {
		flags = append(flags, "-frandom-seed="+buildid.HashToString(a.actionID))
	}
	g := &tool.GccCompile{Compiler: compiler, Flags: flags, Output: outfile, File: filepath.Base(file)}
	out, err := sh.RunOut(filepath.Dir(file), cCompilerEnv(), g.Args()...)

	// clang 3.8 on FreeBSD warns about DWARF2 sections under -g: retry
	// without -g.
	if bytes.Contains(out, []byte("DWARF2 only supports one section per compilation unit")) {
		var noG []string
		for _, f := range flags {
			if !strings.HasPrefix(f, "-g") {
				noG = append(noG, f)
			}
		}
		if len(noG) < len(flags) {
			return b.ccompile(a, outfile, noG, file, compiler)
		}
	}
	if len(out) > 0 && err == nil && b.env.OSGetenv("GO_BUILDER_NAME") != "" {
		out = append(out, "C compiler warning promoted to error on Go builders\n"...)
		err = fmt.Errorf("warning promoted to error")
	}
	return sh.Report("", "", out, err)
}

// cTrimpath returns the directory that C debug information names
// differently under -trimpath (and always for GOROOT), and its new name.
func (b *Builder) cTrimpath(a *Action) (from, to string) {
	p := a.Package
	m := p.Module
	switch {
	case m == nil && p.Root == "":
		return p.Dir, p.ImportPath
	case m == nil && p.Goroot:
		return p.Root, "GOROOT"
	case m == nil:
		return p.Root, "GOPATH"
	case m.Dir == "":
		// A vendored module: its whole vendor directory.
		dir := p.Dir
		sep := string(filepath.Separator)
		if i := strings.LastIndex(dir+sep, sep+"vendor"+sep); i >= 0 {
			dir = dir[:i+len(sep+"vendor")]
		}
		return dir, "vendor"
	}
	to = m.Path
	if m.Version != "" {
		to += "@" + m.Version
	}
	return m.Dir, to
}

// gccld links the objects of a cgo package into outfile, to learn its
// dynamic imports. Failure is expected at times and not reported.
func (b *Builder) gccld(a *Action, objdir, outfile string, flags, objs []string) error {
	p := a.Package
	sh := b.Shell(a)
	compiler := b.ccExe()
	if len(p.CXXFiles)+len(p.SwigCXXFiles) > 0 {
		compiler = b.cxxExe()
	}
	l := &tool.GccLink{Compiler: b.compilerCmd(compiler, p.Dir, objdir), Output: outfile, Objects: objs, Flags: flags}
	_, err := sh.RunOut(b.cfg.Dir, cCompilerEnv(), l.Args()...)
	if sh.showing() {
		saw := "succeeded"
		if err != nil {
			saw = "failed"
		}
		sh.ShowCmd("", "%s # test for internal linking errors (%s)", JoinUnambiguously(l.Args()), saw)
	}
	return err
}
