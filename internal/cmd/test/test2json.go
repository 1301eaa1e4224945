package test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A converter turns the output of a test binary run with
// -test.v=test2json into the JSON event stream of go test -json (see
// 'go doc test2json'): one event a line, each naming the package and,
// where known, the test.
type converter struct {
	w     io.Writer
	pkg   string
	start time.Time

	test        string   // the test current output belongs to
	reports     []*event // pending --- results, outermost first
	result      string   // the package's result, once known
	needMarker  bool     // framing lines must start with ^V
	failedBuild string   // package whose build failed, if any

	in  lines // raw input, split into lines
	out lines // output text, split into output events
}

// event is one JSON event, fields in go's order.
type event struct {
	Time        *time.Time `json:",omitempty"`
	Action      string
	Package     string   `json:",omitempty"`
	Test        string   `json:",omitempty"`
	Elapsed     *float64 `json:",omitempty"`
	Output      *rawText `json:",omitempty"`
	FailedBuild string   `json:",omitempty"`
	Key         string   `json:",omitempty"`
	Value       string   `json:",omitempty"`
	Path        string   `json:",omitempty"`
}

// rawText marshals as a JSON string of its bytes.
type rawText []byte

func (t rawText) MarshalText() ([]byte, error) { return t, nil }

const framingMarker = 0x16 // ^V: introduces a framing line under -test.v=test2json

// newConverter returns a converter writing events for pkg to w, after a
// "start" event.
func newConverter(w io.Writer, pkg string) *converter {
	c := &converter{w: w, pkg: pkg, start: time.Now()}
	c.in = lines{buf: make([]byte, 0, 4096), whole: c.inputLine, part: c.out.add}
	c.out = lines{buf: make([]byte, 0, 1024), whole: c.outputEvent, part: c.outputEvent}
	c.emit(&event{Action: "start"})
	return c
}

func (c *converter) Write(b []byte) (int, error) {
	c.in.add(b)
	return len(b), nil
}

// exited records how the test binary ended.
func (c *converter) exited(err error) {
	switch {
	case err != nil:
		c.result = "fail"
	case c.result != "skip":
		c.result = "pass"
	}
}

// Close flushes pending output and writes the final result event.
func (c *converter) Close() error {
	c.in.flush()
	c.out.flush()
	if c.result == "" {
		return nil
	}
	e := &event{Action: c.result}
	dt := time.Since(c.start).Round(time.Millisecond).Seconds()
	e.Elapsed = &dt
	if c.result == "fail" {
		e.FailedBuild = c.failedBuild
	}
	c.emit(e)
	return nil
}

var (
	startPrefixes = []string{"=== RUN   ", "=== PAUSE ", "=== CONT  ", "=== NAME  ", "=== PASS  ",
		"=== FAIL  ", "=== SKIP  ", "=== ATTR  ", "=== ARTIFACTS "}
	resultPrefixes = []string{"--- PASS: ", "--- FAIL: ", "--- SKIP: ", "--- BENCH: "}
)

func hasAnyPrefix(b []byte, prefixes []string) bool {
	for _, p := range prefixes {
		if bytes.HasPrefix(b, []byte(p)) {
			return true
		}
	}
	return false
}

// inputLine handles one line of test output.
func (c *converter) inputLine(line []byte) {
	if len(line) == 0 {
		return
	}
	marked := line[0] == framingMarker
	if c.needMarker && !marked {
		c.out.add(line)
		return
	}
	if marked {
		c.out.flush()
		line = line[1:]
	}
	body := bytes.TrimSuffix(line, []byte("\n"))
	if len(body) < len(line) {
		body = bytes.TrimSuffix(body, []byte("\r"))
	}
	if string(body) == "=== NAME" {
		line = []byte("=== NAME  \n")
		body = line[:len(line)-1]
	}

	if string(body) == "PASS" || string(body) == "FAIL" || bytes.HasPrefix(body, []byte("FAIL\t")) {
		c.flushReports(0)
		c.test = ""
		c.needMarker = marked
		c.out.add(line)
		if string(body) == "PASS" {
			c.result = "pass"
		} else {
			c.result = "fail"
		}
		return
	}
	if bytes.HasPrefix(line, []byte("?   \t")) && bytes.HasSuffix(body, []byte("\t[no test files]")) && len(c.reports) == 0 {
		c.result = "skip"
	}

	orig := line
	framing := hasAnyPrefix(line, startPrefixes)
	depth := 0
	if !framing {
		for bytes.HasPrefix(line, []byte("    ")) {
			line = line[4:]
			depth++
		}
		framing = hasAnyPrefix(line, resultPrefixes)
	}
	if !framing {
		if depth > 0 && depth <= len(c.reports) {
			c.test = c.reports[depth-1].Test
		}
		c.out.add(orig)
		return
	}

	action, name, _ := strings.Cut(string(line[len("=== "):]), " ")
	action = strings.ToLower(strings.TrimSuffix(action, ":"))
	name = strings.TrimSpace(name)
	e := &event{Action: action}
	if line[0] == '-' {
		if i := strings.Index(name, " ("); i >= 0 {
			if strings.HasSuffix(name, "s)") {
				if d, err := strconv.ParseFloat(name[i+2:len(name)-2], 64); err == nil {
					e.Elapsed = &d
				}
			}
			name = name[:i]
		}
		if len(c.reports) < depth {
			c.out.add(orig)
			return
		}
		c.needMarker = marked
		c.flushReports(depth)
		e.Test = name
		c.test = name
		c.reports = append(c.reports, e)
		c.out.add(orig)
		return
	}
	switch action {
	case "artifacts":
		name, e.Path, _ = strings.Cut(name, " ")
	case "attr":
		var rest string
		name, rest, _ = strings.Cut(name, " ")
		e.Key, e.Value, _ = strings.Cut(rest, " ")
	}
	c.needMarker = marked
	c.flushReports(0)
	c.test = name
	if action == "name" {
		return
	}
	if action == "pause" {
		c.out.add(orig)
		c.emit(e)
		return
	}
	c.emit(e)
	c.out.add(orig)
}

// flushReports emits the pending result events nested deeper than depth.
func (c *converter) flushReports(depth int) {
	c.test = ""
	for len(c.reports) > depth {
		e := c.reports[len(c.reports)-1]
		c.reports = c.reports[:len(c.reports)-1]
		c.emit(e)
	}
}

func (c *converter) outputEvent(out []byte) {
	t := rawText(out)
	c.emit(&event{Action: "output", Output: &t})
}

func (c *converter) emit(e *event) {
	e.Package = c.pkg
	now := time.Now()
	e.Time = &now
	if e.Test == "" {
		e.Test = c.test
	}
	js, err := json.Marshal(e)
	if err != nil {
		fmt.Fprintf(c.w, "testjson internal error: %v\n", err)
		return
	}
	c.w.Write(append(js, '\n'))
}

// lines splits a byte stream into lines for whole, passing on pieces of
// overlong lines (and a benchmark name awaiting its result) to part.
type lines struct {
	buf   []byte
	mid   bool // inside a line already passed on in part
	whole func([]byte)
	part  func([]byte)
}

func (l *lines) add(b []byte) {
	for len(b) > 0 {
		n := copy(l.buf[len(l.buf):cap(l.buf)], b)
		l.buf = l.buf[:len(l.buf)+n]
		b = b[n:]

		i := 0
		for i < len(l.buf) {
			j, w := lineEnd(l.buf[i:])
			if j < 0 {
				if !l.mid {
					if k := bytes.IndexByte(l.buf[i:], '\t'); k >= 0 && isBenchmarkName(bytes.TrimRight(l.buf[i:i+k], " ")) {
						l.part(l.buf[i : i+k+1])
						l.mid = true
						i += k + 1
					}
				}
				break
			}
			end := i + j + w
			if l.mid {
				l.part(l.buf[i:end])
				l.mid = false
			} else {
				l.whole(l.buf[i:end])
			}
			i = end
		}
		if i == 0 && len(l.buf) == cap(l.buf) {
			k := utf8Boundary(l.buf)
			l.part(l.buf[:k])
			l.buf = l.buf[:copy(l.buf, l.buf[k:])]
			l.mid = true
		}
		if i > 0 {
			l.buf = l.buf[:copy(l.buf, l.buf[i:])]
		}
	}
}

// lineEnd finds the end of the first line: a newline (width 1), or a ^V
// starting the next framing line (width 0).
func lineEnd(b []byte) (int, int) {
	for i, ch := range b {
		if ch == '\n' {
			return i, 1
		}
		if ch == framingMarker && i > 0 {
			return i, 0
		}
	}
	return -1, 0
}

func (l *lines) flush() {
	if len(l.buf) > 0 {
		l.part(l.buf)
		l.buf = l.buf[:0]
	}
}

func isBenchmarkName(b []byte) bool {
	rest, ok := bytes.CutPrefix(b, []byte("Benchmark"))
	if !ok {
		return false
	}
	if len(rest) == 0 {
		return true
	}
	r, _ := utf8.DecodeRune(rest)
	return !unicode.IsLower(r)
}

// utf8Boundary returns the length of b without an incomplete UTF-8
// sequence at its end.
func utf8Boundary(b []byte) int {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		c := b[len(b)-i]
		if c&0xc0 == 0x80 {
			continue
		}
		switch {
		case c&0xe0 == 0xc0 && i < 2, c&0xf0 == 0xe0 && i < 3, c&0xf8 == 0xf0 && i < 4:
			return len(b) - i
		}
		break
	}
	return len(b)
}
