package doc

import (
	"fmt"
	"go/ast"
	"go/format"
	"strings"
)

const ellipsis = "..."

// oneLine renders a declaration on one line, eliding details.
func (p *docPackage) oneLine(node ast.Node) string {
	return p.oneLineDepth(node, 10)
}

func (p *docPackage) oneLineDepth(node ast.Node, depth int) string {
	if depth == 0 {
		return ellipsis
	}
	depth--
	switch n := node.(type) {
	case nil:
		return ""
	case *ast.GenDecl:
		// The first exported name of a const or var group.
		trailer := ""
		if len(n.Specs) > 1 {
			trailer = " " + ellipsis
		}
		typ := ""
		for i, spec := range n.Specs {
			vs := spec.(*ast.ValueSpec)
			if vs.Type != nil {
				typ = " " + p.oneLineDepth(vs.Type, depth)
			} else if len(vs.Values) > 0 {
				typ = ""
			}
			if !p.d.isExported(vs.Names[0].Name) {
				continue
			}
			val := ""
			if i < len(vs.Values) && vs.Values[i] != nil {
				val = " = " + p.oneLineDepth(vs.Values[i], depth)
			}
			return fmt.Sprintf("%s %s%s%s%s", n.Tok, vs.Names[0], typ, val, trailer)
		}
		return ""
	case *ast.FuncDecl:
		recv := p.oneLineDepth(n.Recv, depth)
		if recv != "" {
			recv = "(" + recv + ") "
		}
		fn := strings.TrimPrefix(p.oneLineDepth(n.Type, depth), "func")
		return fmt.Sprintf("func %s%s%s", recv, n.Name.Name, fn)
	case *ast.TypeSpec:
		sep := " "
		if n.Assign.IsValid() {
			sep = " = "
		}
		return fmt.Sprintf("type %s%s%s%s", n.Name.Name, p.typeParams(n.TypeParams, depth), sep, p.oneLineDepth(n.Type, depth))
	case *ast.FuncType:
		var params, results []string
		if n.Params != nil {
			for _, f := range n.Params.List {
				params = append(params, p.oneLineField(f, depth))
			}
		}
		parens := false
		if n.Results != nil {
			parens = len(n.Results.List) > 1
			for _, f := range n.Results.List {
				parens = parens || len(f.Names) > 0
				results = append(results, p.oneLineField(f, depth))
			}
		}
		tp := p.typeParams(n.TypeParams, depth)
		param := joinElided(params)
		switch {
		case len(results) == 0:
			return fmt.Sprintf("func%s(%s)", tp, param)
		case !parens:
			return fmt.Sprintf("func%s(%s) %s", tp, param, joinElided(results))
		}
		return fmt.Sprintf("func%s(%s) (%s)", tp, param, joinElided(results))
	case *ast.StructType:
		if n.Fields == nil || len(n.Fields.List) == 0 {
			return "struct{}"
		}
		return "struct{ ... }"
	case *ast.InterfaceType:
		if n.Methods == nil || len(n.Methods.List) == 0 {
			return "interface{}"
		}
		return "interface{ ... }"
	case *ast.FieldList:
		switch {
		case n == nil || len(n.List) == 0:
			return ""
		case len(n.List) == 1:
			return p.oneLineField(n.List[0], depth)
		}
		return ellipsis
	case *ast.FuncLit:
		return p.oneLineDepth(n.Type, depth) + " { ... }"
	case *ast.CompositeLit:
		typ := p.oneLineDepth(n.Type, depth)
		if len(n.Elts) == 0 {
			return typ + "{}"
		}
		return typ + "{ " + ellipsis + " }"
	case *ast.ArrayType:
		return "[" + p.oneLineDepth(n.Len, depth) + "]" + p.oneLineDepth(n.Elt, depth)
	case *ast.MapType:
		return "map[" + p.oneLineDepth(n.Key, depth) + "]" + p.oneLineDepth(n.Value, depth)
	case *ast.CallExpr:
		var args []string
		for _, a := range n.Args {
			args = append(args, p.oneLineDepth(a, depth))
		}
		return p.oneLineDepth(n.Fun, depth) + "(" + joinElided(args) + ")"
	case *ast.UnaryExpr:
		return n.Op.String() + p.oneLineDepth(n.X, depth)
	case *ast.Ident:
		return n.Name
	}
	var b strings.Builder
	format.Node(&b, p.fset, node)
	if strings.Contains(b.String(), "\n") {
		return ellipsis
	}
	return b.String()
}

func (p *docPackage) typeParams(list *ast.FieldList, depth int) string {
	if list.NumFields() == 0 {
		return ""
	}
	var out []string
	for _, f := range list.List {
		out = append(out, p.oneLineField(f, depth))
	}
	return "[" + joinElided(out) + "]"
}

func (p *docPackage) oneLineField(f *ast.Field, depth int) string {
	var names []string
	for _, n := range f.Names {
		names = append(names, n.Name)
	}
	if len(names) == 0 {
		return p.oneLineDepth(f.Type, depth)
	}
	return joinElided(names) + " " + p.oneLineDepth(f.Type, depth)
}

// joinElided joins with ", ", replacing what goes past the line width
// by "...".
func joinElided(ss []string) string {
	n := 0
	for i, s := range ss {
		n += len(s) + len(", ")
		if n > lineWidth {
			ss = append(ss[:i:i], ellipsis)
			break
		}
	}
	return strings.Join(ss, ", ")
}
