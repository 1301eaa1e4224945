package tool

import (
	"reflect"
	"strings"
	"testing"
)

// The expected lines are the ones go build -x prints (go1.26).

func TestCgoArgs(t *testing.T) {
	c := &Cgo{
		Tool: "/t/cgo", Objdir: "$WORK/b001/", ImportPath: "example.com/cgo1",
		LDFlags: []string{"-O2", "-g"},
		CFlags:  []string{"-I", "$WORK/b001/", "-O2", "-g", "-DFOO=3"},
		Files:   []string{"/src/main.go"},
	}
	want := `/t/cgo -objdir $WORK/b001/ -importpath example.com/cgo1 -ldflags="-O2" "-g" -- -I $WORK/b001/ -O2 -g -DFOO=3 /src/main.go`
	if got := strings.Join(c.Args(), " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	d := &CgoDynimport{Tool: "/t/cgo", Package: "cgo", Object: "$WORK/b063/_cgo_.o", Output: "$WORK/b063/_cgo_import.go", Dynlinker: true}
	want = "/t/cgo -dynpackage cgo -dynimport $WORK/b063/_cgo_.o -dynout $WORK/b063/_cgo_import.go -dynlinker"
	if got := strings.Join(d.Args(), " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCgoOutputs(t *testing.T) {
	gofiles, cfiles := CgoOutputs("/w/", []string{"/src/a.go", "b.go"})
	if want := []string{"/w/_cgo_gotypes.go", "/w/a.cgo1.go", "/w/b.cgo1.go"}; !reflect.DeepEqual(gofiles, want) {
		t.Errorf("gofiles %q, want %q", gofiles, want)
	}
	if want := []string{"/w/_cgo_export.c", "/w/a.cgo2.c", "/w/b.cgo2.c"}; !reflect.DeepEqual(cfiles, want) {
		t.Errorf("cfiles %q, want %q", cfiles, want)
	}
}

func TestGccArgs(t *testing.T) {
	g := &GccCompile{Compiler: []string{"gcc", "-I", "/src", "-fPIC"}, Flags: []string{"-O2"}, Output: "$WORK/b001/_x001.o", File: "_cgo_export.c"}
	if got, want := strings.Join(g.Args(), " "), "gcc -I /src -fPIC -O2 -o $WORK/b001/_x001.o -c _cgo_export.c"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	l := &GccLink{Compiler: []string{"gcc", "-I", "."}, Output: "_cgo_.o", Objects: []string{"a.o", "b.o"}, Flags: []string{"-O2", "-g"}}
	if got, want := strings.Join(l.Args(), " "), "gcc -I . -o _cgo_.o a.o b.o -O2 -g"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got, want := PrefixMap(true, "linux", "/usr/local/go", "GOROOT"), "-ffile-prefix-map=/usr/local/go=/_/GOROOT"; got != want {
		t.Errorf("PrefixMap = %s, want %s", got, want)
	}
	if got, want := PrefixMap(false, "linux", "/m", "example.com/m@v1.0.0"), "-fdebug-prefix-map=/m=/_/example.com/m@v1.0.0"; got != want {
		t.Errorf("PrefixMap = %s, want %s", got, want)
	}
}

func TestSplitPkgConfigOutput(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
		err  string
	}{
		{"-I/a -I/b", []string{"-I/a", "-I/b"}, ""},
		{`-I/a\ b "-DX=a b" '-DY=$c'`, []string{"-I/a b", "-DX=a b", "-DY=$c"}, ""},
		{`"" x`, []string{"", "x"}, ""},
		{`"a\"b" "c\d"`, []string{`a"b`, `c\d`}, ""},
		{"a\\\nb", []string{"ab"}, ""},
		{"a;b", nil, "unexpected shell character ';' in pkgconf output"},
		{`"$x"`, nil, "unexpected shell character '$' in pkgconf output"},
		{`"abc`, nil, "unterminated quoted string in pkgconf output"},
		{`abc\`, nil, "broken character escaping in pkgconf output"},
		{"", nil, ""},
	} {
		got, err := SplitPkgConfigOutput([]byte(tt.in))
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%q: error %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
