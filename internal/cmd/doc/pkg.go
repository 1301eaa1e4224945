package doc

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
)

const (
	lineWidth = 80
	indent    = "    "
)

// docPackage is a parsed package being documented. Output goes to a
// buffer that starts with the package clause on first write.
type docPackage struct {
	d           *docer
	name        string
	userPath    string
	ast         *ast.Package
	file        *ast.File // all files merged
	doc         *doc.Package
	build       *build.Package
	typedValue  map[*doc.Value]bool // consts and vars grouped with a type
	constructor map[*doc.Func]bool  // funcs grouped with a type
	fset        *token.FileSet
	buf         clauseBuffer
}

// clauseBuffer writes the package clause before the first output.
type clauseBuffer struct {
	pkg     *docPackage
	printed bool
	bytes.Buffer
}

func (b *clauseBuffer) Write(p []byte) (int, error) {
	if !b.printed {
		b.printed = true
		if b.pkg.ast.Name != "main" || b.pkg.d.f.Cmd {
			b.pkg.packageClause()
		}
	}
	return b.Buffer.Write(p)
}

func (p *docPackage) printf(format string, args ...any) {
	fmt.Fprintf(&p.buf, format, args...)
}

func (p *docPackage) flush() {
	p.d.w.Write(p.buf.Bytes())
	p.buf.Reset()
}

// newlines ends the output with (at least) n newlines.
func (p *docPackage) newlines(n int) {
	for !bytes.HasSuffix(p.buf.Bytes(), []byte("\n\n")[:n]) {
		p.buf.WriteByte('\n')
	}
}

// toText formats a doc comment as text.
func (p *docPackage) toText(w io.Writer, text, prefix, codePrefix string) {
	c := p.doc.Parser().Parse(text)
	pr := p.doc.Printer()
	pr.TextPrefix = prefix
	pr.TextCodePrefix = codePrefix
	w.Write(pr.Text(c))
}

// parsePackage parses the Go files of bp.
func (d *docer) parsePackage(bp *build.Package, userPath string) (*docPackage, error) {
	include := func(info fs.FileInfo) bool {
		for _, list := range [][]string{bp.GoFiles, bp.CgoFiles} {
			for _, name := range list {
				if name == info.Name() {
					return true
				}
			}
		}
		return false
	}
	fset := token.NewFileSet()
	dir := bp.Dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(d.wd, dir)
	}
	pkgs, err := parser.ParseDir(fset, dir, include, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no source-code package in directory %s", bp.Dir)
	}
	if len(pkgs) > 1 {
		return nil, fmt.Errorf("multiple packages in directory %s", bp.Dir)
	}
	astPkg := pkgs[bp.Name]
	mode := doc.AllDecls
	if d.f.Src {
		mode |= doc.PreserveAST
	}
	docPkg := doc.New(astPkg, bp.ImportPath, mode)
	p := &docPackage{
		d:           d,
		name:        bp.Name,
		userPath:    userPath,
		ast:         astPkg,
		file:        ast.MergePackageFiles(astPkg, 0),
		doc:         docPkg,
		build:       bp,
		fset:        fset,
		typedValue:  map[*doc.Value]bool{},
		constructor: map[*doc.Func]bool{},
	}
	p.buf.pkg = p
	// Values and funcs grouped with types are also searched as
	// package-level symbols.
	for _, t := range docPkg.Types {
		docPkg.Consts = append(docPkg.Consts, t.Consts...)
		docPkg.Vars = append(docPkg.Vars, t.Vars...)
		docPkg.Funcs = append(docPkg.Funcs, t.Funcs...)
		if d.isExported(t.Name) {
			for _, v := range t.Consts {
				p.typedValue[v] = true
			}
			for _, v := range t.Vars {
				p.typedValue[v] = true
			}
			for _, f := range t.Funcs {
				p.constructor[f] = true
			}
		}
	}
	return p, nil
}

// prettyPath names the package in messages.
func (p *docPackage) prettyPath() string {
	path := p.build.ImportComment
	if path == "" {
		path = p.build.ImportPath
	}
	if path != "." && path != "" {
		return path
	}
	path = filepath.Clean(filepath.ToSlash(p.build.Dir))
	if root := p.d.goroot; root != "" {
		if rel, ok := trimPath(path, filepath.ToSlash(filepath.Join(root, "src"))); ok {
			return rel
		}
	}
	for _, gp := range filepath.SplitList(p.d.ctxt.GOPATH) {
		if rel, ok := trimPath(path, filepath.ToSlash(gp)); ok {
			return rel
		}
	}
	return path
}

// trimPath removes the directory prefix from path.
func trimPath(path, prefix string) (string, bool) {
	switch {
	case !strings.HasPrefix(path, prefix):
		return path, false
	case path == prefix:
		return path, true
	case path[len(prefix)] == '/':
		return path[len(prefix)+1:], true
	}
	return path, false
}

// packageClause prints "package x // import "path"".
func (p *docPackage) packageClause() {
	if p.d.f.Short {
		return
	}
	importPath := p.build.ImportComment
	if importPath == "" {
		importPath = p.build.ImportPath
	}
	roots := p.d.codeRoots()
	if p.d.usingModules {
		for _, root := range roots {
			if p.build.Dir == root.dir {
				importPath = root.importPath
				break
			}
			if strings.HasPrefix(p.build.Dir, root.dir+string(filepath.Separator)) {
				suffix := filepath.ToSlash(p.build.Dir[len(root.dir)+1:])
				if root.importPath == "" {
					importPath = suffix
				} else {
					importPath = root.importPath + "/" + suffix
				}
				break
			}
		}
	}
	p.printf("package %s // import %q\n\n", p.name, importPath)
	if !p.d.usingModules && importPath != p.build.ImportPath {
		p.printf("WARNING: package source is installed in %q\n", p.build.ImportPath)
	}
}

// emit prints a declaration and its documentation (or, with -src, its
// source with comments).
func (p *docPackage) emit(comment string, node ast.Node) {
	if node == nil {
		return
	}
	var arg any = node
	if p.d.f.Src {
		arg = &printer.CommentedNode{Node: node, Comments: p.file.Comments}
	}
	if err := format.Node(&p.buf, p.fset, arg); err != nil {
		fmt.Fprintf(&p.buf, "%v", err)
	}
	if comment != "" && !p.d.f.Src {
		p.newlines(1)
		p.toText(&p.buf, comment, indent, indent+indent)
		p.newlines(2)
	} else {
		p.newlines(1)
	}
}

func (p *docPackage) header(s string) { p.printf("\n%s\n\n", s) }

// packageDoc prints the package documentation and a summary (or, with
// -all, everything).
func (p *docPackage) packageDoc() {
	f := p.d.f
	p.printf("")
	if f.All || !f.Short {
		p.toText(&p.buf, p.doc.Doc, "", indent)
		p.newlines(1)
	}
	switch {
	case f.All:
		printed := map[*ast.GenDecl]bool{}
		p.valuesDoc("CONSTANTS", p.doc.Consts, printed)
		p.valuesDoc("VARIABLES", p.doc.Vars, printed)
		p.funcsDoc()
		p.typesDoc()
	case p.ast.Name == "main" && !f.Cmd:
		return
	default:
		if !f.Short {
			p.newlines(2)
		}
		p.valueSummary(p.doc.Consts, false)
		p.valueSummary(p.doc.Vars, false)
		p.funcSummary(p.doc.Funcs, false)
		p.typeSummary()
	}
	if !f.Short {
		p.bugs()
	}
}

func (p *docPackage) valuesDoc(title string, values []*doc.Value, printed map[*ast.GenDecl]bool) {
	header := false
	for _, v := range values {
		for _, name := range v.Names {
			if p.d.isExported(name) && !p.typedValue[v] {
				if !header {
					p.header(title)
					header = true
				}
				p.valueDoc(v, printed)
				break
			}
		}
	}
}

func (p *docPackage) funcsDoc() {
	header := false
	for _, fn := range p.doc.Funcs {
		if p.d.isExported(fn.Name) && !p.constructor[fn] {
			if !header {
				p.header("FUNCTIONS")
				header = true
			}
			p.emit(fn.Doc, fn.Decl)
		}
	}
}

func (p *docPackage) typesDoc() {
	header := false
	for _, t := range p.doc.Types {
		if p.d.isExported(t.Name) {
			if !header {
				p.header("TYPES")
				header = true
			}
			p.typeDoc(t)
		}
	}
}

func (p *docPackage) bugs() {
	notes := p.doc.Notes["BUG"]
	if notes == nil {
		return
	}
	p.printf("\n")
	for _, n := range notes {
		p.printf("%s: %v\n", "BUG", n.Body)
	}
}

// valueSummary prints one line per value; values grouped with exported
// types are left to the types unless showGrouped.
func (p *docPackage) valueSummary(values []*doc.Value, showGrouped bool) {
	grouped := map[*doc.Value]bool{}
	if !showGrouped {
		for _, t := range p.doc.Types {
			if !p.d.isExported(t.Name) {
				continue
			}
			for _, v := range t.Consts {
				grouped[v] = true
			}
			for _, v := range t.Vars {
				grouped[v] = true
			}
		}
	}
	for _, v := range values {
		if !grouped[v] {
			if decl := p.oneLine(v.Decl); decl != "" {
				p.printf("%s\n", decl)
			}
		}
	}
}

func (p *docPackage) funcSummary(funcs []*doc.Func, showConstructors bool) {
	for _, fn := range funcs {
		if p.d.isExported(fn.Name) && (showConstructors || !p.constructor[fn]) {
			p.printf("%s\n", p.oneLine(fn.Decl))
		}
	}
}

func (p *docPackage) typeSummary() {
	for _, t := range p.doc.Types {
		for _, spec := range t.Decl.Specs {
			ts := spec.(*ast.TypeSpec)
			if !p.d.isExported(ts.Name.Name) {
				continue
			}
			p.printf("%s\n", p.oneLine(ts))
			for _, list := range [][]*doc.Value{t.Consts, t.Vars} {
				for _, v := range list {
					if decl := p.oneLine(v.Decl); decl != "" {
						p.printf(indent+"%s\n", decl)
					}
				}
			}
			for _, fn := range t.Funcs {
				if p.d.isExported(fn.Name) {
					p.printf(indent+"%s\n", p.oneLine(fn.Decl))
				}
			}
		}
	}
}
