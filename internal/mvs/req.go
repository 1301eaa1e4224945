package mvs

import (
	"sort"

	"golang.org/x/mod/module"
)

// Req returns a minimal list of requirements for target that yields the
// same build list as g: every path in base is kept, and any other
// selected module is listed only if no kept module already implies its
// selected version. The list is sorted by path.
func (g *Graph) Req(target module.Version, base []string) []module.Version {
	// Post-order of the selected modules, reached through the recorded
	// requirements of each selected version.
	var postorder []module.Version
	visited := map[module.Version]bool{}
	var visit func(m module.Version)
	visit = func(m module.Version) {
		if visited[m] {
			return
		}
		visited[m] = true
		for _, r := range g.required[m] {
			if r.Version != "none" {
				visit(r)
			}
		}
		postorder = append(postorder, m)
	}
	visit(target)

	have := map[module.Version]bool{}
	var walk func(m module.Version)
	walk = func(m module.Version) {
		if have[m] {
			return
		}
		have[m] = true
		for _, r := range g.required[m] {
			if r.Version != "none" {
				walk(r)
			}
		}
	}
	var min []module.Version
	keep := map[string]bool{}
	for _, path := range base {
		v := g.Selected(path)
		if v == "none" || keep[path] {
			continue
		}
		keep[path] = true
		m := module.Version{Path: path, Version: v}
		min = append(min, m)
		walk(m)
	}
	for i := len(postorder) - 1; i >= 0; i-- {
		m := postorder[i]
		if m == target || g.Selected(m.Path) != m.Version || keep[m.Path] {
			continue
		}
		if !have[m] {
			keep[m.Path] = true
			min = append(min, m)
			walk(m)
		}
	}
	sort.Slice(min, func(i, j int) bool { return min[i].Path < min[j].Path })
	return min
}
