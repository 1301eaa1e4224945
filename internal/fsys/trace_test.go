package fsys

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewTracerSettings(t *testing.T) {
	for _, tc := range []struct {
		godebug string
		on      bool
	}{
		{"", false},
		{"gofsystrace=0", false},
		{"gofsystrace=2", false},
		{"gofsystrace=1", true},
		{"x=1, gofsystrace=1", true},
		{"gofsystrace=1,gofsystrace=0", false},
		{"gofsystrace=0,gofsystrace=1", true},
		{"gofsystracelog=x", false},
	} {
		tr, err := NewTracer(tc.godebug, "", &bytes.Buffer{})
		if err != nil {
			t.Fatalf("NewTracer(%q): %v", tc.godebug, err)
		}
		if (tr != nil) != tc.on {
			t.Errorf("NewTracer(%q) on = %v, want %v", tc.godebug, tr != nil, tc.on)
		}
	}
}

func TestTracerLines(t *testing.T) {
	var buf bytes.Buffer
	tr, err := NewTracer("gofsystrace=1", "", &buf)
	if err != nil || tr == nil {
		t.Fatalf("NewTracer: %v, %v", tr, err)
	}
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	file := filepath.Join(sub, "a.go")
	if err := os.Mkdir(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("package a\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	f := (*FS)(nil).WithTracer(tr)
	if f.Overlaid() {
		t.Errorf("tracing view without overlay: Overlaid() = true")
	}
	f.Stat(file)
	f.Lstat(file)
	f.IsDir(sub)
	f.ReadDir(sub)
	f.ReadFile(file)
	if r, err := f.Open(file); err == nil {
		r.Close()
	}
	f.WalkDir(dir, func(string, fs.DirEntry, error) error { return nil })
	f.Glob(filepath.Join(sub, "*.go"))

	pid := os.Getpid()
	var want []string
	for _, op := range []struct{ op, path string }{
		{"Stat", file}, {"Lstat", file}, {"IsDir", sub}, {"ReadDir", sub},
		{"Open", file}, {"Open", file},
		{"Stat", dir}, {"ReadDir", dir}, {"ReadDir", sub},
		{"Glob", filepath.Join(sub, "*.go")}, {"Stat", sub}, {"ReadDir", sub},
	} {
		want = append(want, fmt.Sprintf("%d gofsystrace %s %s", pid, op.op, op.path))
	}
	got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("trace:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Without a tracer nothing is written and the view is unchanged.
	if g := (*FS)(nil).WithTracer(nil); g != nil {
		t.Errorf("WithTracer(nil) on a nil FS = %v, want nil", g)
	}
	(*Tracer)(nil).Trace("Open", file) // must not panic
}

func TestTracerOverlay(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.go")
	if err := os.WriteFile(real, []byte("package p\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	ov, err := ParseOverlay([]byte(`{"Replace":{"p/x.go":"real.go"}}`), dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	tr, _ := NewTracer("gofsystrace=1", "", &buf)
	f := ov.WithTracer(tr)
	if !f.Overlaid() || !ov.Overlaid() {
		t.Errorf("Overlaid() = %v (traced), %v (plain), want true", f.Overlaid(), ov.Overlaid())
	}
	data, err := f.ReadFile(filepath.Join(dir, "p", "x.go"))
	if err != nil || string(data) != "package p\n" {
		t.Errorf("ReadFile through overlay = %q, %v", data, err)
	}
	ents, err := f.ReadDir(filepath.Join(dir, "p"))
	if err != nil || len(ents) != 1 {
		t.Errorf("ReadDir of overlaid dir = %v, %v", ents, err)
	}
	// The trace names the paths asked for, once per operation.
	want := fmt.Sprintf("%d gofsystrace Open %s\n%[1]d gofsystrace ReadDir %[3]s\n", os.Getpid(),
		filepath.Join(dir, "p", "x.go"), filepath.Join(dir, "p"))
	if buf.String() != want {
		t.Errorf("trace:\n%swant:\n%s", buf.String(), want)
	}
}

func TestTracerLogFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fsys.log"), []byte("old\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	tr, err := NewTracer("gofsystrace=1,gofsystracelog=fsys.log", dir, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	tr.Trace("openIndexPackage", "/x/math")
	data, _ := os.ReadFile(filepath.Join(dir, "fsys.log"))
	want := fmt.Sprintf("old\n%d gofsystrace openIndexPackage /x/math\n", os.Getpid())
	if string(data) != want || stderr.Len() != 0 {
		t.Errorf("log = %q, stderr = %q; want log %q", data, stderr.String(), want)
	}

	_, err = NewTracer("gofsystrace=1,gofsystracelog=no/such/dir.log", dir, &stderr)
	if err == nil || err.Error() != "open no/such/dir.log: no such file or directory" {
		t.Errorf("NewTracer with a bad log: %v", err)
	}
}

func TestTracerStack(t *testing.T) {
	var buf bytes.Buffer
	tr, _ := NewTracer("gofsystrace=1,gofsystracestack=/*/want.go", "", &buf)
	tr.Trace("Open", "/a/other.go")
	if strings.Contains(buf.String(), "goroutine") {
		t.Errorf("stack written for a path the pattern does not match:\n%s", buf.String())
	}
	tr.Trace("Open", "/a/want.go")
	if !strings.Contains(buf.String(), "goroutine") {
		t.Errorf("no stack after a matching path:\n%s", buf.String())
	}
}
