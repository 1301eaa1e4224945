package get

import (
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"sort"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modload"
)

// iterate applies the resolved versions to the requirements, then loads
// the packages named on the command line to find missing imports and
// (with -u) modules to upgrade, until nothing changes.
func (g *getter) iterate() error {
	for round := 0; round < 20; round++ {
		var must, add []module.Version
		for p, vr := range g.resolved {
			if !g.ms.IsMain(p) {
				must = append(must, module.Version{Path: p, Version: vr.version})
			}
		}
		for p, v := range g.upgrades {
			add = append(add, module.Version{Path: p, Version: v})
		}
		sort.Slice(must, func(i, j int) bool { return must[i].Path < must[j].Path })
		sort.Slice(add, func(i, j int) bool { return add[i].Path < add[j].Path })
		roots, err := g.ms.EditRoots(g.ctx, g.initialRoots, must, add)
		if err != nil {
			return g.reportEditError(err)
		}
		if !g.ms.Pruned() {
			roots, err = g.ms.MinimalUnprunedRoots(g.ctx, roots, g.goModRoots, g.ms.Direct(), must)
			if err != nil {
				return fmt.Errorf("go: %w", err)
			}
		}
		req := g.ms.Requirements()
		req.Roots = roots
		g.ms.SetRequirements(req)
		mg, err := g.ms.Graph(g.ctx)
		if err != nil {
			return fmt.Errorf("go: %w", err)
		}
		if !g.ms.Pruned() {
			// Without graph pruning the next edit starts from the whole
			// build list as it is now, as go's does (so a module that an
			// upgrade brought in stays even if that upgrade is undone).
			g.initialRoots = nil
			for _, m := range mg.BuildList() {
				if !g.ms.IsMain(m.Path) && m.Path != "command-line-arguments" {
					g.initialRoots = append(g.initialRoots, m)
				}
			}
		}
		changed, err := g.loadPackages()
		if err != nil {
			return err
		}
		if !changed {
			changed, err = g.retryWildcards()
			if err != nil {
				return err
			}
		}
		if !changed {
			return nil
		}
	}
	return nil
}

// retryWildcards matches the wildcards that matched nothing against the
// current build list, and looks up modules for those that still match
// nothing. It reports whether anything was resolved.
func (g *getter) retryWildcards() (bool, error) {
	mg, err := g.ms.Graph(g.ctx)
	if err != nil {
		return false, fmt.Errorf("go: %w", err)
	}
	g.current_ = map[string]string{}
	for _, m := range mg.BuildList() {
		g.current_[m.Path] = m.Version
	}
	defer func() { g.current_ = nil }()
	changed := false
	for _, q := range g.queries {
		if !q.pendingWildcard {
			continue
		}
		q.pendingWildcard = false
		n := len(q.resolved)
		g.resolveWildcard(q)
		if q.pendingWildcard {
			q.pendingWildcard = false
			g.resolveMissingWildcard(q)
		}
		if len(q.resolved) > n || q.matchesPackages {
			changed = true
		}
	}
	g.resolveAmbiguous()
	g.ambiguous = nil
	return changed, g.flushErrors()
}

func (g *getter) reportEditError(err error) error {
	var ce *modload.ConstraintError
	if !errors.As(err, &ce) {
		return fmt.Errorf("go: %w", err)
	}
	if g.flags.V {
		for _, c := range ce.Conflicts {
			g.errorf("go: %v", c.String())
		}
	}
	reason := func(m module.Version) string {
		vr, ok := g.resolved[m.Path]
		if !ok {
			return fmt.Sprintf("(INTERNAL ERROR: no reason found for %v)", m)
		}
		return vr.reason.resolvedString(module.Version{Path: m.Path, Version: vr.version})
	}
	for _, c := range ce.Conflicts {
		adverb := ""
		if len(c.Path) > 2 {
			adverb = "indirectly "
		}
		first := reason(c.Path[0])
		last := c.Path[len(c.Path)-1]
		if c.Err != nil {
			g.errorf("go: %v %srequires %v: %v", first, adverb, last, c.UnwrapModuleError())
		} else {
			g.errorf("go: %v %srequires %v, not %v", first, adverb, last, reason(c.Constraint))
		}
	}
	return g.flushErrors()
}

// loadPackages walks the imports of the packages the queries matched.
// It reports whether it found new modules to add (missing imports, or
// upgrades with -u).
func (g *getter) loadPackages() (bool, error) {
	g.pkgMod = map[string]string{}
	g.directPkg = map[string]bool{}
	g.pkgEdges = map[string][]string{}
	w := &walker{g: g, seen: map[string]bool{}, missing: map[string]bool{}}
	g.pkgRoots = g.rootPackages(w)
	for _, p := range g.pkgRoots {
		w.walk(p, true)
	}
	changed := false
	if w.all {
		for _, q := range g.queries {
			if q.pattern != "all" {
				continue
			}
			var mods []string
			seen := map[string]bool{}
			for _, mp := range g.pkgMod {
				if mp != "" && !g.ms.IsMain(mp) && !seen[mp] {
					seen[mp] = true
					mods = append(mods, mp)
				}
			}
			sort.Strings(mods)
			for _, mp := range mods {
				if vr, ok := g.resolved[mp]; ok && vr.reason == q {
					continue
				}
				m, err := g.queryModule(mp, q.version)
				if err != nil {
					g.queryErr(q, err)
					continue
				}
				if _, ok := g.resolved[mp]; !ok {
					changed = true
				}
				g.resolve(q, m)
			}
		}
		if err := g.flushErrors(); err != nil {
			return false, err
		}
	}
	if len(w.missing) > 0 {
		var paths []string
		for p := range w.missing {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			if _, ok := g.missingErr[p]; ok {
				continue
			}
			m, err := g.findModuleFor(p)
			if err != nil {
				g.missingErr[p] = err
				continue
			}
			if g.upgrades[m.Path] != m.Version {
				g.upgrades[m.Path] = m.Version
				changed = true
			}
		}
	}
	if g.flags.U.Version != "" {
		mods := map[string]bool{}
		for p, mp := range g.pkgMod {
			if w.rootPkg[p] && !w.all {
				continue
			}
			if mp != "" && !g.ms.IsMain(mp) {
				mods[mp] = true
			}
		}
		var list []string
		for mp := range mods {
			list = append(list, mp)
		}
		sort.Strings(list)
		for _, mp := range list {
			if _, ok := g.resolved[mp]; ok {
				continue
			}
			cur := "none"
			if mg, err := g.ms.Graph(g.ctx); err == nil {
				cur = mg.Selected(mp)
			}
			info, err := g.ms.QueryModule(g.ctx, mp, g.flags.U.Version, cur)
			if err != nil {
				continue
			}
			m := module.Version{Path: mp, Version: info.Version}
			if cur != "none" && gover.ModCompare(mp, m.Version, cur) <= 0 {
				continue
			}
			if old, ok := g.upgrades[mp]; ok && gover.ModCompare(mp, m.Version, old) <= 0 {
				continue
			}
			g.upgrades[mp] = m.Version
			changed = true
		}
	}
	return changed, nil
}

// rootPackages lists the packages the queries matched.
func (g *getter) rootPackages(w *walker) []string {
	var roots []string
	for _, q := range g.queries {
		if !q.matchesPackages {
			continue
		}
		for _, p := range q.pkgs {
			if p == "all" {
				roots = append(roots, w.mainPackages()...)
				w.all = true
				continue
			}
			if strings.Contains(p, "...") {
				roots = append(roots, w.matchLocal(p)...)
				continue
			}
			roots = append(roots, p)
		}
	}
	return roots
}

// findModuleFor looks up the module providing a missing import at its
// latest version.
func (g *getter) findModuleFor(path string) (module.Version, error) {
	var firstErr, notIn error
	var found *module.Version
	// All path prefixes are looked up through one GOPROXY entry before
	// the next is tried, as go does; the outcome is that of the entry
	// the lookup stopped at, or of the one with the most useful error.
	type outcome struct{ firstErr, notIn error }
	var passes []outcome
	outer := g.ctx
	defer func() { g.ctx = outer }()
	best, _ := g.ms.TryProxies(outer, func(ctx context.Context) error {
		g.ctx = ctx
		firstErr, notIn = nil, nil
		defer func() { passes = append(passes, outcome{firstErr, notIn}) }()
		for p := path; p != "." && p != ""; p = pathpkg.Dir(p) {
			if module.CheckPath(p) != nil {
				if !strings.Contains(p, "/") {
					break
				}
				continue
			}
			m, err := g.queryModule(p, "latest")
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
			} else if _, has, err := g.ms.PackageInModule(g.ctx, m, path); err == nil && has {
				found = &m
				return nil
			} else if err == nil && notIn == nil {
				notIn = &packageNotInModule{mod: m, repl: g.ms.Replacement(m), query: "latest", pattern: path}
			}
			if !strings.Contains(p, "/") {
				break
			}
		}
		if notIn != nil {
			return nil
		}
		return firstErr
	})
	g.ctx = outer
	if found != nil {
		return *found, nil
	}
	if best >= 0 && best < len(passes) {
		firstErr, notIn = passes[best].firstErr, passes[best].notIn
	}
	if notIn != nil {
		return module.Version{}, notIn
	}
	if firstErr == nil || isNoSuchVersion(firstErr) {
		return module.Version{}, fmt.Errorf("cannot find module providing package %s", path)
	}
	return module.Version{}, fmt.Errorf("cannot find module providing package %s: %v", path, firstErr)
}

var _ = base.Exit
