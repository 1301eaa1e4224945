package get

import (
	"errors"
	"fmt"
	"sort"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modload"
)

// commit computes the final requirements, writes go.mod and go.sum and
// reports what changed.
func (g *getter) commit() error {
	ms := g.ms
	mg, err := ms.Graph(g.ctx)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	roots := ms.Roots()
	direct := map[string]bool{}
	for p := range ms.Direct() {
		direct[p] = true
	}
	for imp := range g.directPkg {
		if mp := g.pkgMod[imp]; mp != "" && !ms.IsMain(mp) {
			direct[mp] = true
		}
	}
	mainPath := ""
	if mm := ms.MainModules(); len(mm) > 0 {
		mainPath = mm[0].Path
	}

	var final []module.Version
	if ms.Pruned() {
		paths := map[string]bool{}
		for _, r := range roots {
			paths[r.Path] = true
		}
		for _, mp := range g.rootModules() {
			if mp != "" && !ms.IsMain(mp) {
				paths[mp] = true
			}
		}
		// Direct dependencies stay roots at whatever version they end
		// up selected (a downgrade elsewhere may have changed it).
		for p := range direct {
			if !ms.IsMain(p) {
				paths[p] = true
			}
		}
		for p := range paths {
			if gover.IsToolchain(p) {
				continue
			}
			if v := mg.Selected(p); v != "none" && !ms.IsMain(p) {
				final = append(final, module.Version{Path: p, Version: v})
			}
		}
		for _, r := range roots {
			if gover.IsToolchain(r.Path) {
				final = append(final, r)
			}
		}
	} else {
		var base []string
		for _, r := range roots {
			if mg.Selected(r.Path) == r.Version && !gover.IsToolchain(r.Path) {
				base = append(base, r.Path)
			}
		}
		for p := range direct {
			if mg.Selected(p) != "none" && !gover.IsToolchain(p) && !ms.IsMain(p) {
				base = append(base, p)
			}
		}
		sort.Strings(base)
		final = mg.Req(module.Version{Path: mainPath}, base)
		// Keep the synthetic entries as roots.
		for _, r := range roots {
			if gover.IsToolchain(r.Path) {
				final = append(final, r)
			}
		}
	}
	gover.ModSort(final)

	f := ms.MainGoMod()
	if f == nil {
		return errors.New("go: internal error: no main go.mod")
	}
	oldReqs := reqsFromGoMod(f)

	newGo, newToolchain := "", ""
	for _, m := range final {
		switch m.Path {
		case "go":
			newGo = m.Version
		case "toolchain":
			newToolchain = m.Version
		}
	}
	// A dependency needing a newer Go raises the go line.
	maxGo := newGo
	for _, m := range mg.BuildList() {
		if ms.IsMain(m.Path) || gover.IsToolchain(m.Path) {
			continue
		}
		if v := ms.GoVersionOfModule(m); v != "" && gover.Compare(v, maxGo) > 0 {
			maxGo = v
		}
	}
	if newGo != "" && maxGo != "" && gover.Compare(maxGo, newGo) > 0 {
		newGo = maxGo
	}

	// An explicit toolchain below the go line lowers it; an explicit go
	// line above the toolchain drops the toolchain line.
	if vr, ok := g.resolved["toolchain"]; ok && newGo != "" {
		if tv := gover.FromToolchain(vr.version); tv != "" && gover.Compare(tv, newGo) < 0 {
			if _, goSet := g.resolved["go"]; !goSet {
				newGo = tv
			}
		}
	}
	if vr, ok := g.resolved["go"]; ok && newToolchain != "" {
		if _, tcSet := g.resolved["toolchain"]; !tcSet && gover.Compare(gover.FromToolchain(newToolchain), vr.version) < 0 {
			var kept []module.Version
			for _, m := range final {
				if m.Path != "toolchain" {
					kept = append(kept, m)
				}
			}
			final = kept
		}
	}
	if newGo != "" {
		for i, m := range final {
			if m.Path == "go" {
				final[i].Version = newGo
			}
		}
	}
	_ = newToolchain
	ws, err := g.workspaceState(final, direct)
	if err != nil {
		return err
	}
	if err := g.checkPackages(ws); err != nil {
		return err
	}
	g.fetchChangedSums(mg.BuildList())
	if err := g.flushErrors(); err != nil {
		return err
	}
	if g.flags.Tool {
		if err := g.updateTools(); err != nil {
			return err
		}
	}
	ms.SetRequirements(modload.Requirements{Roots: final, Direct: direct})
	// Load the graph of the final requirements: go.sum keeps the go.mod
	// checksums of every module in it.
	if _, err := ms.Graph(g.ctx); err != nil {
		return fmt.Errorf("go: %w", err)
	}
	if err := ms.Commit(g.ctx, g.writeOpts); err != nil {
		return fmt.Errorf("go: %w", err)
	}
	g.reportChanges(oldReqs, reqsFromGoMod(ms.MainGoMod()), mg.Selected)
	return nil
}

// checkPackages loads the packages named on the command line with the
// build tags in effect and reports imports that no module provides.
// ws, if not nil, is the workspace the main module belongs to: the
// packages are loaded, and the modules checked, in it.
func (g *getter) checkPackages(ws *modload.State) error {
	w := &walker{g: g, seen: map[string]bool{}, missing: map[string]bool{}, strict: true, ms: ws}
	saved, savedDirect := g.pkgMod, g.directPkg
	g.pkgMod, g.directPkg = map[string]string{}, map[string]bool{}
	defer func() { g.pkgMod, g.directPkg = saved, savedDirect }()
	rootPkgs := g.rootPackages(w)
	for _, p := range rootPkgs {
		w.walk(p, true)
	}
	var ambiguousMods []module.Version
	for _, err := range w.errs {
		var ae *modload.AmbiguousImportError
		if errors.As(err, &ae) {
			ambiguousMods = append(ambiguousMods, ae.Modules...)
		}
	}
	g.reportModuleProblems(w.state(), rootPkgs, g.pkgMod, ambiguousMods)
	var errPaths []string
	for p := range w.errs {
		errPaths = append(errPaths, p)
	}
	sort.Strings(errPaths)
	for _, p := range errPaths {
		g.errorf("go: %s: %v", w.stack(p), w.errs[p])
	}
	var paths []string
	for p := range w.missing {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		g.errorf("go: %s: cannot find module providing package %s", w.stack(p), p)
	}
	return g.flushErrors()
}

func reqsFromGoMod(f *modfile.File) []module.Version {
	var reqs []module.Version
	for _, r := range f.Require {
		reqs = append(reqs, r.Mod)
	}
	if f.Go != nil {
		reqs = append(reqs, module.Version{Path: "go", Version: f.Go.Version})
	}
	if f.Toolchain != nil {
		reqs = append(reqs, module.Version{Path: "toolchain", Version: f.Toolchain.Name})
	}
	return reqs
}

// reportChanges prints the added, removed, upgraded and downgraded
// modules, go first and toolchain second, then by path.
func (g *getter) reportChanges(oldReqs, newReqs []module.Version, selected func(string) string) {
	type change struct{ path, old, new string }
	changes := map[string]change{}
	for p, vr := range g.resolved {
		if gover.IsToolchain(p) {
			continue
		}
		old := g.initial[p]
		if old != vr.version && (old != "" || vr.version != "none") {
			changes[p] = change{p, old, vr.version}
		}
	}
	for _, r := range oldReqs {
		if gover.IsToolchain(r.Path) {
			continue
		}
		nv := selected(r.Path)
		if nv == "none" {
			nv = ""
		}
		if r.Version != nv {
			changes[r.Path] = change{r.Path, r.Version, nv}
		}
	}
	for _, r := range newReqs {
		if gover.IsToolchain(r.Path) {
			continue
		}
		if old := g.initial[r.Path]; old != r.Version {
			changes[r.Path] = change{r.Path, old, r.Version}
		}
	}
	tc := func(reqs []module.Version) (goV, tool string) {
		for _, r := range reqs {
			switch r.Path {
			case "go":
				goV = r.Version
			case "toolchain":
				tool = r.Version
			}
		}
		return
	}
	oldGo, oldTool := tc(oldReqs)
	newGo, newTool := tc(newReqs)
	if oldGo != newGo && oldGo != "" {
		changes["go"] = change{"go", oldGo, newGo}
	}
	if oldTool != newTool {
		changes["toolchain"] = change{"toolchain", oldTool, newTool}
	}
	var list []change
	for _, c := range changes {
		list = append(list, c)
	}
	rank := func(p string) int {
		switch p {
		case "go":
			return 0
		case "toolchain":
			return 1
		}
		return 2
	}
	sort.Slice(list, func(i, j int) bool {
		ri, rj := rank(list[i].path), rank(list[j].path)
		if ri != rj {
			return ri < rj
		}
		return list[i].path < list[j].path
	})
	for _, c := range list {
		switch {
		case c.old == "":
			g.warn(fmt.Sprintf("go: added %s %s", c.path, c.new))
		case c.new == "none" || c.new == "":
			g.warn(fmt.Sprintf("go: removed %s %s", c.path, c.old))
		case gover.ModCompare(c.path, c.new, c.old) > 0:
			g.warn(fmt.Sprintf("go: upgraded %s %s => %s", c.path, c.old, c.new))
			if c.path == "go" && gover.Compare(c.old, gover.ExplicitIndirectVersion) < 0 && gover.Compare(c.new, gover.ExplicitIndirectVersion) >= 0 {
				g.warn(fmt.Sprintf("\tnote: expanded dependencies to upgrade to go %s or higher; run 'go mod tidy' to clean up", gover.ExplicitIndirectVersion))
			}
		default:
			g.warn(fmt.Sprintf("go: downgraded %s %s => %s", c.path, c.old, c.new))
		}
	}
}

// reportModuleProblems warns about deprecated and retracted modules among
// those resolved by the queries or providing the loaded packages.
func (g *getter) reportModuleProblems(ms *modload.State, rootPkgs []string, pkgMod map[string]string, extra []module.Version) {
	const (
		resolved = 1 << iota
		named
		hasPkg
		direct
	)
	mg, err := ms.Graph(g.ctx)
	if err != nil {
		return
	}
	flags := map[module.Version]int{}
	for p, vr := range g.resolved {
		if vr.version != "none" && !gover.IsToolchain(p) {
			flags[module.Version{Path: p, Version: vr.version}] |= resolved
		}
	}
	mod := func(mp string) (module.Version, bool) {
		if mp == "" || ms.IsMain(mp) {
			return module.Version{}, false
		}
		return module.Version{Path: mp, Version: mg.Selected(mp)}, true
	}
	for _, mp := range pkgMod {
		if m, ok := mod(mp); ok {
			flags[m] |= hasPkg
		}
	}
	for _, p := range rootPkgs {
		if m, ok := mod(pkgMod[p]); ok {
			flags[m] |= named
		}
	}
	for _, m := range extra {
		flags[m] |= hasPkg
	}
	directs := ms.Direct()
	var mods []module.Version
	for m := range flags {
		if directs[m.Path] {
			flags[m] |= direct
		}
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path < mods[j].Path })
	for _, m := range mods {
		f := flags[m]
		if f&(resolved|named) == 0 && f&(hasPkg|direct) != hasPkg|direct {
			continue
		}
		if msg, err := ms.Deprecation(g.ctx, m); err == nil && msg != "" {
			g.warn(fmt.Sprintf("go: module %s is deprecated: %s", m.Path, modload.ShortMessage(msg, "")))
		}
	}
	retractPath := ""
	for _, m := range mods {
		if flags[m]&(resolved|named|hasPkg) == 0 {
			continue
		}
		err := ms.Retraction(g.ctx, m)
		var re *modload.RetractedError
		if err == nil || !errors.As(err, &re) {
			continue
		}
		g.warn(fmt.Sprintf("go: warning: %v", err))
		if retractPath == "" {
			retractPath = m.Path
		} else {
			retractPath = "<module>"
		}
	}
	if retractPath != "" {
		g.warn(fmt.Sprintf("go: to switch to the latest unretracted version, run:\n\tgo get %s@latest", retractPath))
	}
}

// fetchChangedSums downloads the new versions of modules whose old
// versions had checksums in go.sum, so that go.sum keeps vouching for
// them, as go does.
func (g *getter) fetchChangedSums(buildList []module.Version) {
	ms := g.ms
	errs := make([]string, len(buildList))
	var wg sync.WaitGroup
	for i, m := range buildList {
		old := module.Version{Path: m.Path, Version: g.initial[m.Path]}
		if old.Version == "" || ms.IsMain(m.Path) || gover.IsToolchain(m.Path) {
			continue
		}
		actual, oldActual := m, old
		if r := ms.Replacement(m); r.Path != "" {
			actual = r
		}
		if r := ms.Replacement(old); r.Path != "" {
			oldActual = r
		}
		if actual == oldActual || actual.Version == "" || !ms.Sums().Have(oldActual) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := ms.Fetcher().DownloadZip(g.ctx, actual, ms.Sums()); err != nil {
				verb := "upgraded"
				if gover.ModCompare(m.Path, m.Version, old.Version) < 0 {
					verb = "downgraded"
				}
				replaced := ""
				if actual != m {
					replaced = fmt.Sprintf(" (replaced by %s)", actual)
				}
				errs[i] = fmt.Sprintf("go: %s %s %s => %s%s: error finding sum for %s: %v", verb, m.Path, old.Version, m.Version, replaced, actual, err)
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			g.errs = append(g.errs, e)
		}
	}
}

// updateTools records the tool lines that go get -tool adds or drops.
func (g *getter) updateTools() error {
	for _, q := range g.queries {
		if q.pattern == "all" || q.pattern == "std" || q.pattern == "cmd" || q.pattern == "tool" || q.pattern == "work" || q.pattern == "toolchain" {
			return fmt.Errorf("go: go get -tool does not work with \"%s\".", q.pattern)
		}
	}
	for _, q := range g.queries {
		if q.version == "none" {
			if q.isWildcard() {
				for _, t := range g.ms.Tools() {
					if q.match(t) {
						g.writeOpts.DropTools = append(g.writeOpts.DropTools, t)
					}
				}
			} else {
				g.writeOpts.DropTools = append(g.writeOpts.DropTools, q.pattern)
			}
			continue
		}
		g.writeOpts.AddTools = append(g.writeOpts.AddTools, q.pkgs...)
	}
	return nil
}

// rootModules returns the modules of the loaded packages that a pruned
// go.mod must require: those of the packages named, of the main
// modules' packages and of what they import; not those reached only
// through the test of a package outside the main modules (-t), as go.
func (g *getter) rootModules() []string {
	seen := map[string]bool{}
	queue := append([]string(nil), g.pkgRoots...)
	for p, mp := range g.pkgMod {
		if mp != "" && g.ms.IsMain(mp) {
			queue = append(queue, p)
		}
	}
	var mods []string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		if mp, ok := g.pkgMod[p]; ok {
			mods = append(mods, mp)
		}
		queue = append(queue, g.pkgEdges[p]...)
	}
	return mods
}
