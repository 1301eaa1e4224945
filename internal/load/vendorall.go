package load

import (
	"bytes"
	"context"
	"errors"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/mod/module"

	"gocmd/internal/modload"
	"gocmd/internal/search"
)

// This file loads the "all" pattern the way 'go mod vendor' sees it:
// every build tag is both true and false except "ignore" (so files of
// every platform count), the packages of the main modules and their
// tools are the roots, and the imports of the main modules' tests are
// followed but not the tests of other packages. Standard packages end
// the walk.

// VendorPackage is one package of the vendor view of "all".
type VendorPackage struct {
	Path   string
	Dir    string
	Module module.Version // zero for standard packages
	Main   bool           // in a main module
	Std    bool
	Err    error

	imports, testImports []string
	stack                *VendorPackage // the package that first imported it
	testOf               *VendorPackage // set on the test stand-in of a main package
}

// errNoGoFiles is go's error for a directory without buildable files.
var errNoGoFiles = errors.New("no Go source files")

// StackText is the chain of imports that led to p, as go prints it in
// front of a loading error.
func (p *VendorPackage) StackText() string {
	var stack []*VendorPackage
	for q := p; q != nil; q = q.stack {
		stack = append(stack, q)
	}
	var b strings.Builder
	for i := len(stack) - 1; i >= 0; i-- {
		q := stack[i]
		b.WriteString(q.Path)
		if q.testOf != nil {
			b.WriteString(".test")
		}
		if i > 0 {
			if stack[i-1].testOf == q {
				b.WriteString(" tested by\n\t")
			} else {
				b.WriteString(" imports\n\t")
			}
		}
	}
	return b.String()
}

// AnyTagsOptions adjust LoadAllAnyTags.
type AnyTagsOptions struct {
	// AllTests follows the tests of every non-standard package in "all"
	// (go mod why), not only those of the main modules' packages.
	AllTests bool
	// WalkStd follows the imports of standard packages too.
	WalkStd bool
}

// LoadVendorAll loads the vendor view of "all". It returns every package
// reached (tests excluded) in load order; packages that could not be
// loaded carry Err. Missing standard packages are left out, as go
// silences them.
func (l *Loader) LoadVendorAll(ctx context.Context) ([]*VendorPackage, error) {
	pkgs, err := l.LoadAllAnyTags(ctx, AnyTagsOptions{})
	if err != nil {
		return nil, err
	}
	var out []*VendorPackage
	for _, p := range pkgs {
		var missing *modload.ImportMissingError
		if errors.As(p.Err, &missing) && missing.IsStd {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// LoadAllAnyTags loads "all" with every build tag but "ignore" both true
// and false: the packages of the main modules and their tools, what they
// import, and what the tests of the main packages (or, with AllTests, of
// every package in "all") import. It returns the packages (not the
// tests) in go's load order, a breadth-first walk from the roots in
// which each package records the package it was first reached from
// (Chain, StackText).
func (l *Loader) LoadAllAnyTags(ctx context.Context, opts AnyTagsOptions) ([]*VendorPackage, error) {
	st := l.init()
	if st.err != nil {
		return nil, st.err
	}
	if err := l.cfg.Modules.CheckFullGraph(ctx); err != nil {
		return nil, err
	}
	roots, err := l.vendorRoots(ctx)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*VendorPackage{}
	scan := func(p *VendorPackage) {
		if p.Err == nil && p.Dir != "" && (!p.Std || opts.WalkStd) && p.imports == nil && p.testImports == nil {
			p.imports, p.testImports, p.Err = l.scanAnyTags(p.Dir)
		}
	}
	get := func(path string, parent *VendorPackage) *VendorPackage {
		if newPath, _, ok := st.fips.ResolveImport(path); ok {
			path = newPath
		} else if parent != nil && parent.Std {
			path = l.stdVendor(parent.Path, path)
		}
		if p := byPath[path]; p != nil {
			return p
		}
		p := l.resolveVendorImport(ctx, path, nil)
		byPath[path] = p
		scan(p)
		return p
	}
	for _, p := range roots {
		if byPath[p.Path] == nil {
			byPath[p.Path] = p
			scan(p)
		}
	}

	// The packages in "all": the roots and what they import.
	inAll := map[*VendorPackage]bool{}
	var queue []*VendorPackage
	for _, p := range roots {
		if !inAll[p] {
			inAll[p] = true
			queue = append(queue, p)
		}
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		imports := p.imports
		if p.Main {
			// What the main packages' tests import is in "all" too.
			imports = append(imports[:len(imports):len(imports)], p.testImports...)
		}
		for _, imp := range imports {
			if imp == "C" {
				continue
			}
			if q := get(imp, p); !inAll[q] {
				inAll[q] = true
				queue = append(queue, q)
			}
		}
	}

	// The load order and import stacks: breadth first from the roots,
	// each package's imports (sorted), then its test.
	wantTest := func(p *VendorPackage) bool {
		return p.Err == nil && !p.Std && (p.Main || opts.AllTests && inAll[p])
	}
	seen := map[*VendorPackage]bool{}
	var nodes []*VendorPackage
	for _, p := range roots {
		if !seen[p] {
			seen[p] = true
			nodes = append(nodes, p)
		}
	}
	for i := 0; i < len(nodes); i++ {
		n := nodes[i]
		imports := n.imports
		if n.testOf != nil {
			imports = n.testOf.testImports
		}
		for _, imp := range imports {
			if imp == "C" {
				continue
			}
			if q := get(imp, n); !seen[q] {
				seen[q] = true
				q.stack = n
				nodes = append(nodes, q)
			}
		}
		if n.testOf == nil && wantTest(n) {
			nodes = append(nodes, &VendorPackage{Path: n.Path, stack: n, testOf: n})
		}
	}
	var out []*VendorPackage
	for _, n := range nodes {
		if n.testOf == nil {
			out = append(out, n)
		}
	}
	return out, nil
}

// Chain returns the import chain from a root to p, one package a line
// as 'go mod why' prints it (a test appears as "path.test").
func (p *VendorPackage) Chain() []string {
	var lines []string
	for q := p; q != nil; q = q.stack {
		if q.testOf != nil {
			lines = append(lines, q.testOf.Path+".test")
		} else {
			lines = append(lines, q.Path)
		}
	}
	for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
		lines[i], lines[j] = lines[j], lines[i]
	}
	return lines
}

// vendorRoots returns the packages of the main modules (every directory
// holding a Go file some build could use) and the tools, sorted.
func (l *Loader) vendorRoots(ctx context.Context) ([]*VendorPackage, error) {
	st := l.st
	ms := l.cfg.Modules
	m := search.NewMatch("all")
	w := &search.Walker{FS: st.fs, Warn: l.cfg.Warn, Ignore: map[string]*search.IgnorePatterns{}, PruneVendor: true,
		IsPackage: func(dir, name string) bool {
			_, _, err := l.scanAnyTags(dir)
			return err != errNoGoFiles
		}}
	have := map[string]bool{}
	dirs := map[string]string{}
	mods := map[string]string{}
	for _, mm := range ms.MainModules() {
		w.Ignore[filepath.Clean(mm.Dir)] = l.ignorePatterns(mm.GoMod)
		before := len(m.Pkgs)
		w.WalkTree(m, mm.Dir, mm.Path, func(string) bool { return true }, func(string) bool { return true }, true, have)
		for _, path := range m.Pkgs[before:] {
			rel := strings.TrimPrefix(strings.TrimPrefix(path, mm.Path), "/")
			dirs[path] = filepath.Join(mm.Dir, filepath.FromSlash(rel))
			mods[path] = mm.Path
		}
	}
	if len(m.Errs) > 0 {
		return nil, m.Errs[0]
	}
	sort.Strings(m.Pkgs)
	var roots []*VendorPackage
	for _, path := range m.Pkgs {
		roots = append(roots, &VendorPackage{Path: path, Dir: dirs[path], Main: true, Module: module.Version{Path: mods[path]}})
	}
	for _, tool := range ms.Tools() {
		if !have[tool] {
			roots = append(roots, l.resolveVendorImport(ctx, tool, nil))
		}
	}
	return roots, nil
}

// resolveVendorImport finds the package providing an import path.
func (l *Loader) resolveVendorImport(ctx context.Context, path string, from *VendorPackage) *VendorPackage {
	st := l.st
	p := &VendorPackage{Path: path, stack: from}
	if newPath, dir, ok := st.fips.ResolveImport(path); ok {
		p.Path, p.Dir, p.Std = newPath, dir, true
		return p
	}
	if isStandardPath(path) && !filepath.IsAbs(path) && !strings.HasPrefix(path, ".") {
		dir := filepath.Join(st.gorootSrc, filepath.FromSlash(path))
		if l.hasGoFiles(dir) || path == "unsafe" {
			p.Dir, p.Std = dir, true
			return p
		}
	}
	res, err := l.cfg.Modules.Import(ctx, path)
	if err != nil {
		p.Err = err
		return p
	}
	p.Dir = res.Dir
	if res.Module != nil {
		p.Module = module.Version{Path: res.Module.Path, Version: res.Module.Version}
		p.Main = l.cfg.Modules.IsMainModule(res.Module.Path) && res.Module.Version == ""
	}
	return p
}

// scanAnyTags returns the imports of the Go files of dir (non-test, and
// test files), counting every file some build could use: names starting
// with "_" or "." never count, and a file counts unless its build
// constraint requires the "ignore" tag.
func (l *Loader) scanAnyTags(dir string) (imports, testImports []string, err error) {
	fsv := l.st.fs
	ents, err := fsv.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	imp, timp := map[string]bool{}, map[string]bool{}
	n := 0
	for _, e := range ents {
		name := e.Name()
		if e.Mode()&fs.ModeSymlink != 0 {
			fi, err := fsv.Stat(filepath.Join(dir, name))
			if err != nil {
				continue
			}
			e = fi
		}
		if !e.Mode().IsRegular() || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".go") {
			continue
		}
		data, err := fsv.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		paths, ok, err := fileImportsAnyTags(filepath.Join(dir, name), data)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue
		}
		n++
		m := imp
		if strings.HasSuffix(name, "_test.go") {
			m = timp
		}
		for _, p := range paths {
			m[p] = true
		}
	}
	if n == 0 {
		return nil, nil, errNoGoFiles
	}
	return sortedKeys(imp), sortedKeys(timp), nil
}

func sortedKeys(m map[string]bool) []string {
	list := make([]string, 0, len(m))
	for k := range m {
		list = append(list, k)
	}
	sort.Strings(list)
	return list
}

// fileImportsAnyTags parses the imports of a Go file and reports whether
// some build could use it (see ShouldBuildAnyTags).
func fileImportsAnyTags(name string, data []byte) ([]string, bool, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		if f == nil || f.Name == nil {
			return nil, false, err
		}
	}
	var paths []string
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil {
			paths = append(paths, p)
		}
	}
	return paths, ShouldBuildAnyTags(data), nil
}

// ShouldBuildAnyTags reports whether the build constraint of a Go file
// (its //go:build line, or else its // +build lines) can be satisfied
// by some set of tags without "ignore": every other well-formed tag may
// be true or false as the expression needs.
func ShouldBuildAnyTags(content []byte) bool {
	header, goBuild, ok := constraintHeader(content)
	if !ok {
		return false
	}
	if goBuild != "" {
		x, err := constraint.Parse(goBuild)
		if err != nil {
			return false
		}
		return evalAnyTags(x, true)
	}
	for _, line := range strings.Split(header, "\n") {
		line = strings.TrimSpace(line)
		if !constraint.IsPlusBuild(line) {
			continue
		}
		if x, err := constraint.Parse(line); err == nil && !evalAnyTags(x, true) {
			return false
		}
	}
	return true
}

// evalAnyTags evaluates x with every tag but "ignore" taking the value
// that helps (want), as go's AnyTags does.
func evalAnyTags(x constraint.Expr, want bool) bool {
	switch x := x.(type) {
	case *constraint.TagExpr:
		for _, c := range x.Tag {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' && c != '.' {
				return false
			}
		}
		if x.Tag == "" || x.Tag == "ignore" {
			return false
		}
		return want
	case *constraint.NotExpr:
		return !evalAnyTags(x.X, !want)
	case *constraint.AndExpr:
		return evalAnyTags(x.X, want) && evalAnyTags(x.Y, want)
	case *constraint.OrExpr:
		return evalAnyTags(x.X, want) || evalAnyTags(x.Y, want)
	}
	return false
}

// constraintHeader returns the part of a Go file where // +build lines
// count (up to the last blank line before the first line that is not a
// // comment) and the //go:build line found before the package clause.
// ok is false when there are two //go:build lines.
func constraintHeader(content []byte) (header, goBuild string, ok bool) {
	end := 0
	rest := content
	stopped := false // a line other than a // comment or blank was seen
	inBlock := false // inside a /* */ comment
	for len(rest) > 0 {
		var line []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 && !stopped {
			end = len(content) - len(rest)
			continue
		}
		if !bytes.HasPrefix(line, []byte("//")) {
			stopped = true
		}
		if !inBlock && isGoBuildLine(line) {
			if goBuild != "" {
				return "", "", false
			}
			goBuild = string(line)
		}
		if !skipComments(line, &inBlock) {
			break
		}
	}
	return string(content[:end]), goBuild, true
}

// skipComments consumes the comments of one line, tracking /* */ state,
// and reports whether the line held nothing but comments.
func skipComments(line []byte, inBlock *bool) bool {
	for len(line) > 0 {
		if *inBlock {
			i := bytes.Index(line, []byte("*/"))
			if i < 0 {
				return true
			}
			*inBlock = false
			line = bytes.TrimSpace(line[i+2:])
			continue
		}
		if bytes.HasPrefix(line, []byte("//")) {
			return true
		}
		if !bytes.HasPrefix(line, []byte("/*")) {
			return false
		}
		*inBlock = true
		line = bytes.TrimSpace(line[2:])
	}
	return true
}

// isGoBuildLine reports whether line is a //go:build comment.
func isGoBuildLine(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("//go:build"))
	if !ok {
		return false
	}
	return len(rest) == 0 || len(bytes.TrimSpace(rest)) < len(rest)
}
