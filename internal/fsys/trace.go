package fsys

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
)

// A Tracer records file system operations for debugging, as go does when
// GODEBUG holds gofsystrace=1: one line "PID gofsystrace OP PATH" per
// operation, written to standard error or appended to the file named by
// the gofsystracelog setting. If the gofsystracestack setting is a
// pattern (path.Match syntax) matching a traced path, the line is
// followed by the goroutine's stack.
//
// A nil *Tracer traces nothing; all methods are safe for concurrent use.
type Tracer struct {
	mu    sync.Mutex
	w     io.Writer
	pid   int
	stack string
}

// NewTracer returns the tracer the GODEBUG value godebug asks for, or nil
// if it does not turn tracing on. stderr receives the lines when no log
// file is named. A relative log file name is taken relative to dir (the
// current directory if dir is empty). The log file is opened for appending (and created if
// need be); it is never closed, and each line is one unbuffered write,
// so that several processes may share it.
func NewTracer(godebug, dir string, stderr io.Writer) (*Tracer, error) {
	if godebugValue(godebug, "gofsystrace") != "1" {
		return nil, nil
	}
	t := &Tracer{w: stderr, pid: os.Getpid(), stack: godebugValue(godebug, "gofsystracestack")}
	if name := godebugValue(godebug, "gofsystracelog"); name != "" {
		file := name
		if dir != "" && !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o666)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				pe.Path = name // as given
			}
			return nil, err
		}
		t.w = f
	}
	return t, nil
}

// godebugValue returns the value of key in a GODEBUG list: the last
// setting wins.
func godebugValue(godebug, key string) string {
	v := ""
	for _, kv := range strings.Split(godebug, ",") {
		if k, val, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == key {
			v = val
		}
	}
	return v
}

// Trace records the operation op on name.
func (t *Tracer) Trace(op, name string) {
	if t == nil {
		return
	}
	line := fmt.Sprintf("%d gofsystrace %s %s\n", t.pid, op, name)
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.w, line)
	if t.stack != "" {
		if ok, _ := path.Match(t.stack, name); ok {
			t.w.Write(debug.Stack())
		}
	}
}

// WithTracer returns a view of f that records its operations with t. A
// nil t returns f itself. The view sees the same overlay as f (none if
// f is nil).
func (f *FS) WithTracer(t *Tracer) *FS {
	if t == nil {
		return f
	}
	g := f.clone()
	g.trace = t
	return g
}

// WithObserver returns a view of f that calls observe with the name of
// each of its operations (after any tracer's), so that a caller can
// learn which files a result depends on: the directory for a Glob, or ""
// when that directory is itself a pattern. A nil observe returns f
// itself.
func (f *FS) WithObserver(observe func(name string)) *FS {
	if observe == nil {
		return f
	}
	g := f.clone()
	g.observe = observe
	return g
}

// clone returns a copy of f (an empty FS if f is nil).
func (f *FS) clone() *FS {
	if f == nil {
		return &FS{}
	}
	g := *f
	return &g
}

// Tracer returns the tracer f records its operations with (nil: none).
func (f *FS) Tracer() *Tracer {
	if f == nil {
		return nil
	}
	return f.trace
}

// Overlaid reports whether f applies an -overlay file (a view made only
// to trace operations does not).
func (f *FS) Overlaid() bool { return f != nil && f.replace != nil }

// tr records the operation op on name if f traces.
func (f *FS) tr(op, name string) {
	if f == nil {
		return
	}
	if f.trace != nil {
		f.trace.Trace(op, name)
	}
	if f.observe != nil {
		if op == "Glob" {
			// A glob depends on its directory's entries; with a
			// pattern in the directory part it depends on more than
			// a name can say ("").
			if name = filepath.Dir(name); hasMeta(name) {
				name = ""
			}
		}
		f.observe(name)
	}
}

// LoadTracedOverlay is LoadOverlay for a view whose operations t records
// (nil: none), the read of the overlay file included.
func LoadTracedOverlay(overlayFile, cwd string, t *Tracer) (*FS, error) {
	if overlayFile != "" {
		t.Trace("ReadFile", overlayFile)
	}
	f, err := LoadOverlay(overlayFile, cwd)
	if err != nil {
		return nil, err
	}
	return f.WithTracer(t), nil
}
