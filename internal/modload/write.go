package modload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/lockedfile"
	"gocmd/internal/modfetch"
)

// This file is the write path: changing the requirements of the main
// module and committing them to go.mod and go.sum.
//
// The requirements ("roots") are the main module's require lines plus
// two pseudo-modules: "go" (the go line) and "toolchain" (the toolchain
// line, when there is one). A command that changes them (go get, go mod
// tidy, -mod=mod import resolution) calls SetRequirements, which makes
// later graph queries see the new roots, and then Commit, which writes
// go.mod and go.sum as go does (or reports why it may not).

const (
	// separateIndirectVersion: go.mod keeps indirect requirements in a
	// block of their own from this go version on.
	separateIndirectVersion = "1.17"
	// tidyGoModSumVersion: go.sum keeps the go.mod hashes of the modules
	// providing packages from this go version on.
	tidyGoModSumVersion = "1.21"
)

// Requirements is the requirement set of the main module.
type Requirements struct {
	// Roots are the required module versions, including "go" and,
	// when set, "toolchain" (its version is a toolchain name, "go1.22.1").
	Roots []module.Version
	// Direct holds the paths required directly (written without
	// "// indirect").
	Direct map[string]bool
}

// Requirements returns a copy of the current requirements.
func (s *State) Requirements() Requirements {
	r := Requirements{Roots: append([]module.Version(nil), s.roots...), Direct: map[string]bool{}}
	for p, d := range s.direct {
		r.Direct[p] = d
	}
	return r
}

// SetRequirements replaces the requirements of the main module. The
// module graph is recomputed the next time it is needed. Nothing is
// written until Commit. Not for concurrent use with graph queries.
func (s *State) SetRequirements(r Requirements) {
	roots := append([]module.Version(nil), r.Roots...)
	gover.ModSort(roots)
	s.roots = roots
	s.direct = map[string]bool{}
	for p, d := range r.Direct {
		if d {
			s.direct[p] = true
		}
	}
	if len(s.mods) == 1 && !s.inWorkspace() {
		for _, m := range roots {
			if m.Path == "go" {
				s.pruning = pruningFor(m.Version)
			}
		}
	}
	s.dirtyRoots = false
	s.resetGraph()
}

// resetGraph forgets the loaded module graph.
func (s *State) resetGraph() {
	s.graphOnce = sync.Once{}
	s.graph = nil
	s.graphErr = nil
}

// WriteOpts adjust what Commit writes.
type WriteOpts struct {
	// DropToolchain removes the toolchain line (go get toolchain@none).
	DropToolchain bool
	// ExplicitToolchain keeps a toolchain line the user asked for even
	// when it names a version below go1.21.
	ExplicitToolchain bool
	// AddTools and DropTools are tool lines to add and remove.
	AddTools, DropTools []string
	// TidyWroteGo: go mod tidy already set the go line.
	TidyWroteGo bool
	// Tidy trims go.sum to the lines needed (go mod tidy), and always
	// writes go.mod when it differs in bytes.
	Tidy bool
	// Keep, if set, says which go.sum lines are needed (versions
	// suffixed "/go.mod" for go.mod hashes) instead of the default
	// computed from the module graph and the packages imported so far.
	Keep map[module.Version]bool
}

// errNoChange: go.mod stays as it is.
var errNoChange = errors.New("no change")

// UpdatedGoMod returns the main module's go.mod formatted before and
// after applying the current requirements, and whether the change is
// significant (go.mod must be written). In workspace mode or without a
// go.mod, both are nil.
func (s *State) UpdatedGoMod(opts WriteOpts) (before, after []byte, dirty bool, err error) {
	f, before, after, err := s.updatedModFile(opts)
	if err != nil {
		if errors.Is(err, errNoChange) {
			return nil, nil, false, nil
		}
		return nil, nil, false, err
	}
	return before, after, s.modFileIsDirty(f) || len(opts.AddTools) > 0 || len(opts.DropTools) > 0, nil
}

func (s *State) updatedModFile(opts WriteOpts) (*modfile.File, []byte, []byte, error) {
	if s.inWorkspace() || len(s.mods) != 1 {
		return nil, nil, nil, errNoChange
	}
	mi := s.mods[0]
	data, err := s.fs.ReadFile(s.abs(mi.gomod))
	if err != nil {
		return nil, nil, nil, err
	}
	var fixed bool
	f, err := modfile.Parse(mi.gomod, data, s.versionFixer(context.Background(), &fixed))
	if err != nil {
		return nil, nil, nil, err
	}
	before, err := f.Format()
	if err != nil {
		return nil, nil, nil, err
	}
	var list []*modfile.Require
	goVersion, toolchain := "", ""
	for _, m := range s.roots {
		switch m.Path {
		case "go":
			goVersion = m.Version
		case "toolchain":
			toolchain = m.Version
		default:
			list = append(list, &modfile.Require{Mod: m, Indirect: !s.direct[m.Path]})
		}
	}
	if goVersion == "" {
		return nil, nil, nil, errors.New("go: internal error: missing go root module in WriteGoMod")
	}
	if gover.Compare(goVersion, s.localGo) > 0 {
		return nil, nil, nil, &gover.TooNewError{What: "updating go.mod", GoVersion: goVersion, Local: s.localGo}
	}
	if !opts.TidyWroteGo && f.Go == nil || f.Go != nil && f.Go.Version != goVersion {
		always := s.buildMod == "mod" || s.cfg.CmdName == "mod tidy" || s.cfg.CmdName == "get"
		if !(f.Go == nil && goVersion == gover.DefaultGoModVersion && !always) {
			if err := f.AddGoStmt(goVersion); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	if toolchain == "" {
		toolchain = "go" + goVersion
	}
	if opts.DropToolchain || toolchain == "go"+goVersion ||
		(gover.Compare(gover.FromToolchain(toolchain), gover.GoStrictVersion) < 0 && !opts.ExplicitToolchain) {
		f.DropToolchainStmt()
	} else if err := f.AddToolchainStmt(toolchain); err != nil {
		return nil, nil, nil, err
	}
	for _, p := range opts.AddTools {
		if err := f.AddTool(p); err != nil {
			return nil, nil, nil, err
		}
	}
	for _, p := range opts.DropTools {
		if err := f.DropTool(p); err != nil {
			return nil, nil, nil, err
		}
	}
	if gover.Compare(goVersion, separateIndirectVersion) < 0 {
		f.SetRequire(list)
	} else {
		f.SetRequireSeparateIndirect(list)
	}
	f.Cleanup()
	after, err := f.Format()
	if err != nil {
		return nil, nil, nil, err
	}
	return f, before, after, nil
}

// modFileIsDirty reports whether f differs in meaning from the go.mod
// read at the start.
func (s *State) modFileIsDirty(f *modfile.File) bool {
	if s.mods[0].needsFix {
		return true
	}
	old := s.mods[0].file
	str := func(gv *modfile.Go, tc *modfile.Toolchain) (string, string) {
		a, b := "", ""
		if gv != nil {
			a = gv.Version
		}
		if tc != nil {
			b = tc.Name
		}
		return a, b
	}
	og, ot := str(old.Go, old.Toolchain)
	ng, nt := str(f.Go, f.Toolchain)
	if og != ng || ot != nt || len(old.Require) != len(f.Require) ||
		len(old.Replace) != len(f.Replace) || len(old.Exclude) != len(f.Exclude) {
		return true
	}
	req := map[module.Version]bool{}
	for _, r := range old.Require {
		req[r.Mod] = r.Indirect
	}
	for _, r := range f.Require {
		ind, ok := req[r.Mod]
		if !ok || ind != r.Indirect && s.buildMod != "readonly" {
			return true
		}
	}
	return false
}

// Commit makes go.mod and go.sum agree with the current requirements:
// with -mod=mod (or for commands that default to it) it writes them;
// otherwise a needed go.mod change is go's "updates to go.mod needed"
// error and a needed go.sum change is modfetch.ErrGoSumDirty. In
// workspace mode only go.work.sum is written. Error texts carry no
// "go: " prefix.
func (s *State) Commit(ctx context.Context, opts WriteOpts) error {
	if !s.HasModRoot() {
		return nil
	}
	if s.inWorkspace() {
		return s.writeGoSum(ctx, opts)
	}
	if s.buildMod == "mod" && !opts.Tidy {
		s.normalizeRoots(ctx)
	}
	f, _, after, err := s.updatedModFile(opts)
	if err != nil {
		if errors.Is(err, errNoChange) {
			return nil
		}
		return err
	}
	dirty := s.modFileIsDirty(f) || len(opts.AddTools) > 0 || len(opts.DropTools) > 0
	if dirty && s.buildMod != "mod" {
		return errors.New(s.goModDirtyText())
	}
	if !dirty && !opts.Tidy {
		if s.cfg.CmdName != "mod init" {
			return s.writeGoSum(ctx, opts)
		}
		return nil
	}
	mi := s.mods[0]
	gomod := s.abs(mi.gomod)
	if s.fs.Replaced(gomod) {
		if dirty {
			return errors.New("updates to go.mod needed, but go.mod is part of the overlay specified with -overlay")
		}
		return nil
	}
	err = s.withSideLock(func() error {
		return lockedfile.Transform(gomod, func(old []byte) ([]byte, error) {
			if bytes.Equal(old, after) {
				return nil, errNoChange
			}
			return after, nil
		})
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return fmt.Errorf("updating go.mod: %w", err)
	}
	if nf, perr := modfile.Parse(mi.gomod, after, nil); perr == nil {
		mi.file = nf
		mi.needsFix = false
		mi.require = map[module.Version]bool{}
		for _, r := range nf.Require {
			mi.require[r.Mod] = true
		}
		if nf.Go != nil {
			mi.goVersion = nf.Go.Version
		}
	}
	if s.cfg.CmdName == "mod init" {
		return nil
	}
	return s.writeGoSum(ctx, opts)
}

// MarkDirect records that packages of the main modules import packages
// of the modules with these paths: Commit writes them without
// "// indirect".
func (s *State) MarkDirect(paths []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range paths {
		if !s.isMain(p) {
			s.direct[p] = true
		}
	}
}

// CommitAfterLoad is Commit as package loading does it at its end:
// commands that write go.mod themselves (go get, go mod tidy, go mod
// download) or never (go mod why) skip it.
func (s *State) CommitAfterLoad(ctx context.Context) error {
	switch s.cfg.CmdName {
	case "get", "mod why", "mod download", "mod tidy", "mod vendor", "work sync", "work vendor", "mod graph", "mod verify":
		return nil
	}
	return s.Commit(ctx, WriteOpts{})
}

// writeGoSum writes the go.sum lines Commit keeps.
func (s *State) writeGoSum(ctx context.Context, opts WriteOpts) error {
	if !opts.Tidy && !s.sums.HasAdded() {
		return nil // nothing to write, nor to check against an overlay
	}
	keep := opts.Keep
	if keep == nil {
		keep = s.keepSums(ctx, s.importedPackages(), false, true)
	}
	if s.fs.Replaced(s.sums.MainFile()) && s.sums.Dirty(modfetch.SumWriteOptions{Keep: func(m module.Version) bool { return keep[m] }, Trim: opts.Tidy}) {
		return errors.New("updates to go.sum needed, but go.sum is part of the overlay specified with -overlay")
	}
	wopts := modfetch.SumWriteOptions{
		Keep:     func(m module.Version) bool { return keep[m] },
		Trim:     opts.Tidy,
		Readonly: s.buildMod != "mod" && !s.inWorkspace(),
	}
	if wopts.Readonly || !s.sums.Dirty(wopts) {
		return s.sums.Write(wopts)
	}
	return s.withSideLock(func() error { return s.sums.Write(wopts) })
}

// withSideLock runs write holding the module cache's side lock when it
// can be had, as go does to keep older go commands out while it edits
// go.mod or go.sum.
func (s *State) withSideLock(write func() error) error {
	if unlock, err := s.cache.SideLock(); err == nil {
		defer unlock()
	}
	return write()
}

// goModKey is the go.sum key of m's go.mod hash.
func goModKey(m module.Version) module.Version {
	return module.Version{Path: m.Path, Version: m.Version + "/go.mod"}
}

// keepSums returns the go.sum entries needed to reload pkgs: the go.mod
// hashes of every module whose requirements are in the graph, the
// hashes of the modules that may provide the packages, and (with
// buildList) of every module in the build list. tidy is set for go mod
// tidy, which keeps fewer go.mod hashes for modules before go 1.21.
func (s *State) keepSums(ctx context.Context, pkgs []importedPkg, tidy, buildList bool) map[module.Version]bool {
	keep := map[module.Version]bool{}
	keepModForZip := true
	if len(pkgs) == 0 {
		if gover.Compare(s.GoVersion(), tidyGoModSumVersion) < 0 && s.buildMod != "mod" {
			keepModForZip = false
		}
	} else {
		keepPkgGoMod := true
		if gover.Compare(s.rootGoVersion(), tidyGoModSumVersion) < 0 && (tidy || s.buildMod != "mod") {
			keepPkgGoMod = false
			keepModForZip = false
		}
		for _, p := range pkgs {
			if keepPkgGoMod && p.mod.Path != "" {
				keep[goModKey(s.resolveReplacement(p.mod))] = true
			}
			if s.pruning == pruned && p.mod.Path != "" {
				if v, ok := s.rootSelected(p.mod.Path); ok && v == p.mod.Version {
					for prefix := p.path; prefix != "."; prefix = path.Dir(prefix) {
						if v, ok := s.rootSelected(prefix); ok && v != "none" {
							keep[s.resolveReplacement(module.Version{Path: prefix, Version: v})] = true
						}
					}
					continue
				}
			}
			if g := s.graph; g != nil { // never load the graph just for this
				for prefix := p.path; prefix != "."; prefix = path.Dir(prefix) {
					if v := g.Selected(prefix); v != "none" {
						keep[s.resolveReplacement(module.Version{Path: prefix, Version: v})] = true
					}
				}
			}
		}
	}
	if s.graph == nil {
		for _, m := range s.roots {
			r := s.resolveReplacement(m)
			keep[goModKey(r)] = true
			if buildList {
				keep[r] = true
			}
		}
		return keep
	}
	g := s.graph
	g.WalkBreadthFirst(func(m module.Version) {
		if _, ok := g.RequiredBy(m); ok {
			keep[goModKey(s.resolveReplacement(m))] = true
		}
	})
	if buildList {
		for _, m := range g.BuildList() {
			r := s.resolveReplacement(m)
			if keepModForZip {
				keep[goModKey(r)] = true
			}
			keep[r] = true
		}
	}
	return keep
}

// importedPkg is a package Import resolved to a module.
type importedPkg struct {
	path string
	mod  module.Version
}

// noteImported records the module that provided an imported package,
// for keepSums.
func (s *State) noteImported(path string, m module.Version) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.imported == nil {
		s.imported = map[string]module.Version{}
	}
	s.imported[path] = m
}

func (s *State) importedPackages() []importedPkg {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []importedPkg
	for p, m := range s.imported {
		out = append(out, importedPkg{p, m})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// rootGoVersion is the go version of the current requirements.
func (s *State) rootGoVersion() string {
	if v, ok := s.rootSelected("go"); ok && v != "" {
		return v
	}
	return s.GoVersion()
}

// raiseGoToGraph raises the go requirement of the main module to the
// highest go version the module graph selects, as go does whenever it
// updates the requirements: a dependency's go line (from go 1.21 on) is
// a requirement too.
func (s *State) raiseGoToGraph(ctx context.Context) {
	if s.inWorkspace() {
		return
	}
	g, err := s.loadGraph(ctx)
	if err != nil || g == nil {
		return
	}
	cur, ok := s.rootSelected("go")
	if !ok {
		return
	}
	if sel := g.Selected("go"); sel != "none" && gover.Compare(sel, cur) > 0 {
		req := s.Requirements()
		for i, r := range req.Roots {
			if r.Path == "go" {
				req.Roots[i].Version = sel
			}
		}
		s.SetRequirements(req)
	}
}

// normalizeRoots makes the roots consistent with the loaded graph, as go
// does before writing go.mod: requirements on the main module and
// duplicate paths go, and each root is raised to its selected version.
func (s *State) normalizeRoots(ctx context.Context) {
	roots := s.pruneRedundantRoots(s.roots)
	changed := len(roots) != len(s.roots)
	if g := s.graph; g != nil {
		for i, r := range roots {
			if gover.IsToolchain(r.Path) {
				continue
			}
			if v := g.Selected(r.Path); v != "none" && cmpVersion(r.Path, v, r.Version) > 0 {
				roots[i].Version = v
				changed = true
			}
		}
	}
	if changed {
		hadGraph := s.graph != nil
		req := s.Requirements()
		req.Roots = roots
		s.SetRequirements(req)
		if hadGraph {
			s.loadGraph(ctx)
		}
	}
}

// LoadGraph loads the module graph, returning its error (go's text
// without "go: ").
func (s *State) LoadGraph(ctx context.Context) error {
	_, err := s.loadGraph(ctx)
	return err
}

// LoadGraphIfUnpruned loads the module graph at once when the main
// module's graph is not pruned (go before 1.17), as go does before
// loading packages, and returns its error (without "go: ").
func (s *State) LoadGraphIfUnpruned(ctx context.Context) error {
	if !s.HasModRoot() || s.inWorkspace() || s.buildMod == "vendor" || s.pruning != unpruned {
		return nil
	}
	_, err := s.loadGraph(ctx)
	return err
}

// addMissingGoLine gives a go.mod without a go line the running Go's
// version when requirements may change (-mod=mod), as go does: the
// graph becomes pruned, so every module of the old (unpruned) build list
// becomes a root.
func (s *State) addMissingGoLine(ctx context.Context) {
	if s.inWorkspace() || len(s.mods) != 1 || s.mods[0].goVersion != "" || s.buildMod != "mod" {
		return
	}
	switch s.cfg.CmdName {
	case "mod graph", "mod why":
		return
	}
	req := s.Requirements()
	if g, err := s.loadGraph(ctx); err == nil && g != nil && pruningFor(s.localGo) != s.pruning {
		req.Roots = nil
		for _, m := range g.BuildList() {
			if !s.isMain(m.Path) && !gover.IsToolchain(m.Path) {
				req.Roots = append(req.Roots, m)
			}
		}
	}
	req.Roots = setRoot(req.Roots, module.Version{Path: "go", Version: s.localGo})
	s.SetRequirements(req)
	s.goVersions[s.mods[0].mod] = s.localGo
}
