package load

import (
	"errors"
	"fmt"
	"go/build"
	"go/scanner"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gocmd/internal/base"
	"gocmd/internal/modload"
	"gocmd/internal/search"
	"gocmd/internal/wire"
)

// NoGoError reports a directory with no buildable Go files, saying why.
type NoGoError struct {
	Package *Package
}

func (e *NoGoError) Error() string {
	p := e.Package
	switch {
	case len(p.IgnoredGoFiles) > 0:
		return "build constraints exclude all Go files in " + p.Dir
	case len(p.TestGoFiles)+len(p.XTestGoFiles) > 0:
		return "no non-test Go files in " + p.Dir
	}
	return "no Go files in " + p.Dir
}

// ImportPathError is an error about one import path, which its text
// names.
type ImportPathError interface {
	error
	ImportPath() string
}

type importError struct {
	importPath string
	err        error
}

// ImportErrorf returns an ImportPathError for path.
func ImportErrorf(path, format string, args ...any) ImportPathError {
	return &importError{importPath: path, err: fmt.Errorf(format, args...)}
}

func (e *importError) Error() string      { return e.err.Error() }
func (e *importError) Unwrap() error      { return errors.Unwrap(e.err) }
func (e *importError) ImportPath() string { return e.importPath }

// EmbedError is a problem with a //go:embed pattern.
type EmbedError struct {
	Pattern string
	Err     error
}

func (e *EmbedError) Error() string { return fmt.Sprintf("pattern %s: %v", e.Pattern, e.Err) }
func (e *EmbedError) Unwrap() error { return e.Err }

// importStack is the chain of imports being loaded.
type importStack []wire.ImportInfo

func (s *importStack) push(pkg string, pos *token.Position) {
	*s = append(*s, wire.ImportInfo{Pkg: pkg, Pos: pos})
}
func (s *importStack) pop()                    { *s = (*s)[:len(*s)-1] }
func (s *importStack) copy() []wire.ImportInfo { return append([]wire.ImportInfo(nil), *s...) }
func (s *importStack) top() (wire.ImportInfo, bool) {
	if len(*s) == 0 {
		return wire.ImportInfo{}, false
	}
	return (*s)[len(*s)-1], true
}

// shorterThan reports whether s is shorter than t, ties broken by the
// lexically smaller path.
func (s *importStack) shorterThan(t []wire.ImportInfo) bool {
	if len(*s) != len(t) {
		return len(*s) < len(t)
	}
	for i := range *s {
		if (*s)[i].Pkg != t[i].Pkg {
			return (*s)[i].Pkg < t[i].Pkg
		}
	}
	return false
}

func firstPos(list []token.Position) *token.Position {
	if len(list) == 0 {
		return nil
	}
	return &list[0]
}

func (l *Loader) setPos(e *wire.PackageError, list []token.Position) {
	if len(list) == 0 {
		return
	}
	pos := list[0]
	pos.Filename = base.ShortPath(l.cfg.Dir, pos.Filename)
	e.Pos = pos.String()
}

// setLoadPackageDataError turns an error from reading the package into
// p.Error, unwrapping what would repeat the path and choosing where the
// blame goes: the importing line for a missing or malformed import, the
// package itself for files that cannot be used.
func (l *Loader) setLoadPackageDataError(p *Package, err error, path string, stk *importStack, importPos []token.Position) {
	matchErr, isMatchErr := err.(*search.MatchError)
	if isMatchErr && matchErr.Match.Pattern() == path && matchErr.Match.IsLiteral() {
		err = matchErr.Err
	}
	var nogo *build.NoGoError
	if errors.As(err, &nogo) {
		if p.Dir == "" && nogo.Dir != "" {
			p.Dir = nogo.Dir
		}
		err = &NoGoError{Package: p}
	}
	var pos string
	isScanErr := false
	if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
		isScanErr = true
		sp := list[0].Pos
		sp.Filename = base.ShortPath(l.cfg.Dir, sp.Filename)
		pos = sp.String()
		err = errors.New(list[0].Msg)
	}
	if !isMatchErr && (nogo != nil || isScanErr) {
		stk.push(path, firstPos(importPos))
		defer stk.pop()
	}
	p.Error = &wire.PackageError{ImportStack: stk.copy(), Pos: pos, Err: err}
	p.Incomplete = true
	if top, ok := stk.top(); ok && path != top.Pkg {
		l.setPos(p.Error, importPos)
	}
}

// dirToImportPath is the pseudo import path of a directory outside any
// source root: "_" followed by the slash-separated directory.
func dirToImportPath(dir string) string {
	return "_/" + strings.TrimPrefix(strings.Map(makeImportValid, filepath.ToSlash(dir)), "/")
}

func makeImportValid(r rune) rune {
	const illegal = `!"#$%&'()*,:;<=>?[\]^{|}` + "`\uFFFD"
	if !unicode.IsGraphic(r) || unicode.IsSpace(r) || strings.ContainsRune(illegal, r) {
		return '_'
	}
	return r
}

// SafeArg reports whether name may appear as a command argument: it
// must not start with a character a tool would read as a flag.
func SafeArg(name string) bool {
	if name == "" {
		return false
	}
	c := name[0]
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '.' || c == '_' || c == '/' || c >= utf8.RuneSelf
}

// toFold maps s to a canonical case-folded form.
func toFold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		for {
			next := unicode.SimpleFold(r)
			if next <= r {
				r = next
				break
			}
			r = next
		}
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldDup returns two names of list equal under case folding, the
// smaller first.
func foldDup(list []string) (string, string) {
	seen := map[string]string{}
	for _, s := range list {
		f := toFold(s)
		if t := seen[f]; t != "" {
			if s > t {
				s, t = t, s
			}
			return s, t
		}
		seen[f] = s
	}
	return "", ""
}

func quote(s string) string { return strconv.Quote(s) }

// withImporter returns err with what go knows of the importing package:
// a missing go.sum error names it, so that its hint says what to 'go
// get' (with -t for an import from a test, @version for a dependency's
// package); a missing package error names the nearest main module on
// the import stack, for the "cd DIR" of its hint in a workspace. The
// importer is the top of stk: "p", "p (test)" or "p_test".
func (l *Loader) withImporter(err error, parent *Package, stk *importStack) error {
	if parent == nil {
		return err
	}
	top, ok := stk.top()
	if !ok {
		return err
	}
	switch e := err.(type) {
	case *modload.ImportMissingSumError:
		c := *e
		c.Importer = parent.ImportPath
		c.ImporterIsTest = top.Pkg != parent.ImportPath
		if parent.Module != nil && !parent.Module.Main {
			c.ImporterVersion = parent.Module.Version
		}
		return &c
	case *modload.ImportMissingError:
		for i := len(*stk) - 1; i >= 0; i-- {
			path := strings.TrimSuffix(strings.TrimSuffix((*stk)[i].Pkg, " (test)"), "_test")
			q := l.packages[path]
			if i == len(*stk)-1 {
				q = parent
			}
			if q != nil && q.Module != nil && q.Module.Main {
				c := *e
				c.ImportingMainModule, c.ImportingModRoot = q.Module.Path, q.Module.Dir
				return &c
			}
		}
	}
	return err
}
