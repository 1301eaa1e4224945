// Package trace records a timeline of what a command does, for the
// -debug-trace flag: spans (named intervals of work, one lane per worker
// goroutine) and flows (arrows from a span to a later one that waited for
// it), written as a JSON array of Chrome trace events, which
// chrome://tracing and Perfetto display.
//
// Tracing is carried by a context: StartSpan, Flow and NewLane do nothing
// unless the context comes from Start, so code can trace unconditionally.
package trace

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// event is one Chrome trace event.
type event struct {
	Name     string  `json:"name"`
	Category string  `json:"cat,omitempty"`
	Phase    string  `json:"ph"`
	Time     float64 `json:"ts"` // microseconds
	PID      uint64  `json:"pid"`
	TID      uint64  `json:"tid"`
	ID       uint64  `json:"id,omitempty"`
	Bind     string  `json:"bp,omitempty"`
}

// Event phases.
const (
	phaseBegin     = "B"
	phaseEnd       = "E"
	phaseFlowStart = "s"
	phaseFlowEnd   = "f"
)

// A Tracer writes events to a file.
type Tracer struct {
	mu     sync.Mutex
	f      *os.File
	w      *bufio.Writer
	n      int   // events written
	err    error // first write error
	closed bool

	lanes atomic.Uint64
	flows atomic.Uint64
}

// Start creates file and returns a context whose spans it records, and
// the function that finishes the file (which must be called for the
// file to be valid JSON).
func Start(ctx context.Context, file string) (context.Context, func() error, error) {
	if file == "" {
		return ctx, nil, errors.New("no trace file supplied")
	}
	f, err := os.Create(file)
	if err != nil {
		return ctx, nil, err
	}
	t := &Tracer{f: f, w: bufio.NewWriter(f)}
	return context.WithValue(ctx, key{}, lane{t: t}), t.close, nil
}

// key is the context key of the current lane.
type key struct{}

// lane is where the spans of a context go: a tracer and a thread id.
type lane struct {
	t   *Tracer
	tid uint64
}

func laneOf(ctx context.Context) (lane, bool) {
	l, ok := ctx.Value(key{}).(lane)
	return l, ok && l.t != nil
}

// NewLane returns a context whose spans go on a lane of their own: use
// it for each goroutine that works in parallel with others.
func NewLane(ctx context.Context) context.Context {
	l, ok := laneOf(ctx)
	if !ok {
		return ctx
	}
	return context.WithValue(ctx, key{}, lane{t: l.t, tid: l.t.lanes.Add(1)})
}

// A Span is a named interval of work. A nil *Span (from an untraced
// context) is valid and records nothing.
type Span struct {
	l          lane
	name       string
	start, end time.Time
}

// StartSpan begins a span named name on ctx's lane; call Done to end it.
// The returned context is the one to pass to the work the span covers.
func StartSpan(ctx context.Context, name string) (context.Context, *Span) {
	l, ok := laneOf(ctx)
	if !ok {
		return ctx, nil
	}
	s := &Span{l: l, name: name, start: time.Now()}
	l.t.write(event{Name: name, Phase: phaseBegin, Time: micros(s.start), TID: l.tid})
	return ctx, s
}

// Done ends the span.
func (s *Span) Done() {
	if s == nil {
		return
	}
	s.end = time.Now()
	s.l.t.write(event{Name: s.name, Phase: phaseEnd, Time: micros(s.end), TID: s.l.tid})
}

// Flow draws an arrow from the end of span from (which must be done) to
// the start of span to: to waited for from.
func Flow(from, to *Span) {
	if from == nil || to == nil || from.l.t != to.l.t {
		return
	}
	t := to.l.t
	id := t.flows.Add(1)
	name := from.name + " -> " + to.name
	t.write(event{Name: name, Category: "flow", Phase: phaseFlowStart, Time: micros(from.end), TID: from.l.tid, ID: id})
	t.write(event{Name: name, Category: "flow", Phase: phaseFlowEnd, Time: micros(to.start), TID: to.l.tid, ID: id, Bind: "e"})
}

func micros(t time.Time) float64 { return float64(t.UnixNano()) / 1e3 }

// write appends one event to the file.
func (t *Tracer) write(ev event) {
	data, err := json.Marshal(ev)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || t.err != nil {
		return
	}
	if err != nil {
		t.err = err
		return
	}
	sep := ",\n"
	if t.n == 0 {
		sep = "[\n"
	}
	t.n++
	t.w.WriteString(sep)
	if _, err := t.w.Write(data); err != nil {
		t.err = err
	}
}

// close ends the JSON array and closes the file.
func (t *Tracer) close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	if t.n == 0 {
		t.w.WriteString("[")
	}
	t.w.WriteString("\n]\n")
	err := t.err
	if ferr := t.w.Flush(); err == nil {
		err = ferr
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	return err
}
