package modload

import (
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// This file reads the imports of a package directory without go/build,
// as go does when it computes module requirements: with anyTags every
// build tag except "ignore" may hold, and file names do not restrict
// GOOS and GOARCH.

// scanResult is what a directory's Go files import.
type scanResult struct {
	hasGo       bool     // some .go file (test or not) is considered
	imports     []string // imports of the non-test files, sorted, unique
	testImports []string // imports of the _test.go files, sorted, unique
}

// tagSet decides build tags; nil means any tag other than "ignore".
type tagSet map[string]bool

// scanFiles reads the Go files of dir, listed in ents (nil: list dir).
func (s *State) scanFiles(dir string, tags tagSet, ents []fs.FileInfo) (scanResult, error) {
	var res scanResult
	if ents == nil {
		var err error
		ents, err = s.fs.ReadDir(dir)
		if err != nil {
			return res, err
		}
	}
	imps, timps := map[string]bool{}, map[string]bool{}
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
			continue
		}
		if e.IsDir() {
			continue
		}
		if !e.Mode().IsRegular() {
			if fi, err := s.fs.Stat(filepath.Join(dir, name)); err != nil || !fi.Mode().IsRegular() {
				continue
			}
		}
		data, err := s.fs.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return res, err
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.ImportsOnly|parser.ParseComments)
		if err != nil && f == nil {
			continue
		}
		if f.Name != nil && f.Name.Name == "documentation" {
			continue
		}
		if !fileMatches(f.Comments, f.Package, tags) {
			continue
		}
		res.hasGo = true
		dst := imps
		if strings.HasSuffix(name, "_test.go") {
			dst = timps
		}
		for _, im := range f.Imports {
			p, err := strconv.Unquote(im.Path.Value)
			if err != nil || p == "C" {
				continue
			}
			dst[p] = true
		}
	}
	res.imports = sortedKeys(imps)
	res.testImports = sortedKeys(timps)
	return res, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fileMatches evaluates the //go:build (or // +build) lines before the
// package clause.
func fileMatches(comments []*ast.CommentGroup, pkgPos token.Pos, tags tagSet) bool {
	var plus []constraint.Expr
	for _, g := range comments {
		if g.Pos() >= pkgPos {
			break
		}
		for _, c := range g.List {
			if !constraint.IsGoBuild(c.Text) && !constraint.IsPlusBuild(c.Text) {
				continue
			}
			x, err := constraint.Parse(c.Text)
			if err != nil {
				continue
			}
			if constraint.IsGoBuild(c.Text) {
				return evalTags(x, tags, true)
			}
			plus = append(plus, x)
		}
	}
	for _, x := range plus {
		if !evalTags(x, tags, true) {
			return false
		}
	}
	return true
}

// evalTags evaluates x; with a nil set every tag but "ignore" is both
// true and false, whichever makes the expression hold.
func evalTags(x constraint.Expr, tags tagSet, prefer bool) bool {
	switch x := x.(type) {
	case *constraint.TagExpr:
		return matchTag(x.Tag, tags, prefer)
	case *constraint.NotExpr:
		return !evalTags(x.X, tags, !prefer)
	case *constraint.AndExpr:
		return evalTags(x.X, tags, prefer) && evalTags(x.Y, tags, prefer)
	case *constraint.OrExpr:
		return evalTags(x.X, tags, prefer) || evalTags(x.Y, tags, prefer)
	}
	return false
}

func matchTag(name string, tags tagSet, prefer bool) bool {
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' && c != '.' {
			return false
		}
	}
	if tags == nil {
		if name != "" && name != "ignore" {
			return prefer
		}
		return false
	}
	return tags[name]
}
