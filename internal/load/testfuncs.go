package load

import (
	"errors"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TestFunc is one test, benchmark, fuzz target or example.
type TestFunc struct {
	Package   string // "_test" or "_xtest"
	Name      string
	Output    string // example output
	Unordered bool   // example output order does not matter
}

// TestFuncs is what the generated test main runs.
type TestFuncs struct {
	Tests       []TestFunc
	Benchmarks  []TestFunc
	FuzzTargets []TestFunc
	Examples    []TestFunc
	TestMain    *TestFunc
	ImportTest  bool // the test main imports the package under test
	NeedTest    bool // and refers to it
	ImportXtest bool
	NeedXtest   bool
}

func sortStrings(list []string) { sort.Strings(list) }

// checkTestFuncs scans p's test files, records their test functions in
// p.Internal.TestFuncs, and reports the first malformed one.
func (l *Loader) checkTestFuncs(p *Package) error {
	t := &TestFuncs{}
	fset := token.NewFileSet()
	var err error
	for _, f := range p.TestGoFiles {
		if e := l.scanTestFile(fset, t, filepath.Join(p.Dir, f), "_test", &t.ImportTest, &t.NeedTest); e != nil && err == nil {
			err = e
		}
	}
	for _, f := range p.XTestGoFiles {
		if e := l.scanTestFile(fset, t, filepath.Join(p.Dir, f), "_xtest", &t.ImportXtest, &t.NeedXtest); e != nil && err == nil {
			err = e
		}
	}
	p.Internal.TestFuncs = t
	return err
}

func (l *Loader) scanTestFile(fset *token.FileSet, t *TestFuncs, filename, pkg string, doImport, seen *bool) error {
	src, err := l.st.fs.ReadFile(filename)
	if err != nil {
		return err
	}
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	for _, d := range f.Decls {
		n, ok := d.(*ast.FuncDecl)
		if !ok || n.Recv != nil {
			continue
		}
		name := n.Name.String()
		var list *[]TestFunc
		var arg string
		switch {
		case name == "TestMain":
			if isTestFunc(n, "T") {
				t.Tests = append(t.Tests, TestFunc{pkg, name, "", false})
				*doImport, *seen = true, true
				continue
			}
			if err := checkTestFunc(fset, n, "M"); err != nil {
				return err
			}
			if t.TestMain != nil {
				return errors.New("multiple definitions of TestMain")
			}
			t.TestMain = &TestFunc{pkg, name, "", false}
			*doImport, *seen = true, true
			continue
		case isTestName(name, "Test"):
			list, arg = &t.Tests, "T"
		case isTestName(name, "Benchmark"):
			list, arg = &t.Benchmarks, "B"
		case isTestName(name, "Fuzz"):
			list, arg = &t.FuzzTargets, "F"
		default:
			continue
		}
		if err := checkTestFunc(fset, n, arg); err != nil {
			return err
		}
		*list = append(*list, TestFunc{pkg, name, "", false})
		*doImport, *seen = true, true
	}
	ex := doc.Examples(f)
	sort.Slice(ex, func(i, j int) bool { return ex[i].Order < ex[j].Order })
	for _, e := range ex {
		*doImport = true
		if e.Output == "" && !e.EmptyOutput {
			continue
		}
		t.Examples = append(t.Examples, TestFunc{pkg, "Example" + e.Name, e.Output, e.Unordered})
		*seen = true
	}
	return nil
}

func isTestFunc(fn *ast.FuncDecl, arg string) bool {
	if fn.Type.Results != nil && len(fn.Type.Results.List) > 0 ||
		fn.Type.Params.List == nil || len(fn.Type.Params.List) != 1 || len(fn.Type.Params.List[0].Names) > 1 {
		return false
	}
	ptr, ok := fn.Type.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	if name, ok := ptr.X.(*ast.Ident); ok && name.Name == arg {
		return true
	}
	if sel, ok := ptr.X.(*ast.SelectorExpr); ok && sel.Sel.Name == arg {
		return true
	}
	return false
}

func isTestName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}

func checkTestFunc(fset *token.FileSet, fn *ast.FuncDecl, arg string) error {
	why := ""
	if !isTestFunc(fn, arg) {
		why = fmt.Sprintf("must be: func %s(%s *testing.%s)", fn.Name.String(), strings.ToLower(arg), arg)
	}
	if fn.Type.TypeParams.NumFields() > 0 {
		why = "test functions cannot have type parameters"
	}
	if why != "" {
		return fmt.Errorf("%s: wrong signature for %s, %s", fset.Position(fn.Pos()), fn.Name.String(), why)
	}
	return nil
}
