package work

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"gocmd/internal/buildid"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/load"
	"gocmd/internal/str"
)

// ModeVetOnly (or'ed into a Mode) asks CompileAction for a build whose
// only purpose is vet: the package's files are listed, but nothing is
// compiled unless something else needs the archive.
const ModeVetOnly Mode = 1 << 8

// VetOptions configure the vet actions of a build (go vet, go fix, and
// the vet step of go test).
type VetOptions struct {
	Tool     string   // the analysis program; "" is GOROOT's vet
	Flags    []string // flags for the tool
	Explicit bool     // the flags were given explicitly
	// HandleStdout receives the tool's standard output of each run
	// (saved in the cache and replayed from it); nil copies it to the
	// command's standard output.
	HandleStdout func(r io.Reader) error
}

// SetVetOptions configures the vet actions.
func (b *Builder) SetVetOptions(o VetOptions) { b.vet = o }

// A vetConfig is the JSON configuration file the vet tool reads (its
// field order is go's, which writes the same file).
type vetConfig struct {
	ID           string
	Compiler     string
	Dir          string
	ImportPath   string
	GoFiles      []string
	NonGoFiles   []string
	IgnoredFiles []string

	ModulePath    string
	ModuleVersion string
	ImportMap     map[string]string
	PackageFile   map[string]string
	Standard      map[string]bool
	PackageVetx   map[string]string
	VetxOnly      bool
	VetxOutput    string
	Stdout        string
	GoVersion     string
	FixArchive    string

	SucceedOnTypecheckFailure bool
}

// vetInfo is the per-action vet state.
type vetInfo struct {
	vetxOnly   bool   // compute facts only, report nothing
	needFix    bool   // write the fixes to an archive
	fixArchive string // the archive of fixes, once written
}

// VetAction returns the action vetting p (reporting its problems), after
// computing the facts of its dependencies.
func (b *Builder) VetAction(mode, depMode Mode, needFix bool, p *load.Package) *Action {
	a := b.vetAction(mode, depMode, p)
	a.vet.vetxOnly = false
	a.vet.needFix = needFix
	return a
}

func (b *Builder) vetAction(mode, depMode Mode, p *load.Package) *Action {
	return b.cached("vet", p, func() *Action {
		a1 := b.CompileAction(mode|ModeVetOnly, depMode, p)
		deps := []*Action{a1}
		for _, p1 := range p.Internal.Imports {
			deps = append(deps, b.vetAction(mode, depMode, p1))
		}
		a := &Action{
			Mode:       "vet",
			Package:    p,
			Deps:       deps,
			Objdir:     a1.Objdir,
			IgnoreFail: true,
			vet:        &vetInfo{vetxOnly: true},
		}
		if a1.Actor == nil {
			return a // unsafe, builtin
		}
		a1.needVet = true
		a.Actor = (*Builder).runVet
		return a
	})
}

// FixArchive returns the archive of fixes a vet action wrote, or "".
func (a *Action) FixArchive() string {
	if a.vet == nil {
		return ""
	}
	return a.vet.fixArchive
}

// vetSrcfiles returns the files the compile of a (a build action)
// handles: the list the build recorded, or the one in the build cache.
func (b *Builder) vetSrcfiles(a *Action) ([]string, error) {
	if a.srcfiles != nil {
		return a.srcfiles, nil
	}
	p := a.Package
	if b.flags.N || b.cfg.Cache == nil {
		return str.StringList(p.GoFiles, p.SFiles), nil
	}
	files, err := b.cachedSrcfiles(a)
	if err != nil && len(p.CgoFiles) == 0 {
		// Without cgo the list is the package's own files.
		return str.StringList(p.GoFiles, p.SFiles), nil
	}
	return files, err
}

// cachedSrcfiles returns the list of files of the build action a
// recorded in the build cache, with the generated ones copied from the
// cache into a's object directory.
func (b *Builder) cachedSrcfiles(a *Action) ([]string, error) {
	if b.cfg.Cache == nil {
		return nil, fmt.Errorf("no build cache")
	}
	list, _, err := b.cfg.Cache.GetBytes(b.subkey(a.actionID, "srcfiles"))
	if err != nil {
		return nil, fmt.Errorf("reading srcfiles list: %w", err)
	}
	var files []string
	for _, name := range strings.Split(string(list), "\n") {
		if name == "" {
			continue
		}
		if f, ok := strings.CutPrefix(name, "./"); ok {
			files = append(files, f)
			continue
		}
		file, err := b.cachedObjdirFile(a, name)
		if err != nil {
			return nil, err
		}
		// vet needs the generated file under its own name.
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(a.Objdir, 0o777); err != nil {
			return nil, err
		}
		if err := os.WriteFile(a.Objdir+name, data, 0o666); err != nil {
			return nil, err
		}
		files = append(files, a.Objdir+name)
	}
	return files, nil
}

// vetOnlyFromCache lets a build needed only by vet skip everything
// (cgo included) when the cache lists its files.
func (b *Builder) vetOnlyFromCache(a *Action) bool {
	if a.needBuild || !a.needVet || b.flags.N || b.cfg.IsCmdList {
		return false
	}
	files, err := b.cachedSrcfiles(a)
	if err != nil {
		return false
	}
	a.srcfiles = files
	return true
}

// newVetConfig builds the vet configuration of the build action a.
func (b *Builder) newVetConfig(a *Action, srcfiles []string) *vetConfig {
	p := a.Package
	var gofiles, nongofiles []string
	for _, name := range srcfiles {
		if strings.HasSuffix(name, ".go") {
			gofiles = append(gofiles, name)
		} else {
			nongofiles = append(nongofiles, name)
		}
	}
	absAll := func(files []string) []string {
		out := []string{}
		for _, f := range files {
			if !filepath.IsAbs(f) {
				f = filepath.Join(p.Dir, f)
			}
			out = append(out, b.actual(f))
		}
		return out
	}
	vcfg := &vetConfig{
		ID:           p.ImportPath,
		Compiler:     "gc",
		Dir:          p.Dir,
		GoFiles:      absAll(gofiles),
		NonGoFiles:   absAll(nongofiles),
		IgnoredFiles: absAll(str.StringList(p.IgnoredGoFiles, p.IgnoredOtherFiles)),
		ImportPath:   p.ImportPath,
		ImportMap:    map[string]string{},
		PackageFile:  map[string]string{},
		Standard:     map[string]bool{},
		GoVersion:    "go" + b.localVersion(),
	}
	if m := p.Module; m != nil {
		v := m.GoVersion
		if v == "" {
			v = "1.16"
		}
		vcfg.GoVersion = "go" + v
		if m.Error == nil {
			vcfg.ModulePath = m.Path
			vcfg.ModuleVersion = m.Version
		}
	}
	for i, raw := range p.Internal.RawImports {
		if i < len(p.Imports) {
			vcfg.ImportMap[raw] = p.Imports[i]
		}
	}
	mapped := map[string]bool{}
	for _, path := range vcfg.ImportMap {
		mapped[path] = true
	}
	for _, a1 := range a.Deps {
		p1 := a1.Package
		if p1 == nil || p1.ImportPath == "" || p1 == p {
			continue
		}
		if !mapped[p1.ImportPath] {
			vcfg.ImportMap[p1.ImportPath] = p1.ImportPath
		}
		if a1.built != "" {
			vcfg.PackageFile[p1.ImportPath] = a1.built
		}
		if p1.Standard {
			vcfg.Standard[p1.ImportPath] = true
		}
	}
	return vcfg
}

// runVet is the actor of a "vet" action: it runs the analysis tool on
// the package (a.Deps[0] is its build), unless the build cache has the
// result.
func (b *Builder) runVet(ctx context.Context, a *Action) error {
	a.Failed = nil // a dependency's vet may fail; this one can still run
	a1 := a.Deps[0]
	if a1.Failed != nil {
		return nil
	}
	srcfiles, err := b.vetSrcfiles(a1)
	if err != nil {
		return err
	}
	vcfg := b.newVetConfig(a1, srcfiles)
	sh := b.Shell(a)
	p := a.Package

	vcfg.VetxOnly = a.vet.vetxOnly
	vcfg.VetxOutput = a.Objdir + "vet.out"
	vcfg.Stdout = a.Objdir + "vet.stdout"
	if a.vet.needFix {
		vcfg.FixArchive = a.Objdir + "vet.fix.zip"
	}
	vcfg.PackageVetx = map[string]string{}

	h := b.newHash("vet " + p.ImportPath)
	tool := b.vet.Tool
	if tool == "" {
		tool = b.tool("vet")
	}
	vetID, err := b.vetToolID(ctx, tool)
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "vet %q\n", vetID)
	flags := b.vet.Flags
	if p.Goroot && !b.vet.Explicit && tool == b.tool("vet") {
		// Too much low-level code trips these checks.
		flags = []string{"-unsafeptr=false"}
		if b.cfg.CmdName == "test" {
			flags = append(flags, "-unreachable=false")
		}
	}
	fmt.Fprintf(h, "vetflags %q\n", flags)
	fmt.Fprintf(h, "pkg %q\n", a1.actionID)
	for _, d := range a.Deps {
		if d.Mode == "vet" && d.built != "" {
			fmt.Fprintf(h, "vetout %q %s\n", d.Package.ImportPath, b.fileHash(d.built))
			vcfg.PackageVetx[d.Package.ImportPath] = d.built
		}
	}
	id := h.Sum()
	stdoutKey := b.subkey(id, "stdout")
	fixKey := b.subkey(id, "fix.zip")

	if c := b.cfg.Cache; c != nil && !b.flags.A {
		if done, err := b.vetFromCache(a, id, stdoutKey, fixKey); done {
			return err
		}
	}

	if err := sh.Mkdir(a.Objdir); err != nil {
		return err
	}
	js, err := json.MarshalIndent(vcfg, "", "\t")
	if err != nil {
		return fmt.Errorf("internal error marshaling vet config: %v", err)
	}
	js = append(js, '\n')
	if err := sh.WriteFile(a.Objdir+"vet.cfg", js); err != nil {
		return err
	}
	args := []string{}
	if b.flags.Toolexec != nil && len(b.flags.Toolexec) > 0 {
		args = append(args, b.flags.Toolexec...)
	}
	args = append(args, tool)
	args = append(args, flags...)
	args = append(args, a.Objdir+"vet.cfg")
	if err := sh.Run(p.Dir, p.ImportPath, []string{"TERM=dumb"}, args...); err != nil {
		return err
	}
	if b.flags.N {
		return nil
	}
	c := b.cfg.Cache
	if f, err := os.Open(vcfg.VetxOutput); err == nil {
		a.built = vcfg.VetxOutput
		if c != nil {
			c.Put(id, f)
		}
		f.Close()
	}
	if a.vet.needFix {
		if f, err := os.Open(vcfg.FixArchive); err == nil {
			a.vet.fixArchive = vcfg.FixArchive
			if c != nil {
				c.Put(fixKey, f)
			}
			f.Close()
		}
	}
	if data, err := os.ReadFile(vcfg.Stdout); err == nil {
		if err := b.vetStdout(bytes.NewReader(data)); err != nil {
			return err
		}
		if c != nil {
			c.PutBytes(stdoutKey, data)
		}
	}
	return nil
}

// vetFromCache uses the cached results of a vet run: its facts, its
// fixes if needed, and its standard output. done reports a hit.
func (b *Builder) vetFromCache(a *Action, id, stdoutKey, fixKey [32]byte) (done bool, err error) {
	c := b.cfg.Cache
	vetx, err := c.GetFile(id)
	if err != nil {
		return false, nil
	}
	fix := ""
	if a.vet.needFix {
		if fix, err = c.GetFile(fixKey); err != nil {
			return false, nil
		}
	}
	var stdout []byte
	if file, err := c.GetFile(stdoutKey); err == nil {
		if stdout, err = os.ReadFile(file); err != nil {
			return false, nil
		}
	}
	a.built = vetx
	a.vet.fixArchive = fix
	return true, b.vetStdout(bytes.NewReader(stdout))
}

// vetStdout passes the tool's standard output on.
func (b *Builder) vetStdout(r io.Reader) error {
	if h := b.vet.HandleStdout; h != nil {
		return h(r)
	}
	b.vetMu.Lock()
	defer b.vetMu.Unlock()
	w := b.cfg.Stdout
	if w == nil {
		w = os.Stdout
	}
	if _, err := io.Copy(w, r); err != nil {
		return fmt.Errorf("copying vet tool stdout: %w", err)
	}
	return nil
}

// vetToolID returns the identity of the analysis tool (go's "vet" tool
// ID, which is that of the -vettool or fix program when one is used).
func (b *Builder) vetToolID(ctx context.Context, tool string) (string, error) {
	v, _ := b.toolIDs.LoadOrStore("vet\x00"+tool, new(toolIDResult))
	r := v.(*toolIDResult)
	r.once.Do(func() {
		run := buildid.ToolIDRunner{Toolexec: b.flags.Toolexec, Env: b.env.Environ()}
		r.id, r.err = run.ToolID(ctx, buildid.Tool{Name: "vet", Path: tool, Custom: true})
		if tie, ok := r.err.(*buildid.ToolIDError); ok && tie.Stderr != "" {
			r.err = fmt.Errorf("%sgo: %v", tie.Stderr, r.err)
		} else if r.err != nil {
			r.err = fmt.Errorf("go: %v", r.err)
		}
	})
	return r.id, r.err
}
