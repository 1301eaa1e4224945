package modcmd

import (
	"context"
	"sort"

	"gocmd/internal/load"
	"gocmd/internal/modload"
)

// whyGraph answers 'go mod why' from "all" loaded as go loads it for
// that command: every build tag but "ignore" both true and false, the
// tests of the main modules' packages (and, unless -vendor, of every
// package in "all") followed, each package recording the package it was
// first reached from in a breadth-first walk.
type whyGraph struct {
	byPath   map[string]*load.VendorPackage
	byModule map[string][]*load.VendorPackage // non-test packages of each module, by path
}

// newWhyGraph loads "all" for 'go mod why'; tests says whether the tests
// of packages outside the main modules count.
func newWhyGraph(ctx context.Context, l *load.Loader, ms *modload.State, tests bool) (*whyGraph, error) {
	pkgs, err := l.LoadAllAnyTags(ctx, load.AnyTagsOptions{AllTests: tests, WalkStd: true})
	if err != nil {
		return nil, err
	}
	g := &whyGraph{byPath: map[string]*load.VendorPackage{}, byModule: map[string][]*load.VendorPackage{}}
	for _, p := range pkgs {
		g.byPath[p.Path] = p
		if p.Module.Path != "" {
			g.byModule[p.Module.Path] = append(g.byModule[p.Module.Path], p)
		}
	}
	for _, list := range g.byModule {
		sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	}
	return g, nil
}

// chain returns the lines of the import chain to path, or nil.
func (g *whyGraph) chain(path string) []string {
	p, ok := g.byPath[path]
	if !ok {
		return nil
	}
	return p.Chain()
}

// moduleChain returns the shortest chain to any package of module mod
// (the first in path order among the shortest), or nil.
func (g *whyGraph) moduleChain(mod string) []string {
	var best []string
	for _, p := range g.byModule[mod] {
		if c := p.Chain(); best == nil || len(c) < len(best) {
			best = c
		}
	}
	return best
}
