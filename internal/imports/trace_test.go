package imports

import (
	"go/build"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestTrace checks the trace hook: a directory looked up in the index is
// logged as openIndexPackage, and as indexPackage only when it has to be
// read; a warm entry opens no file.
func TestTrace(t *testing.T) {
	dir := t.TempDir()
	gocache := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.go"), "package a\n", time.Now().Add(-time.Hour))
	ctxt := build.Default
	ctxt.GOPATH = ""
	var opened []string
	ctxt.OpenFile = func(name string) (io.ReadCloser, error) {
		opened = append(opened, filepath.Base(name))
		return os.Open(name)
	}
	for _, want := range [][]string{
		{"openIndexPackage", "indexPackage"}, // cold
		{"openIndexPackage"},                 // warm, in a new go command
	} {
		var got []string
		x := New(Config{GOCACHE: gocache, Trace: func(op, d string) {
			if d != dir {
				t.Errorf("%s traced for %s, want %s", op, d, dir)
			}
			got = append(got, op)
		}})
		opened = nil
		for range 2 { // the second lookup is answered from memory
			if _, err := x.ImportDir(&ctxt, dir, 0); err != nil {
				t.Fatal(err)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("trace %v, want %v", got, want)
		}
		if cold := len(want) == 2; cold != (len(opened) > 0) {
			t.Errorf("cold=%v: opened %v", cold, opened)
		}
	}
}
