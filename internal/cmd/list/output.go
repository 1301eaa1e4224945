package list

import (
	"bufio"
	"encoding/json"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

// jsonFlag is -json: a boolean, or a comma-separated list of the fields
// to print (which turns JSON output on).
type jsonFlag struct {
	on     bool
	fields map[string]bool // nil: every field
}

func (f *jsonFlag) IsBoolFlag() bool { return true }

func (f *jsonFlag) Set(s string) error {
	if b, err := strconv.ParseBool(s); err == nil {
		f.on = b
		return nil
	}
	f.on = true
	if f.fields == nil {
		f.fields = map[string]bool{}
	}
	for _, name := range strings.Split(s, ",") {
		f.fields[name] = true
	}
	return nil
}

func (f *jsonFlag) String() string {
	var names []string
	for name := range f.fields {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// all reports whether every field is wanted.
func (f *jsonFlag) all() bool { return len(f.fields) == 0 }

// wants reports whether any of the named fields is printed, so that the
// work of computing them cannot be skipped.
func (f *jsonFlag) wants(names ...string) bool {
	if f.all() {
		return true
	}
	for _, n := range names {
		if f.fields[n] {
			return true
		}
	}
	return false
}

// trackingWriter buffers output and remembers its last byte, so that a
// template's output can be ended with a newline when it lacks one.
type trackingWriter struct {
	w    *bufio.Writer
	last byte
}

func newTrackingWriter(w io.Writer) *trackingWriter {
	return &trackingWriter{w: bufio.NewWriter(w), last: '\n'}
}

func (t *trackingWriter) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if n > 0 {
		t.last = p[n-1]
	}
	return n, err
}

func (t *trackingWriter) Flush() error { return t.w.Flush() }

// printer prints one package or module at a time, as JSON or through
// the -f template.
type printer struct {
	out    *trackingWriter
	json   *jsonFlag
	tmpl   *template.Template
	enc    *json.Encoder
	failed error // the first printing error; nothing is printed after it
}

// newPrinter returns a printer for JSON (when jf.on) or for the template
// text format, using funcs as the template's extra functions. A template
// that does not parse is an error, with text/template's message.
func newPrinter(out *trackingWriter, jf *jsonFlag, format string, funcs template.FuncMap) (*printer, error) {
	p := &printer{out: out, json: jf}
	if jf.on {
		return p, nil
	}
	t, err := template.New("main").Funcs(funcs).Parse(format)
	if err != nil {
		return nil, err
	}
	p.tmpl = t
	return p, nil
}

// print prints x, a non-nil pointer to a struct. After an error, the
// output so far is flushed and the error is returned; the caller reports
// it and stops.
func (p *printer) print(x any) error {
	if p.json.on {
		if !p.json.all() {
			x = onlyFields(x, p.json.fields)
		}
		if p.enc == nil {
			// An Encoder reuses its buffers; its output is MarshalIndent's
			// and a newline.
			p.enc = json.NewEncoder(p.out)
			p.enc.SetIndent("", "\t")
		}
		if err := p.enc.Encode(x); err != nil {
			p.out.Flush()
			return err
		}
		return nil
	}
	if err := p.tmpl.Execute(p.out, x); err != nil {
		p.out.Flush()
		return err
	}
	if p.out.last != '\n' {
		p.out.Write([]byte{'\n'})
	}
	return nil
}

// onlyFields returns a copy of the struct *x with the fields not named
// in keep set to their zero values (and so omitted from JSON).
func onlyFields(x any, keep map[string]bool) any {
	src := reflect.ValueOf(x).Elem()
	v := reflect.New(src.Type()).Elem()
	v.Set(src)
	for i := 0; i < v.NumField(); i++ {
		if !keep[v.Type().Field(i).Name] {
			v.Field(i).SetZero()
		}
	}
	return v.Interface()
}
