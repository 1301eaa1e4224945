package get

import (
	"fmt"

	"gocmd/internal/gover"
)

// checkWildcardVersions reports wildcard queries that the final build
// list does not satisfy: a module whose packages match the pattern at
// its selected version, but whose version the query would change to one
// without such packages (so that running the same 'go get' again would
// not see the module as matching).
func (g *getter) checkWildcardVersions() error {
	mg, err := g.ms.Graph(g.ctx)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	for _, q := range g.queries {
		if !q.isWildcard() || q.isLocal || q.version == "none" {
			continue
		}
		for _, cur := range mg.BuildList() {
			if g.ms.IsMain(cur.Path) || gover.IsToolchain(cur.Path) || !q.treeMatch(cur.Path) {
				continue
			}
			if !q.match(cur.Path) && len(g.packagesMatching(cur, q)) == 0 {
				continue
			}
			rev, err := g.queryModule(cur.Path, q.version)
			if err != nil {
				g.queryErr(q, err)
				continue
			}
			if rev.Version == cur.Version || q.match(cur.Path) {
				continue
			}
			if len(g.packagesMatching(rev, q)) == 0 {
				var version any = rev
				if rev.Version != q.version {
					version = fmt.Sprintf("%s@%s (%s)", rev.Path, q.version, rev.Version)
				}
				g.queryErr(q, fmt.Errorf("%v matches packages in %v but not %v: specify a different version for module %s", q, cur, version, rev.Path))
			}
		}
	}
	return g.flushErrors()
}
