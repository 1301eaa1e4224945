package work

import (
	"fmt"
	"io"
	"sync"
	"time"

	"gocmd/internal/load"
)

// A StatusLine shows the progress of a build on a terminal: one line,
// "[37/412] compile net/http", rewritten in place with a carriage return.
// It is a Printer too: any other output first erases the line, so that
// tool output never mixes with it; the line comes back at the next
// update. Stop erases it for good.
type StatusLine struct {
	w     io.Writer
	width func() int // terminal width, 0 if unknown
	inner Printer

	mu      sync.Mutex
	total   int
	done    int
	label   string
	shown   int  // width of the line on screen, 0 if none
	dirty   bool // something changed since the last draw
	stopped bool

	stop chan struct{}
	wg   sync.WaitGroup
}

// NewStatusLine returns a status line on the terminal w, whose other
// output goes to inner. width reports the terminal's width (nil or 0:
// 80 columns).
func NewStatusLine(w io.Writer, inner Printer, width func() int) *StatusLine {
	return &StatusLine{w: w, inner: inner, width: width}
}

// Start draws the line every interval until Stop, beginning after
// delay (so that builds with nothing to do print nothing).
func (s *StatusLine) Start(delay, interval time.Duration) {
	s.stop = make(chan struct{})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		select {
		case <-time.After(delay):
		case <-s.stop:
			return
		}
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			s.Draw()
			select {
			case <-t.C:
			case <-s.stop:
				return
			}
		}
	}()
}

// Stop erases the line and stops drawing it.
func (s *StatusLine) Stop() {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.stopped = true
	s.eraseLocked()
	s.mu.Unlock()
	if s.stop != nil {
		close(s.stop)
		s.wg.Wait()
	}
}

// SetTotal sets the number of steps of the build.
func (s *StatusLine) SetTotal(n int) {
	s.mu.Lock()
	s.total = n
	s.dirty = true
	s.mu.Unlock()
}

// Begin records that a step starts: what the line shows next.
func (s *StatusLine) Begin(label string) {
	s.mu.Lock()
	s.label = label
	s.dirty = true
	s.mu.Unlock()
}

// End records that a step finished.
func (s *StatusLine) End() {
	s.mu.Lock()
	s.done++
	s.dirty = true
	s.mu.Unlock()
}

// Draw rewrites the line if anything changed.
func (s *StatusLine) Draw() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || !s.dirty {
		return
	}
	s.dirty = false
	line := fmt.Sprintf("[%d/%d] %s", s.done, s.total, s.label)
	width := 80
	if s.width != nil {
		if w := s.width(); w > 0 {
			width = w
		}
	}
	// Stay off the last column, where terminals wrap.
	if r := []rune(line); len(r) > width-1 {
		line = string(r[:max(width-1, 0)])
	}
	n := len([]rune(line))
	pad := ""
	if n < s.shown {
		pad = fmt.Sprintf("%*s", s.shown-n, "")
	}
	fmt.Fprintf(s.w, "\r%s%s\r", line, pad)
	// The cursor is back at the start, so the line's text stays visible
	// until erased.
	s.shown = n
}

// eraseLocked blanks the line on screen, leaving the cursor at its start.
func (s *StatusLine) eraseLocked() {
	if s.shown == 0 {
		return
	}
	fmt.Fprintf(s.w, "\r%*s\r", s.shown, "")
	s.shown = 0
	s.dirty = true
}

// Printf implements Printer: the line is erased first (unless there is
// nothing to print).
func (s *StatusLine) Printf(p *load.Package, format string, args ...any) {
	out := fmt.Sprintf(format, args...)
	if out == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eraseLocked()
	s.inner.Printf(p, "%s", out)
}

// Errorf implements Printer: the line is erased first.
func (s *StatusLine) Errorf(p *load.Package, format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eraseLocked()
	s.inner.Errorf(p, format, args...)
}

// stepLabel describes an action on the status line: "compile net/http",
// "link cmd/go", "install fmt"...
func stepLabel(a *Action) string {
	var verb string
	switch a.Mode {
	case "build":
		verb = "compile"
	case "link":
		verb = "link"
	case "build-install", "link-install":
		verb = "install"
	case pgoMode:
		return "preprofile"
	default:
		verb = a.Mode
	}
	if a.Package != nil {
		return verb + " " + a.Package.Desc()
	}
	return verb
}
