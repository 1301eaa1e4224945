package modcmd

import (
	"context"
	"sort"

	"gocmd/internal/load"
	"gocmd/internal/modload"
)

// whyNode is a package of the import graph 'go mod why' walks, or the
// test of a package (whose edges are the test-only imports).
type whyNode struct {
	pkg  *load.Package
	test bool
}

// whyGraph records, for each package reached from the main module's
// packages, the node it was first reached from in a breadth-first walk.
type whyGraph struct {
	parent map[whyNode]*whyNode
	byPath map[string]whyNode
	depth  map[string]int
	order  []whyNode
}

// newWhyGraph loads "all" and walks it breadth-first from the main
// module's packages (then tools), following the tests of the main
// module's packages, and of every package in "all" when tests is set.
func newWhyGraph(ctx context.Context, l *load.Loader, ms *modload.State, tests bool) (*whyGraph, error) {
	all, err := l.LoadPackages(ctx, []string{"all"})
	if err != nil {
		return nil, err
	}
	inAll := map[*load.Package]bool{}
	var roots []*load.Package
	for _, p := range all {
		inAll[p] = true
		if isMain(p) {
			roots = append(roots, p)
		}
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].ImportPath < roots[j].ImportPath })
	if tools := ms.Tools(); len(tools) > 0 {
		pkgs, _ := l.LoadPackages(ctx, tools)
		roots = append(roots, pkgs...)
	}

	g := &whyGraph{parent: map[whyNode]*whyNode{}, byPath: map[string]whyNode{}, depth: map[string]int{}}
	seen := map[whyNode]bool{}
	var queue []whyNode
	visit := func(n whyNode, from *whyNode) {
		if seen[n] {
			return
		}
		seen[n] = true
		g.parent[n] = from
		queue = append(queue, n)
	}
	for _, p := range roots {
		visit(whyNode{pkg: p}, nil)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		g.order = append(g.order, n)
		if n.test {
			for _, q := range testImports(ctx, l, n.pkg) {
				visit(whyNode{pkg: q}, &n)
			}
			continue
		}
		if _, ok := g.byPath[n.pkg.ImportPath]; !ok {
			g.byPath[n.pkg.ImportPath] = n
		}
		for _, q := range directImports(n.pkg) {
			visit(whyNode{pkg: q}, &n)
		}
		if (tests || isMain(n.pkg)) && inAll[n.pkg] && !n.pkg.Standard && n.pkg.Internal.Build != nil {
			visit(whyNode{pkg: n.pkg, test: true}, &n)
		}
	}
	return g, nil
}

// isMain reports whether p is a package of a main module.
func isMain(p *load.Package) bool { return p.Module != nil && p.Module.Main }

// directImports returns the imports p's source files name (not those
// added for cgo or the linker, which follow them).
func directImports(p *load.Package) []*load.Package {
	n := 0
	for _, path := range p.Internal.RawImports {
		if path != "C" {
			n++
		}
	}
	return p.Internal.Imports[:min(n, len(p.Internal.Imports))]
}

// testImports loads the packages only p's tests import.
func testImports(ctx context.Context, l *load.Loader, p *load.Package) []*load.Package {
	var paths []string
	seen := map[string]bool{}
	for _, list := range [][]string{p.Internal.RawTestImports, p.Internal.RawXTestImports} {
		for _, path := range list {
			if path == "C" {
				continue
			}
			r := l.ResolveImportPath(ctx, p, path)
			if !seen[r] {
				seen[r] = true
				paths = append(paths, r)
			}
		}
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		return nil
	}
	pkgs, _ := l.LoadPackages(ctx, paths)
	return pkgs
}

// chain returns the lines of the import chain to path, or nil.
func (g *whyGraph) chain(path string) []string {
	n, ok := g.byPath[path]
	if !ok {
		return nil
	}
	var lines []string
	for c := &n; c != nil; c = g.parent[*c] {
		if c.test {
			lines = append(lines, c.pkg.ImportPath+".test")
		} else {
			lines = append(lines, c.pkg.ImportPath)
		}
	}
	for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
		lines[i], lines[j] = lines[j], lines[i]
	}
	return lines
}

// moduleChain returns the shortest chain to any package of module mod
// (the first in path order among the shortest), or nil.
func (g *whyGraph) moduleChain(mod string) []string {
	var best []string
	var paths []string
	for path, n := range g.byPath {
		if n.pkg.Module != nil && n.pkg.Module.Path == mod {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	for _, path := range paths {
		if c := g.chain(path); best == nil || len(c) < len(best) {
			best = c
		}
	}
	return best
}
