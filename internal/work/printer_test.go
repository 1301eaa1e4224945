package work

import (
	"bytes"
	"testing"

	"gocmd/internal/load"
)

func TestJSONPrinter(t *testing.T) {
	var buf bytes.Buffer
	pr := NewJSONPrinter(&buf)
	p := &load.Package{}
	p.ImportPath = "m/p"
	pr.Printf(nil, "WORK=%s\n", "/tmp/x")
	pr.Printf(p, "%s", "")
	pr.Errorf(p, "# m/p\n%s", "p.go:1: <bad>")
	want := `{"ImportPath":"","Action":"build-output","Output":"WORK=/tmp/x\n"}
{"ImportPath":"m/p","Action":"build-output","Output":"# m/p\n"}
{"ImportPath":"m/p","Action":"build-output","Output":"p.go:1: \u003cbad\u003e\n"}
{"ImportPath":"m/p","Action":"build-fail"}
`
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestTextPrinter(t *testing.T) {
	var buf bytes.Buffer
	pr := &TextPrinter{W: &buf}
	pr.Printf(nil, "a %d\n", 1)
	pr.Errorf(nil, "b")
	pr.Errorf(nil, "c\n")
	if got, want := buf.String(), "a 1\nb\nc\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
