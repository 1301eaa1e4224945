package modload

import (
	"context"
	"fmt"
	"sort"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/mvs"
)

// ModGraph loads the module requirement graph and calls edge for every
// requirement in it, walking module versions breadth-first from the main
// modules as 'go mod graph' prints them. A non-empty goVersion loads the
// graph as that Go version would: a version before graph pruning reads
// every go.mod in full even if the main module's graph is pruned.
// Main modules are reported with an empty version.
func (s *State) ModGraph(ctx context.Context, goVersion string, edge func(from, to module.Version)) error {
	if err := s.MustHaveModRoot(); err != nil {
		return err
	}
	if err := s.malformedSums(); err != nil {
		return err
	}
	if s.buildMod == "mod" && !s.inWorkspace() {
		// Like go, show the requirements as they would be fixed (each root
		// at its selected version), without writing them.
		if _, err := s.loadGraph(ctx); err == nil {
			s.normalizeRoots(ctx)
		}
	}
	var (
		g   *mvs.Graph
		err error
	)
	if goVersion != "" {
		v, _ := s.rootSelected("go")
		if gover.Compare(v, gover.GoStrictVersion) >= 0 && gover.Compare(goVersion, v) < 0 {
			return fmt.Errorf("go: requested Go version %s cannot load module graph (requires Go >= %s)", goVersion, v)
		}
		if pruningFor(goVersion) == unpruned && s.pruning != unpruned && s.buildMod != "vendor" {
			// Read the graph afresh, every go.mod in full; the state's
			// own (pruned) graph is left as it was.
			saved := s.pruning
			s.pruning = unpruned
			g, err = s.readModGraph()
			s.pruning = saved
		}
	}
	if g == nil {
		g, err = s.loadGraph(ctx)
		if err == nil && s.buildMod == "mod" && s.pruning == unpruned && !s.rootsSelected(g) {
			// Like go, raise the roots to what the graph selects (in
			// memory only) and report the graph of the new roots.
			roots, rerr := s.minimalUnprunedRoots(g)
			if rerr != nil {
				return fmt.Errorf("go: %w", rerr)
			}
			s.roots = roots
			g, err = s.readModGraph()
		}
	}
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	g.WalkBreadthFirst(func(m module.Version) {
		reqs, _ := g.RequiredBy(m)
		for _, r := range reqs {
			edge(m, r)
		}
	})
	return nil
}

// rootsSelected reports whether every root is the version g selects.
func (s *State) rootsSelected(g *mvs.Graph) bool {
	for _, r := range s.roots {
		if !s.isMain(r.Path) && g.Selected(r.Path) != r.Version {
			return false
		}
	}
	return true
}

// minimalUnprunedRoots returns the smallest set of requirements for the
// (single) main module that selects the same build list as g, keeping
// the roots that are already selected and the direct requirements.
func (s *State) minimalUnprunedRoots(g *mvs.Graph) ([]module.Version, error) {
	var keepPaths []string
	inKeep := map[string]bool{}
	for _, r := range s.roots {
		if !inKeep[r.Path] && g.Selected(r.Path) == r.Version {
			keepPaths = append(keepPaths, r.Path)
			inKeep[r.Path] = true
		}
	}
	list := g.BuildList()[len(s.mods):]
	for _, m := range list {
		if s.direct[m.Path] && !inKeep[m.Path] {
			keepPaths = append(keepPaths, m.Path)
			inKeep[m.Path] = true
		}
	}
	selected := map[string]string{}
	for _, m := range list {
		selected[m.Path] = m.Version
	}

	// Requirements of every module reachable from the build list, and
	// the modules in postorder.
	reqs := map[module.Version][]module.Version{}
	var postorder []module.Version
	var visit func(m module.Version) error
	visit = func(m module.Version) error {
		if _, ok := reqs[m]; ok {
			return nil
		}
		reqs[m] = nil
		if m.Version == "none" || m.Path == "go" || m.Path == "toolchain" {
			postorder = append(postorder, m)
			return nil
		}
		sum, err := s.goModSummary(m)
		if err != nil {
			return err
		}
		reqs[m] = sum.require
		for _, r := range sum.require {
			if err := visit(r); err != nil {
				return err
			}
		}
		postorder = append(postorder, m)
		return nil
	}
	for _, m := range list {
		if err := visit(m); err != nil {
			return nil, err
		}
	}

	implied := map[module.Version]bool{}
	var mark func(m module.Version)
	mark = func(m module.Version) {
		if implied[m] {
			return
		}
		implied[m] = true
		for _, r := range reqs[m] {
			mark(r)
		}
	}
	var roots []module.Version
	for _, p := range keepPaths {
		m := module.Version{Path: p, Version: selected[p]}
		roots = append(roots, m)
		mark(m)
	}
	for i := len(postorder) - 1; i >= 0; i-- {
		m := postorder[i]
		if selected[m.Path] == m.Version && !implied[m] {
			roots = append(roots, m)
			mark(m)
		}
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].Path < roots[j].Path })
	return roots, nil
}
