// Package mvs implements minimal version selection over a module
// requirement graph: every module path is selected at the highest version
// required by any module version reachable from the roots.
package mvs

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/mod/module"
)

// CompareFunc compares two versions of the module at path, returning -1,
// 0 or +1. Versions are never "none" when it is called.
type CompareFunc func(path, v1, v2 string) int

// Graph is a requirement graph under construction. Callers add the
// requirements of each reachable module version with Require; Selected
// and BuildList report the result of minimal version selection.
type Graph struct {
	cmp      CompareFunc
	roots    []module.Version
	required map[module.Version][]module.Version
	isRoot   map[module.Version]bool
	selected map[string]string
}

// NewGraph returns a graph whose roots are the given module versions.
func NewGraph(cmp CompareFunc, roots []module.Version) *Graph {
	g := &Graph{
		cmp:      cmp,
		roots:    append([]module.Version(nil), roots...),
		required: map[module.Version][]module.Version{},
		isRoot:   map[module.Version]bool{},
		selected: map[string]string{},
	}
	for _, r := range roots {
		g.isRoot[r] = true
		g.raise(r)
	}
	return g
}

func (g *Graph) raise(m module.Version) {
	if m.Version == "none" {
		return
	}
	if v, ok := g.selected[m.Path]; !ok || g.cmp(m.Path, v, m.Version) < 0 {
		g.selected[m.Path] = m.Version
	}
}

// Require records that m requires reqs. m must be a root or already be
// required by some module in the graph; Require may be called at most
// once per module version.
func (g *Graph) Require(m module.Version, reqs []module.Version) {
	if _, ok := g.required[m]; ok {
		panic(fmt.Sprintf("mvs: requirements of %v set twice", m))
	}
	g.required[m] = reqs
	for _, r := range reqs {
		if _, ok := g.required[r]; !ok {
			// Mark r as reachable without recording its requirements yet.
			if _, seen := g.selected[r.Path]; !seen {
				g.selected[r.Path] = "none"
			}
		}
		g.raise(r)
	}
}

// RequiredBy returns the recorded requirements of m, and whether they
// were recorded at all (they are not for pruned-out modules).
func (g *Graph) RequiredBy(m module.Version) ([]module.Version, bool) {
	reqs, ok := g.required[m]
	return reqs, ok
}

// Selected returns the selected version of path, or "none".
func (g *Graph) Selected(path string) string {
	v, ok := g.selected[path]
	if !ok {
		return "none"
	}
	return v
}

// BuildList returns the selected versions: the roots first, in order and
// without duplicate paths, then every other module sorted by path.
func (g *Graph) BuildList() []module.Version {
	seen := map[string]bool{}
	var list []module.Version
	for _, r := range g.roots {
		if seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		if v := g.Selected(r.Path); v != "none" {
			list = append(list, module.Version{Path: r.Path, Version: v})
		}
	}
	n := len(list)
	for path, v := range g.selected {
		if !seen[path] && v != "none" {
			list = append(list, module.Version{Path: path, Version: v})
		}
	}
	rest := list[n:]
	sort.Slice(rest, func(i, j int) bool {
		if rest[i].Path != rest[j].Path {
			return rest[i].Path < rest[j].Path
		}
		return g.cmp(rest[i].Path, rest[i].Version, rest[j].Version) < 0
	})
	return list
}

// WalkBreadthFirst calls f once for each module version reachable from
// the roots (other than "none"), in breadth-first order.
func (g *Graph) WalkBreadthFirst(f func(m module.Version)) {
	var queue []module.Version
	seen := map[module.Version]bool{}
	for _, r := range g.roots {
		if !seen[r] {
			seen[r] = true
			queue = append(queue, r)
		}
	}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		f(m)
		for _, r := range g.required[m] {
			if r.Version != "none" && !seen[r] {
				seen[r] = true
				queue = append(queue, r)
			}
		}
	}
}

// FindPath returns a shortest path of requirements from a root to a
// module version for which f reports true, or nil if there is none.
func (g *Graph) FindPath(f func(module.Version) bool) []module.Version {
	from := map[module.Version]module.Version{}
	var queue []module.Version
	seen := map[module.Version]bool{}
	for _, r := range g.roots {
		if !seen[r] {
			seen[r] = true
			queue = append(queue, r)
		}
	}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if f(m) {
			path := []module.Version{m}
			for {
				p, ok := from[m]
				if !ok {
					break
				}
				path = append(path, p)
				m = p
			}
			for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
				path[i], path[j] = path[j], path[i]
			}
			return path
		}
		for _, r := range g.required[m] {
			if r.Version != "none" && !seen[r] {
				seen[r] = true
				from[r] = m
				queue = append(queue, r)
			}
		}
	}
	return nil
}

// BuildListError is an error loading the requirements of a module,
// reported with the chain of requirements that led to it.
type BuildListError struct {
	Err   error
	Stack []module.Version
}

// NewBuildListError returns an error for err found at the end of stack.
func NewBuildListError(err error, stack []module.Version) *BuildListError {
	return &BuildListError{Err: err, Stack: stack}
}

func (e *BuildListError) Unwrap() error { return e.Err }

// Module returns the module version whose requirements failed to load.
func (e *BuildListError) Module() module.Version {
	if len(e.Stack) == 0 {
		return module.Version{}
	}
	return e.Stack[len(e.Stack)-1]
}

func (e *BuildListError) Error() string {
	stack := e.Stack
	// Leading versionless entries are main modules: not worth printing.
	for len(stack) > 0 && stack[0].Version == "" {
		stack = stack[1:]
	}
	if len(stack) == 0 {
		return e.Err.Error()
	}
	b := &strings.Builder{}
	for _, m := range stack[:len(stack)-1] {
		fmt.Fprintf(b, "%s requires\n\t", m)
	}
	last := stack[len(stack)-1]
	var me *module.ModuleError
	if errors.As(e.Err, &me) && me == e.Err {
		actual := module.Version{Path: me.Path, Version: me.Version}
		var ive *module.InvalidVersionError
		if errors.As(me.Err, &ive) && ive == me.Err {
			actual.Version = ive.Version
		}
		if actual == last {
			b.WriteString(e.Err.Error())
		} else {
			fmt.Fprintf(b, "%s (replaced by %s): %v", last, actual, me.Err)
		}
		return b.String()
	}
	b.WriteString(module.VersionError(last, e.Err).Error())
	return b.String()
}
