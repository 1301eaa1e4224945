package list

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"gocmd/internal/base"
	"gocmd/internal/cmd/list/load"
	pkgload "gocmd/internal/load"
	"gocmd/internal/wire"
)

func TestJSONFlag(t *testing.T) {
	for _, tc := range []struct {
		values []string
		on     bool
		fields string
	}{
		{[]string{"true"}, true, ""},
		{[]string{"false"}, false, ""},
		{[]string{"Name"}, true, "Name"},
		{[]string{"Name,Dir"}, true, "Dir,Name"},
		{[]string{"Name", "Dir"}, true, "Dir,Name"},
		{[]string{"Name", "false"}, false, "Name"},
		{[]string{""}, true, ""},
	} {
		var f jsonFlag
		for _, v := range tc.values {
			if err := f.Set(v); err != nil {
				t.Fatal(err)
			}
		}
		fields := f.String()
		if tc.values[0] == "" {
			// -json= asks for the field named "".
			if !f.on || len(f.fields) != 1 || !f.fields[""] {
				t.Errorf("Set(%q): on=%v fields=%v", "", f.on, f.fields)
			}
			continue
		}
		if f.on != tc.on || fields != tc.fields {
			t.Errorf("Set(%q): on=%v fields=%q, want %v %q", tc.values, f.on, fields, tc.on, tc.fields)
		}
	}
	var f jsonFlag
	if !f.IsBoolFlag() || !f.all() || !f.wants("Deps") {
		t.Errorf("zero jsonFlag: want a boolean flag wanting every field")
	}
	f.Set("ImportPath,Deps")
	if !f.wants("Deps") || !f.wants("X", "ImportPath") || f.wants("DepsErrors") {
		t.Errorf("wants: wrong answer for %v", f.fields)
	}
}

func TestTemplateNewlines(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   string
	}{
		{"{{.Name}}", "a\nb\n"},
		{"", ""},
		{"{{.Name}}\n", "a\nb\n"},
		{"{{.Name}}\n\n", "a\n\nb\n\n"},
		{"{{if eq .Name \"a\"}}{{.Name}}{{end}}", "a\n"},
	} {
		var buf bytes.Buffer
		out := newTrackingWriter(&buf)
		var jf jsonFlag
		pr, err := newPrinter(out, &jf, tc.format, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"a", "b"} {
			if err := pr.print(&load.PackagePublic{Name: name}); err != nil {
				t.Fatal(err)
			}
		}
		out.Flush()
		if buf.String() != tc.want {
			t.Errorf("format %q: got %q, want %q", tc.format, buf.String(), tc.want)
		}
	}
}

func TestTemplateErrorsNameGoTypes(t *testing.T) {
	var buf bytes.Buffer
	var jf jsonFlag
	pr, err := newPrinter(newTrackingWriter(&buf), &jf, "{{.Name}}{{.Foo}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = pr.print(&load.PackagePublic{Name: "p"})
	const want = `template: main:1:11: executing "main" at <.Foo>: can't evaluate field Foo in type *load.PackagePublic`
	if err == nil || err.Error() != want {
		t.Errorf("got error %v, want %s", err, want)
	}
	if buf.String() != "p" {
		t.Errorf("output before the error: got %q, want %q", buf.String(), "p")
	}
	if _, err := newPrinter(newTrackingWriter(&buf), &jf, "{{", nil); err == nil || err.Error() != "template: main:1: unclosed action" {
		t.Errorf("parse error: got %v", err)
	}
}

func TestJSONOnlyFields(t *testing.T) {
	var buf bytes.Buffer
	jf := jsonFlag{}
	jf.Set("Name,Imports")
	pr, _ := newPrinter(newTrackingWriter(&buf), &jf, "", nil)
	p := &load.PackagePublic{Name: "p", ImportPath: "x/p", Imports: []string{"fmt"}, Dir: "/d"}
	pr.print(p)
	pr.out.Flush()
	want := "{\n\t\"Name\": \"p\",\n\t\"Imports\": [\n\t\t\"fmt\"\n\t]\n}\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	if p.ImportPath != "x/p" {
		t.Errorf("printing cleared a field of the package itself")
	}
}

func pkg(path string, imports ...*pkgload.Package) *pkgload.Package {
	p := &pkgload.Package{}
	p.ImportPath = path
	p.Internal.Imports = imports
	for _, q := range imports {
		p.Imports = append(p.Imports, q.ImportPath)
		p.Internal.RawImports = append(p.Internal.RawImports, q.ImportPath)
	}
	return p
}

func TestCollectDepsAndErrors(t *testing.T) {
	perr := func(msg string, stack ...string) *wire.PackageError {
		e := &wire.PackageError{Err: errors.New(msg)}
		for _, s := range stack {
			e.ImportStack = append(e.ImportStack, wire.ImportInfo{Pkg: s})
		}
		return e
	}
	z := pkg("z")
	z.Error = perr("z is bad", "a", "b", "z")
	y := pkg("y")
	y.Error = perr("y is bad", "a", "y")
	b := pkg("b", z)
	c := pkg("c")
	c.Error = perr("no stack")
	a := pkg("a", y, b, c)
	all := pkgload.PackageList([]*pkgload.Package{a})
	pkgload.SetDeps(all)
	for _, p := range all {
		collectDepsErrors(p)
	}
	if want := []string{"b", "c", "y", "z"}; !reflect.DeepEqual(a.Deps, want) {
		t.Errorf("Deps = %v, want %v", a.Deps, want)
	}
	var got []string
	for _, e := range a.DepsErrors {
		got = append(got, e.Err.Error())
	}
	if want := []string{"no stack", "y is bad", "z is bad"}; !reflect.DeepEqual(got, want) {
		t.Errorf("DepsErrors = %v, want %v", got, want)
	}
}

// TestConflictsBeforeLoading checks the flag combinations rejected before
// any module or package is looked at.
func TestConflictsBeforeLoading(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-f", "x", "-json"}, "go list -f cannot be used with -json\n"},
		{[]string{"-json=Name", "-f={{.Name}}"}, "go list -f cannot be used with -json\n"},
		{[]string{"-reuse=x"}, "go list -reuse cannot be used without -m\n"},
		{[]string{"-f", "{{"}, "template: main:1: unclosed action\n"},
		{[]string{"-f", "{{.Name"}, "template: main:1: unclosed action\n"},
	} {
		cmd := New()
		if err := cmd.Flags.Parse(tc.args); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		var stdout, stderr bytes.Buffer
		inv := &base.Invocation{CmdName: "list", Stdout: &stdout, Stderr: &stderr}
		err := cmd.Run(context.Background(), inv, cmd.Flags.Args())
		if base.ExitCode(err) != 1 || stderr.String() != tc.want || stdout.Len() != 0 {
			t.Errorf("go list %s: exit %d, stderr %q, stdout %q; want exit 1, stderr %q",
				strings.Join(tc.args, " "), base.ExitCode(err), stderr.String(), stdout.String(), tc.want)
		}
	}
}
