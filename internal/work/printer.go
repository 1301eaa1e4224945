package work

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"gocmd/internal/load"
)

// A Printer receives everything a build prints: tool output, the
// commands shown by -n and -x, and failures. Each piece of output is
// attributed to the package it is about (nil when none).
type Printer interface {
	// Printf prints output about building p.
	Printf(p *load.Package, format string, args ...any)
	// Errorf prints the failure of building p, ending it with a newline.
	Errorf(p *load.Package, format string, args ...any)
}

// TextPrinter prints build output as text, as go does by default.
type TextPrinter struct {
	W io.Writer
}

// Printf implements Printer.
func (t *TextPrinter) Printf(_ *load.Package, format string, args ...any) {
	fmt.Fprintf(t.W, format, args...)
}

// Errorf implements Printer.
func (t *TextPrinter) Errorf(_ *load.Package, format string, args ...any) {
	fmt.Fprint(t.W, withNewline(fmt.Sprintf(format, args...)))
}

func withNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// BuildEvent is one event of go build -json (see 'go help buildjson').
type BuildEvent struct {
	ImportPath string
	Action     string // "build-output" or "build-fail"
	Output     string `json:",omitempty"`
}

// JSONPrinter prints build output as a stream of BuildEvent JSON
// objects, one a line.
type JSONPrinter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

// NewJSONPrinter returns a JSONPrinter writing to w.
func NewJSONPrinter(w io.Writer) *JSONPrinter {
	return &JSONPrinter{enc: json.NewEncoder(w)}
}

func desc(p *load.Package) string {
	if p == nil {
		return ""
	}
	return p.Desc()
}

// Printf implements Printer: the output becomes one build-output event
// (none when it is empty).
func (j *JSONPrinter) Printf(p *load.Package, format string, args ...any) {
	out := fmt.Sprintf(format, args...)
	if out == "" {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.enc.Encode(&BuildEvent{ImportPath: desc(p), Action: "build-output", Output: out})
}

// Errorf implements Printer: one build-output event per line of the
// message, then a build-fail event.
func (j *JSONPrinter) Errorf(p *load.Package, format string, args ...any) {
	s := withNewline(fmt.Sprintf(format, args...))
	for s != "" {
		i := strings.IndexByte(s, '\n')
		j.Printf(p, "%s", s[:i+1])
		s = s[i+1:]
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.enc.Encode(&BuildEvent{ImportPath: desc(p), Action: "build-fail"})
}
