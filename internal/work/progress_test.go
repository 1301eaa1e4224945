package work

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"gocmd/internal/load"
)

// fakeTerm is a terminal screen of one line: it interprets carriage
// returns and newlines the way a terminal does, and keeps every line
// that scrolled off.
type fakeTerm struct {
	raw   bytes.Buffer
	lines []string
	cur   []rune
	col   int
}

func (f *fakeTerm) Write(p []byte) (int, error) {
	f.raw.Write(p)
	for _, r := range string(p) {
		switch r {
		case '\r':
			f.col = 0
		case '\n':
			f.lines = append(f.lines, strings.TrimRight(string(f.cur), " "))
			f.cur, f.col = nil, 0
		default:
			if f.col < len(f.cur) {
				f.cur[f.col] = r
			} else {
				f.cur = append(f.cur, r)
			}
			f.col++
		}
	}
	return len(p), nil
}

// screen is what the current line shows.
func (f *fakeTerm) screen() string { return strings.TrimRight(string(f.cur), " ") }

func TestStatusLine(t *testing.T) {
	term := new(fakeTerm)
	s := NewStatusLine(term, &TextPrinter{W: term}, func() int { return 30 })
	s.SetTotal(3)
	s.Begin("compile net/http")
	s.Draw()
	if got, want := term.screen(), "[0/3] compile net/http"; got != want {
		t.Fatalf("screen %q, want %q", got, want)
	}
	s.End()
	s.Begin("link a-very-long-command-name-that-does-not-fit")
	s.Draw()
	if got := term.screen(); len(got) != 29 || !strings.HasPrefix(got, "[1/3] link a-very") {
		t.Fatalf("screen %q: want the line cut to 29 columns", got)
	}
	// Output erases the line first: the error starts a clean line.
	p := &load.Package{}
	s.Errorf(p, "# p\np.go:1: undefined: x")
	if want := []string{"# p", "p.go:1: undefined: x"}; strings.Join(term.lines, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q, want %q", term.lines, want)
	}
	if term.screen() != "" {
		t.Fatalf("screen %q after output, want empty", term.screen())
	}
	// Empty output changes nothing.
	s.Draw()
	before := term.raw.Len()
	s.Printf(p, "%s", "")
	if term.raw.Len() != before {
		t.Errorf("empty output wrote %q", term.raw.String()[before:])
	}
	// A shorter line covers a longer one.
	s.End()
	s.Begin("install x")
	s.Draw()
	if got, want := term.screen(), "[2/3] install x"; got != want {
		t.Fatalf("screen %q, want %q", got, want)
	}
	s.Stop()
	if term.screen() != "" {
		t.Errorf("screen %q after Stop, want empty", term.screen())
	}
	s.Draw()
	if term.screen() != "" {
		t.Errorf("Draw after Stop drew %q", term.screen())
	}
}

func TestStatusLineTicker(t *testing.T) {
	term := new(fakeTerm)
	s := NewStatusLine(term, &TextPrinter{W: term}, nil)
	s.SetTotal(1)
	s.Begin("compile p")
	s.Start(0, time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		shown := s.shown
		s.mu.Unlock()
		if shown > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("status line never drawn")
		}
		time.Sleep(time.Millisecond)
	}
	s.Stop()
	if term.screen() != "" || len(term.lines) != 0 {
		t.Errorf("after Stop: screen %q, lines %q", term.screen(), term.lines)
	}
}

func TestStepLabel(t *testing.T) {
	p := &load.Package{}
	p.ImportPath = "net/http"
	for _, tc := range []struct {
		a    *Action
		want string
	}{
		{&Action{Mode: "build", Package: p}, "compile net/http"},
		{&Action{Mode: "link", Package: p}, "link net/http"},
		{&Action{Mode: "link-install", Package: p}, "install net/http"},
		{&Action{Mode: pgoMode}, "preprofile"},
	} {
		if got := stepLabel(tc.a); got != tc.want {
			t.Errorf("stepLabel(%s) = %q, want %q", tc.a.Mode, got, tc.want)
		}
	}
}
