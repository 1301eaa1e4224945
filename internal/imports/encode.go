package imports

import (
	"encoding/binary"
	"go/build"
	"go/token"
	"slices"
)

// An entry is the directory-specific part of a build.Package followed by
// the kind of error ImportDir returned. Strings are written once and then
// referred to by number; lists and maps record nil apart from empty, since
// go/build returns both.

// Error kinds.
const (
	errNone = iota
	errNoGo
	errMultiple
)

type encoder struct {
	b    []byte
	strs map[string]int
}

func (e *encoder) uint(v int) { e.b = binary.AppendUvarint(e.b, uint64(v)) }

func (e *encoder) str(s string) {
	if i, ok := e.strs[s]; ok {
		e.uint(i + 1)
		return
	}
	e.strs[s] = len(e.strs)
	e.uint(0)
	e.uint(len(s))
	e.b = append(e.b, s...)
}

func (e *encoder) flag(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

// list writes 0 for nil, else the length plus one and the elements.
func (e *encoder) list(l []string) {
	if l == nil {
		e.uint(0)
		return
	}
	e.uint(len(l) + 1)
	for _, s := range l {
		e.str(s)
	}
}

func (e *encoder) pos(p token.Position) {
	e.str(p.Filename)
	e.uint(p.Offset)
	e.uint(p.Line)
	e.uint(p.Column)
}

func (e *encoder) posMap(m map[string][]token.Position) {
	if m == nil {
		e.uint(0)
		return
	}
	e.uint(len(m) + 1)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same entry for the same input
	for _, k := range keys {
		e.str(k)
		ps := m[k]
		if ps == nil {
			e.uint(0)
			continue
		}
		e.uint(len(ps) + 1)
		for _, p := range ps {
			e.pos(p)
		}
	}
}

func (e *encoder) directives(ds []build.Directive) {
	if ds == nil {
		e.uint(0)
		return
	}
	e.uint(len(ds) + 1)
	for _, d := range ds {
		e.str(d.Text)
		e.pos(d.Pos)
	}
}

// fileLists returns pointers to the []string fields of p that come from
// its files, in entry order.
func fileLists(p *build.Package) []*[]string {
	return []*[]string{
		&p.AllTags,
		&p.GoFiles, &p.CgoFiles, &p.IgnoredGoFiles, &p.InvalidGoFiles, &p.IgnoredOtherFiles,
		&p.CFiles, &p.CXXFiles, &p.MFiles, &p.HFiles, &p.FFiles, &p.SFiles,
		&p.SwigFiles, &p.SwigCXXFiles, &p.SysoFiles,
		&p.CgoCFLAGS, &p.CgoCPPFLAGS, &p.CgoCXXFLAGS, &p.CgoFFLAGS, &p.CgoLDFLAGS, &p.CgoPkgConfig,
		&p.TestGoFiles, &p.XTestGoFiles,
		&p.Imports, &p.TestImports, &p.XTestImports,
		&p.EmbedPatterns, &p.TestEmbedPatterns, &p.XTestEmbedPatterns,
	}
}

func posMaps(p *build.Package) []*map[string][]token.Position {
	return []*map[string][]token.Position{
		&p.ImportPos, &p.TestImportPos, &p.XTestImportPos,
		&p.EmbedPatternPos, &p.TestEmbedPatternPos, &p.XTestEmbedPatternPos,
	}
}

func directiveLists(p *build.Package) []*[]build.Directive {
	return []*[]build.Directive{&p.Directives, &p.TestDirectives, &p.XTestDirectives}
}

// encode returns the entry for ImportDir's result p, err, or false if err
// is of a kind the entry cannot reproduce.
func encode(p *build.Package, err error) ([]byte, bool) {
	e := &encoder{b: make([]byte, 0, 1024), strs: map[string]int{}}
	switch err := err.(type) {
	case nil:
		e.uint(errNone)
	case *build.NoGoError:
		if err.Dir != p.Dir {
			return nil, false
		}
		e.uint(errNoGo)
	case *build.MultiplePackageError:
		if err.Dir != p.Dir {
			return nil, false
		}
		e.uint(errMultiple)
		e.list(err.Packages)
		e.list(err.Files)
	default:
		return nil, false
	}
	e.str(p.Name)
	e.str(p.ImportComment)
	e.str(p.Doc)
	e.flag(p.BinaryOnly)
	for _, l := range fileLists(p) {
		e.list(*l)
	}
	for _, m := range posMaps(p) {
		e.posMap(*m)
	}
	for _, d := range directiveLists(p) {
		e.directives(*d)
	}
	return e.b, true
}

type decoder struct {
	s    string // the entry; decoded strings share its memory
	off  int
	strs []string
	bad  bool
}

func (d *decoder) uint() int {
	if d.bad {
		return 0
	}
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if d.off >= len(d.s) || shift > 56 {
			d.bad = true
			return 0
		}
		c := d.s[d.off]
		d.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return int(v)
		}
	}
}

// count reads a list length (plus one, 0 for nil) and checks it against
// the bytes left, each element taking at least one.
func (d *decoder) count() int {
	n := d.uint()
	if n > len(d.s)-d.off+1 {
		d.bad = true
	}
	if d.bad {
		return 0
	}
	return n
}

func (d *decoder) str() string {
	i := d.uint()
	if d.bad {
		return ""
	}
	if i > 0 {
		if i > len(d.strs) {
			d.bad = true
			return ""
		}
		return d.strs[i-1]
	}
	n := d.uint()
	if d.bad || n > len(d.s)-d.off {
		d.bad = true
		return ""
	}
	s := d.s[d.off : d.off+n]
	d.off += n
	d.strs = append(d.strs, s)
	return s
}

func (d *decoder) flag() bool { return d.uint() != 0 }

func (d *decoder) list() []string {
	n := d.count()
	if n == 0 || d.bad {
		return nil
	}
	l := make([]string, n-1)
	for i := range l {
		l[i] = d.str()
	}
	return l
}

func (d *decoder) pos() token.Position {
	return token.Position{Filename: d.str(), Offset: d.uint(), Line: d.uint(), Column: d.uint()}
}

func (d *decoder) posMap() map[string][]token.Position {
	n := d.count()
	if n == 0 || d.bad {
		return nil
	}
	m := make(map[string][]token.Position, n-1)
	for range n - 1 {
		k := d.str()
		c := d.count()
		if d.bad {
			return nil
		}
		if c == 0 {
			m[k] = nil
			continue
		}
		ps := make([]token.Position, c-1)
		for i := range ps {
			ps[i] = d.pos()
		}
		m[k] = ps
	}
	return m
}

func (d *decoder) directives() []build.Directive {
	n := d.count()
	if n == 0 || d.bad {
		return nil
	}
	ds := make([]build.Directive, n-1)
	for i := range ds {
		ds[i].Text = d.str()
		ds[i].Pos = d.pos()
	}
	return ds
}

// decode fills the directory-specific fields of p (which holds the
// location fields) from data and returns the error ImportDir returned.
// It reports false for a corrupt entry.
func decode(data []byte, p *build.Package) (error, bool) {
	d := &decoder{s: string(data)}
	var err error
	switch d.uint() {
	case errNone:
	case errNoGo:
		err = &build.NoGoError{Dir: p.Dir}
	case errMultiple:
		err = &build.MultiplePackageError{Dir: p.Dir, Packages: d.list(), Files: d.list()}
	default:
		return nil, false
	}
	p.Name = d.str()
	p.ImportComment = d.str()
	p.Doc = d.str()
	p.BinaryOnly = d.flag()
	for _, l := range fileLists(p) {
		*l = d.list()
	}
	for _, m := range posMaps(p) {
		*m = d.posMap()
	}
	for _, ds := range directiveLists(p) {
		*ds = d.directives()
	}
	if d.bad || d.off != len(d.s) {
		return nil, false
	}
	return err, true
}
