package imports

import (
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// locationFields are the build.Package fields ImportDir sets with
// FindOnly, which the index recomputes instead of storing.
var locationFields = map[string]bool{
	"Dir": true, "ImportPath": true, "Root": true, "SrcRoot": true, "PkgRoot": true,
	"PkgTargetRoot": true, "BinDir": true, "Goroot": true, "PkgObj": true, "ConflictDir": true,
}

// fill sets every field of v to a value derived from seed, with some
// slices and maps empty rather than nil.
func fill(v reflect.Value, seed string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(seed)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(int64(len(seed) * 7))
	case reflect.Slice:
		n := len(seed) % 3
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fill(v.Index(i), fmt.Sprintf("%s.%d", seed, i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range len(seed) % 3 {
			k := reflect.New(v.Type().Key()).Elem()
			fill(k, fmt.Sprintf("%s/k%d", seed, i))
			e := reflect.New(v.Type().Elem()).Elem()
			fill(e, fmt.Sprintf("%s/e%d", seed, i))
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), seed+"."+v.Type().Field(i).Name)
		}
	default:
		panic("unexpected kind " + v.Kind().String())
	}
}

// TestEveryField checks that the entry covers every field of
// build.Package that is not a location field, so that a new go/build
// field fails here instead of being silently dropped.
func TestEveryField(t *testing.T) {
	for _, seed := range []string{"a", "bb", "ccc"} {
		var p build.Package
		fill(reflect.ValueOf(&p).Elem(), seed)
		for _, err := range []error{nil, &build.NoGoError{Dir: p.Dir},
			&build.MultiplePackageError{Dir: p.Dir, Packages: []string{"a", "b"}, Files: []string{"a.go", "b.go"}}} {
			data, ok := encode(&p, err)
			if !ok {
				t.Fatalf("encode refused %v", err)
			}
			var q build.Package
			pv, qv := reflect.ValueOf(&p).Elem(), reflect.ValueOf(&q).Elem()
			for i := range pv.NumField() {
				if locationFields[pv.Type().Field(i).Name] {
					qv.Field(i).Set(pv.Field(i))
				}
			}
			qerr, ok := decode(data, &q)
			if !ok {
				t.Fatalf("decode failed")
			}
			if !reflect.DeepEqual(&p, &q) {
				for i := range pv.NumField() {
					if !reflect.DeepEqual(pv.Field(i).Interface(), qv.Field(i).Interface()) {
						t.Errorf("field %s: have %#v, want %#v", pv.Type().Field(i).Name, qv.Field(i).Interface(), pv.Field(i).Interface())
					}
				}
			}
			if !reflect.DeepEqual(err, qerr) {
				t.Errorf("error: have %#v, want %#v", qerr, err)
			}
			// Every truncation is detected.
			for n := range len(data) {
				var r build.Package
				r.Dir = p.Dir
				if _, ok := decode(data[:n], &r); ok {
					t.Fatalf("decode accepted %d of %d bytes", n, len(data))
				}
			}
		}
	}
	if _, ok := encode(&build.Package{}, fmt.Errorf("x")); ok {
		t.Errorf("encode accepted an arbitrary error")
	}
}

func newIndex(t *testing.T) *Index {
	return New(Config{GOCACHE: t.TempDir()})
}

// sameResult compares two ImportDir results.
func sameResult(t *testing.T, dir string, p1 *build.Package, err1 error, p2 *build.Package, err2 error) {
	t.Helper()
	if !reflect.DeepEqual(p1, p2) {
		v1, v2 := reflect.ValueOf(p1).Elem(), reflect.ValueOf(p2).Elem()
		for i := range v1.NumField() {
			if !reflect.DeepEqual(v1.Field(i).Interface(), v2.Field(i).Interface()) {
				t.Errorf("%s: %s: index %#v, go/build %#v", dir, v1.Type().Field(i).Name, v1.Field(i).Interface(), v2.Field(i).Interface())
			}
		}
	}
	if !reflect.DeepEqual(err1, err2) {
		t.Errorf("%s: error: index %#v, go/build %#v", dir, err1, err2)
	}
}

// TestGOROOT compares the index with go/build on every directory of
// GOROOT/src, cold and warm, for a few build contexts and modes.
func TestGOROOT(t *testing.T) {
	src := filepath.Join(runtime.GOROOT(), "src")
	var dirs []string
	filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, path)
		}
		return nil
	})
	if testing.Short() {
		dirs = dirs[:len(dirs)/10]
	}
	ctxts := map[string]build.Context{"default": build.Default}
	win := build.Default
	win.GOOS, win.GOARCH, win.CgoEnabled = "windows", "arm64", false
	ctxts["windows"] = win
	tags := build.Default
	tags.BuildTags = []string{"purego", "netgo"}
	tags.GOPATH = ""
	ctxts["tags"] = tags
	x := newIndex(t)
	for name, ctxt := range ctxts {
		for _, mode := range []build.ImportMode{0, build.ImportComment} {
			for pass := range 2 {
				for i, dir := range dirs {
					if (name != "default" || mode != 0) && i%4 != 0 {
						continue // all directories in one context, a sample in others
					}
					p1, err1 := x.ImportDir(&ctxt, dir, mode)
					p2, err2 := ctxt.ImportDir(dir, mode)
					sameResult(t, fmt.Sprintf("%s/%d/pass%d: %s", name, mode, pass, dir), p1, err1, p2, err2)
				}
			}
		}
	}
}

// writeFile writes a file with the given modification time.
func writeFile(t *testing.T, name, data string, mtime time.Time) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(name, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// TestChanges edits, adds and removes files in a warm directory and
// checks that every result is go/build's.
func TestChanges(t *testing.T) {
	dir := t.TempDir()
	gocache := t.TempDir()
	ctxt := build.Default
	ctxt.GOPATH = ""
	old := time.Now().Add(-time.Hour)
	check := func(step string) *build.Package {
		t.Helper()
		// A new Index for each step, as each go command has, sharing
		// GOCACHE; within one Index, results are kept in memory.
		x := New(Config{GOCACHE: gocache})
		for range 2 { // cold, then warm
			p1, err1 := x.ImportDir(&ctxt, dir, 0)
			p2, err2 := ctxt.ImportDir(dir, 0)
			sameResult(t, step, p1, err1, p2, err2)
		}
		p, _ := x.ImportDir(&ctxt, dir, 0)
		return p
	}
	writeFile(t, filepath.Join(dir, "a.go"), "package a\n\nimport \"fmt\"\n", old)
	if p := check("initial"); !reflect.DeepEqual(p.Imports, []string{"fmt"}) {
		t.Fatalf("imports %v", p.Imports)
	}
	writeFile(t, filepath.Join(dir, "a.go"), "package a\n\nimport \"os\"\n", old.Add(time.Second))
	if p := check("edit"); !reflect.DeepEqual(p.Imports, []string{"os"}) {
		t.Fatalf("after edit: imports %v", p.Imports)
	}
	writeFile(t, filepath.Join(dir, "b.go"), "package a\n\nimport \"io\"\n", old)
	if p := check("add"); !reflect.DeepEqual(p.Imports, []string{"io", "os"}) {
		t.Fatalf("after add: imports %v", p.Imports)
	}
	writeFile(t, filepath.Join(dir, "c.go"), "package c\n", old)
	if p := check("multiple"); len(p.InvalidGoFiles) != 1 {
		t.Fatalf("after adding c.go: invalid %v", p.InvalidGoFiles)
	}
	os.Remove(filepath.Join(dir, "c.go"))
	os.Remove(filepath.Join(dir, "a.go"))
	if p := check("remove"); !reflect.DeepEqual(p.GoFiles, []string{"b.go"}) {
		t.Fatalf("after remove: files %v", p.GoFiles)
	}
	os.Remove(filepath.Join(dir, "b.go"))
	check("empty")
	// A subdirectory does not matter; a syntax error is not cached but
	// still reported.
	os.Mkdir(filepath.Join(dir, "sub"), 0o777)
	writeFile(t, filepath.Join(dir, "a.go"), "package a\n\nimport \"fmt\n", old)
	check("syntax error")
}

// TestUnchangedStamp shows what the key covers: rewriting a file with the
// same size and modification time is not noticed (as with go's index),
// unless the file was modified within the cutoff, in which case the
// directory is not cached at all.
func TestUnchangedStamp(t *testing.T) {
	dir := t.TempDir()
	gocache := t.TempDir()
	ctxt := build.Default
	name := filepath.Join(dir, "a.go")
	for _, recent := range []bool{false, true} {
		mtime := time.Now().Add(-time.Hour)
		if recent {
			mtime = time.Now().Add(time.Hour) // never older than the cutoff
		}
		writeFile(t, name, "package a\nimport \"fmt\"\n", mtime)
		New(Config{GOCACHE: gocache}).ImportDir(&ctxt, dir, 0)
		writeFile(t, name, "package a\nimport \"xyz\"\n", mtime)
		p, _ := New(Config{GOCACHE: gocache}).ImportDir(&ctxt, dir, 0)
		want := "fmt"
		if recent {
			want = "xyz"
		}
		if !reflect.DeepEqual(p.Imports, []string{want}) {
			t.Errorf("recent=%v: imports %v, want [%s]", recent, p.Imports, want)
		}
	}
}

// TestModCache: directories in the module cache are keyed by path only.
func TestModCache(t *testing.T) {
	modcache := t.TempDir()
	dir := filepath.Join(modcache, "example.com", "m@v1.0.0")
	os.MkdirAll(dir, 0o777)
	gocache := t.TempDir()
	x := New(Config{GOCACHE: gocache, GOMODCACHE: modcache})
	ctxt := build.Default
	writeFile(t, filepath.Join(dir, "a.go"), "package a\nimport \"fmt\"\n", time.Now())
	p1, err1 := x.ImportDir(&ctxt, dir, 0)
	p2, err2 := ctxt.ImportDir(dir, 0)
	sameResult(t, dir, p1, err1, p2, err2)
	writeFile(t, filepath.Join(dir, "b.go"), "package a\nimport \"os\"\n", time.Now())
	x = New(Config{GOCACHE: gocache, GOMODCACHE: modcache})
	p, _ := x.ImportDir(&ctxt, dir, 0)
	if !reflect.DeepEqual(p.GoFiles, []string{"a.go"}) {
		t.Errorf("module cache directory was listed again: %v", p.GoFiles)
	}
}

// TestDisabled: GOCACHE=off and GODEBUG=goindex=0 read directories
// directly.
func TestDisabled(t *testing.T) {
	for _, cfg := range []Config{{GOCACHE: "off"}, {GOCACHE: t.TempDir(), GODEBUG: "x=1,goindex=0"}, {}} {
		x := New(cfg)
		if x.cache() != nil {
			t.Errorf("%+v: index enabled", cfg)
		}
	}
	if !Enabled("goindex=0,goindex=1") || Enabled("goindex=1,goindex=0") {
		t.Errorf("Enabled: last setting should win")
	}
	var x *Index
	ctxt := build.Default
	if _, err := x.ImportDir(&ctxt, t.TempDir(), 0); err == nil || !strings.Contains(err.Error(), "no buildable Go source files") {
		t.Errorf("nil index: err = %v", err)
	}
}

// TestImportGOPATH compares Import with go/build's for GOPATH searches,
// vendor directories, local paths and missing packages.
func TestImportGOPATH(t *testing.T) {
	gopath := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for name, data := range map[string]string{
		"src/x/a/a.go":        "package a // import \"x/a\"\n\nimport _ \"v\"\n",
		"src/x/vendor/v/v.go": "package v\n",
		"src/y/y.go":          "package y\n\nimport \"C\"\n\n// #cgo CFLAGS: -I${SRCDIR}\n",
		"src/z/z.go":          "package z\n",
		"src/z/z2.go":         "package w\n",
	} {
		p := filepath.Join(gopath, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o777)
		writeFile(t, p, data, old)
	}
	ctxt := build.Default
	ctxt.GOPATH = gopath
	gocache := t.TempDir()
	src := filepath.Join(gopath, "src", "x", "a")
	for pass := range 2 {
		x := New(Config{GOCACHE: gocache})
		for _, path := range []string{"v", "x/a", "y", "z", "fmt", "missing", "./../vendor/v", "."} {
			for _, mode := range []build.ImportMode{0, build.ImportComment, build.IgnoreVendor, build.AllowBinary} {
				p1, err1 := x.Import(&ctxt, path, src, mode)
				p2, err2 := ctxt.Import(path, src, mode)
				if err1 != nil && err2 != nil && reflect.TypeOf(err1) == reflect.TypeOf(err2) && err1.Error() == err2.Error() {
					err1, err2 = nil, nil // errors that are new values each time
				}
				sameResult(t, fmt.Sprintf("pass %d: Import(%q, %d)", pass, path, mode), p1, err1, p2, err2)
			}
		}
	}
}

// TestDistinctOutputs: no two index entries have the same output, even
// for directories without Go files or one directory in two modes (go's
// list_modindex_dupactionid checks this of a cache).
func TestDistinctOutputs(t *testing.T) {
	gocache := t.TempDir()
	x := New(Config{GOCACHE: gocache})
	ctxt := build.Default
	root := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for _, d := range []string{"e1", "e2", "p"} {
		os.MkdirAll(filepath.Join(root, d), 0o777)
	}
	writeFile(t, filepath.Join(root, "e1", "x.txt"), "", old)
	writeFile(t, filepath.Join(root, "p", "p.go"), "package p\n", old)
	for _, d := range []string{"e1", "e2", "p"} {
		for _, mode := range []build.ImportMode{0, build.ImportComment} {
			x.ImportDir(&ctxt, filepath.Join(root, d), mode)
		}
	}
	files, _ := filepath.Glob(filepath.Join(gocache, "*", "*-a"))
	if len(files) != 6 {
		t.Errorf("%d entries, want 6", len(files))
	}
	seen := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fields := strings.Fields(string(data))
		if len(fields) < 3 {
			t.Fatalf("%s: bad entry %q", f, data)
		}
		if other, ok := seen[fields[2]]; ok {
			t.Errorf("entries %s and %s have the same output %s", other, f, fields[2])
		}
		seen[fields[2]] = f
	}
}
