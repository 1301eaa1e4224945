package modload

import (
	"context"
	"fmt"

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
