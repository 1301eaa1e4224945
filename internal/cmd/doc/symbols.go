package doc

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/doc"
	"go/format"
	"strings"
	"unicode"
	"unicode/utf8"
)

func (p *docPackage) findValues(symbol string, values []*doc.Value) []*doc.Value {
	var out []*doc.Value
	for _, v := range values {
		for _, name := range v.Names {
			if p.match(symbol, name) {
				out = append(out, v)
			}
		}
	}
	return out
}

func (p *docPackage) findFuncs(symbol string) []*doc.Func {
	var out []*doc.Func
	for _, fn := range p.doc.Funcs {
		if p.match(symbol, fn.Name) {
			out = append(out, fn)
		}
	}
	return out
}

// findTypes returns the types matching symbol; "" matches every exported
// type.
func (p *docPackage) findTypes(symbol string) []*doc.Type {
	var out []*doc.Type
	for _, t := range p.doc.Types {
		if symbol == "" && p.d.isExported(t.Name) || p.match(symbol, t.Name) {
			out = append(out, t)
		}
	}
	return out
}

func findTypeSpec(decl *ast.GenDecl, name string) *ast.TypeSpec {
	for _, spec := range decl.Specs {
		if ts := spec.(*ast.TypeSpec); ts.Name.Name == name {
			return ts
		}
	}
	return nil
}

// symbolDoc prints the funcs, values and types matching symbol, or else
// the methods of that name.
func (p *docPackage) symbolDoc(symbol string) (bool, error) {
	found := false
	for _, fn := range p.findFuncs(symbol) {
		p.emit(fn.Doc, fn.Decl)
		found = true
	}
	values := p.findValues(symbol, p.doc.Consts)
	values = append(values, p.findValues(symbol, p.doc.Vars)...)
	printed := map[*ast.GenDecl]bool{}
	for _, v := range values {
		p.valueDoc(v, printed)
		found = true
	}
	for _, t := range p.findTypes(symbol) {
		p.typeDoc(t)
		found = true
	}
	if !found {
		return p.printMethodDoc("", symbol)
	}
	return true, nil
}

// valueDoc prints a const or var declaration with only its exported
// specs, once per declaration.
func (p *docPackage) valueDoc(v *doc.Value, printed map[*ast.GenDecl]bool) {
	if printed[v.Decl] {
		return
	}
	specs := make([]ast.Spec, 0, len(v.Decl.Specs))
	var typ ast.Expr
	for _, spec := range v.Decl.Specs {
		vs := spec.(*ast.ValueSpec)
		if vs.Type != nil {
			typ = vs.Type
		}
		for _, id := range vs.Names {
			if p.d.f.Src || p.d.isExported(id.Name) {
				// An iota-style spec shows the type it inherits.
				if vs.Type == nil && vs.Values == nil && typ != nil {
					vs.Type = &ast.Ident{Name: p.oneLine(typ), NamePos: vs.End() - 1}
				}
				specs = append(specs, vs)
				typ = nil
				break
			}
		}
	}
	if len(specs) == 0 {
		return
	}
	v.Decl.Specs = specs
	p.emit(v.Doc, v.Decl)
	printed[v.Decl] = true
}

// typeDoc prints a type and what goes with it: its values, constructors
// and methods, summarized or (with -all) in full.
func (p *docPackage) typeDoc(t *doc.Type) {
	decl := t.Decl
	spec := findTypeSpec(decl, t.Name)
	p.trimUnexportedElems(spec)
	if len(decl.Specs) > 1 {
		decl.Specs = []ast.Spec{spec}
	}
	p.emit(t.Doc, decl)
	p.newlines(2)
	if !p.d.f.All {
		p.valueSummary(t.Consts, true)
		p.valueSummary(t.Vars, true)
		p.funcSummary(t.Funcs, true)
		p.funcSummary(t.Methods, true)
		return
	}
	printed := map[*ast.GenDecl]bool{}
	for _, v := range append(append([]*doc.Value(nil), t.Consts...), t.Vars...) {
		for _, name := range v.Names {
			if p.d.isExported(name) {
				p.valueDoc(v, printed)
				break
			}
		}
	}
	for _, fn := range append(append([]*doc.Func(nil), t.Funcs...), t.Methods...) {
		if p.d.isExported(fn.Name) {
			p.emit(fn.Doc, fn.Decl)
			if fn.Doc == "" {
				p.newlines(2)
			}
		}
	}
}

func (p *docPackage) trimUnexportedElems(spec *ast.TypeSpec) {
	if p.d.f.Src {
		return
	}
	switch t := spec.Type.(type) {
	case *ast.StructType:
		t.Fields = p.trimFields(t.Fields, false)
	case *ast.InterfaceType:
		t.Methods = p.trimFields(t.Methods, true)
	}
}

// trimFields drops unexported fields or methods (noting that it did),
// and reflows field comments so that the printer lays them out well.
func (p *docPackage) trimFields(fields *ast.FieldList, isInterface bool) *ast.FieldList {
	what := "fields"
	if isInterface {
		what = "methods"
	}
	trimmed := false
	list := make([]*ast.Field, 0, len(fields.List))
	for _, field := range fields.List {
		if c := field.Doc; c != nil {
			text := c.Text()
			if len(c.List[len(c.List)-1].Text) != 2 { // no trailing "//" line
				text = strings.TrimSuffix(text, "\n")
			}
			start := c.List[0].Slash
			c.List = c.List[:0]
			for _, line := range strings.Split(text, "\n") {
				prefix := "// "
				if strings.HasPrefix(line, "\t") {
					prefix = "//"
				}
				c.List = append(c.List, &ast.Comment{Text: prefix + line})
			}
			c.List[0].Slash = start
		}
		names := field.Names
		if len(names) == 0 {
			// Embedded: the name is the type's.
			ty := field.Type
			if se, ok := ty.(*ast.StarExpr); !isInterface && ok {
				ty = se.X
			}
			constraint := false
			switch id := ty.(type) {
			case *ast.Ident:
				if isInterface && id.Obj == nil && (id.Name == "error" || id.Name == "comparable") {
					list = append(list, field)
					continue
				}
				names = []*ast.Ident{id}
			case *ast.SelectorExpr:
				names = []*ast.Ident{id.Sel}
			default:
				constraint = true
			}
			if names == nil && !constraint {
				fmt.Fprintf(p.d.inv.Stderr, "doc: invalid program: unexpected type for embedded field\n")
			}
		}
		keep := true
		if !p.d.unexported {
			for _, n := range names {
				if !p.d.isExported(n.Name) {
					trimmed, keep = true, false
					break
				}
			}
		}
		if keep {
			list = append(list, field)
		}
	}
	if !trimmed {
		return fields
	}
	note := &ast.Field{
		Type:    &ast.Ident{Name: "", NamePos: fields.Closing - 1},
		Comment: &ast.CommentGroup{List: []*ast.Comment{{Text: fmt.Sprintf("// Has unexported %s.\n", what)}}},
	}
	return &ast.FieldList{Opening: fields.Opening, List: append(list, note), Closing: fields.Closing}
}

// printMethodDoc prints the methods named method of the types matching
// symbol (of all types when symbol is ""), including interface methods.
func (p *docPackage) printMethodDoc(symbol, method string) (bool, error) {
	types := p.findTypes(symbol)
	if types == nil {
		if symbol == "" {
			return false, nil
		}
		return false, fmt.Errorf("symbol %s is not a type in package %s installed in %q", symbol, p.name, p.build.ImportPath)
	}
	found := false
	for _, t := range types {
		if len(t.Methods) > 0 {
			for _, m := range t.Methods {
				if p.match(method, m.Name) {
					p.emit(m.Doc, m.Decl)
					found = true
				}
			}
			continue
		}
		if symbol == "" {
			continue
		}
		spec := findTypeSpec(t.Decl, t.Name)
		iface, ok := spec.Type.(*ast.InterfaceType)
		if !ok {
			continue
		}
		var methods []*ast.Field
		for _, m := range iface.Methods.List {
			if len(m.Names) > 0 && p.match(method, m.Names[0].Name) {
				methods = append(methods, m)
				found = true
			}
		}
		if found {
			p.printf("type %s ", spec.Name)
			iface.Methods.List, methods = methods, iface.Methods.List
			if err := format.Node(&p.buf, p.fset, iface); err != nil {
				return false, err
			}
			p.newlines(1)
			iface.Methods.List = methods
		}
	}
	return found, nil
}

// printFieldDoc prints the struct fields named fieldName of the types
// matching symbol.
func (p *docPackage) printFieldDoc(symbol, fieldName string) (bool, error) {
	if symbol == "" || fieldName == "" {
		return false, nil
	}
	types := p.findTypes(symbol)
	if types == nil {
		return false, fmt.Errorf("symbol %s is not a type in package %s installed in %q", symbol, p.name, p.build.ImportPath)
	}
	found := false
	unmatched := 0
	for _, t := range types {
		st, ok := findTypeSpec(t.Decl, t.Name).Type.(*ast.StructType)
		if !ok {
			continue
		}
		for _, field := range st.Fields.List {
			for _, name := range field.Names {
				if !p.match(fieldName, name.Name) {
					unmatched++
					continue
				}
				if !found {
					p.printf("type %s struct {\n", t.Name)
				}
				if field.Doc != nil {
					var b bytes.Buffer
					p.toText(&b, field.Doc.Text(), "", indent)
					sc := bufio.NewScanner(&b)
					for sc.Scan() {
						fmt.Fprintf(&p.buf, "%s// %s\n", indent, sc.Bytes())
					}
				}
				comment := ""
				if field.Comment != nil {
					comment = "  " + field.Comment.List[0].Text
				}
				p.printf("%s%s %s%s\n", indent, name, p.oneLine(field.Type), comment)
				found = true
			}
		}
	}
	if found {
		if unmatched > 0 {
			p.printf("\n    // ... other fields elided ...\n")
		}
		p.printf("}\n")
	}
	return found, nil
}

// match reports whether the user's name matches the program's exported
// name: lower-case letters match either case unless -c.
func (p *docPackage) match(user, program string) bool {
	if !p.d.isExported(program) {
		return false
	}
	if p.d.f.Case {
		return user == program
	}
	for _, u := range user {
		r, w := utf8.DecodeRuneInString(program)
		program = program[w:]
		if u == r || unicode.IsLower(u) && foldMin(u) == foldMin(r) {
			continue
		}
		return false
	}
	return program == ""
}

// foldMin returns the smallest rune of r's case-folding orbit.
func foldMin(r rune) rune {
	for {
		r1 := unicode.SimpleFold(r)
		if r1 <= r {
			return r1
		}
		r = r1
	}
}
