package load

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gocmd/internal/gover"
	"gocmd/internal/modload"
)

// godebugInfo is one known GODEBUG setting of the toolchain.
type godebugInfo struct {
	Name    string
	Changed int    // minor version whose default changed; 0 if never
	Old     string // value restoring the behavior before Changed
}

// godebugConfig is the toolchain's GODEBUG table, read from
// GOROOT/src/internal/godebugs/table.go so that it always matches the
// installed toolchain.
type godebugConfig struct {
	all     []godebugInfo
	removed map[string]int // name -> minor version that removed it
}

func (l *Loader) godebugs() *godebugConfig {
	l.godebugOnce.Do(func() {
		l.godebugTab = readGodebugTable(filepath.Join(l.st.gorootSrc, "internal", "godebugs", "table.go"))
	})
	return l.godebugTab
}

func readGodebugTable(file string) *godebugConfig {
	c := &godebugConfig{removed: map[string]int{}}
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		return c
	}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != 1 || len(vs.Values) != 1 {
				continue
			}
			lit, ok := vs.Values[0].(*ast.CompositeLit)
			if !ok {
				continue
			}
			for _, elt := range lit.Elts {
				fields := litFields(elt)
				switch vs.Names[0].Name {
				case "All":
					n, _ := strconv.Atoi(fields["Changed"])
					c.all = append(c.all, godebugInfo{Name: fields["Name"], Changed: n, Old: fields["Old"]})
				case "Removed":
					n, _ := strconv.Atoi(fields["Removed"])
					c.removed[fields["Name"]] = n
				}
			}
		}
	}
	return c
}

func litFields(e ast.Expr) map[string]string {
	m := map[string]string{}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return m
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if bl, ok := kv.Value.(*ast.BasicLit); ok {
			v := bl.Value
			if bl.Kind == token.STRING {
				v, _ = strconv.Unquote(v)
			}
			m[key.Name] = v
		}
	}
	return m
}

// ErrNotGoDebug is returned by ParseGoDebug for lines that are not
// //go:debug directives.
var ErrNotGoDebug = errors.New("not //go:debug line")

// ParseGoDebug parses a //go:debug key=value line.
func (l *Loader) ParseGoDebug(text string) (key, value string, err error) {
	if !strings.HasPrefix(text, "//go:debug") {
		return "", "", ErrNotGoDebug
	}
	i := strings.IndexAny(text, " \t")
	if i < 0 {
		if strings.TrimSpace(text) == "//go:debug" {
			return "", "", fmt.Errorf("missing key=value")
		}
		return "", "", ErrNotGoDebug
	}
	k, v, ok := strings.Cut(strings.TrimSpace(text[i:]), "=")
	if !ok {
		return "", "", fmt.Errorf("missing key=value")
	}
	if err := l.CheckGodebug("//go:debug setting", k, v); err != nil {
		return "", "", err
	}
	return k, v, nil
}

// CheckGodebug validates a godebug setting (from go.mod, go.work or a
// //go:debug line); verb names the kind of line in errors.
func (l *Loader) CheckGodebug(verb, k, v string) error {
	l.init()
	switch {
	case strings.ContainsAny(k, " \t"):
		return fmt.Errorf("key contains space")
	case strings.ContainsAny(v, " \t"):
		return fmt.Errorf("value contains space")
	case strings.ContainsAny(k, ","):
		return fmt.Errorf("key contains comma")
	case strings.ContainsAny(v, ","):
		return fmt.Errorf("value contains comma")
	}
	if k == "default" {
		if !strings.HasPrefix(v, "go") || !validGoVersion(v[2:]) {
			return fmt.Errorf("value for default= must be goVERSION")
		}
		if local := l.localGoVersion(); compareGoVersion(v[2:], local) > 0 {
			return fmt.Errorf("default=%s too new (toolchain is go%s)", v, local)
		}
		return nil
	}
	t := l.godebugs()
	for _, info := range t.all {
		if info.Name == k {
			return nil
		}
	}
	if n, ok := t.removed[k]; ok {
		return fmt.Errorf("use of removed %s %q, see https://go.dev/doc/godebug#go-1%v", verb, k, n)
	}
	return fmt.Errorf("unknown %s %q", verb, k)
}

// localGoVersion is the toolchain's version without "go" (1.26.8).
func (l *Loader) localGoVersion() string {
	if v := gover.FromToolchain(l.cfg.Env.GOVERSION()); v != "" {
		return v
	}
	tags := l.st.ctxt.ReleaseTags
	return strings.TrimPrefix(tags[len(tags)-1], "go")
}

// mainGoVersion returns the go version of the main module(s) and the
// godebug settings of go.mod or go.work.
func (l *Loader) mainGoVersion() (string, [][2]string) {
	l.mainVersionOnce.Do(func() {
		ms := l.cfg.Modules
		switch {
		case ms == nil || ms.Mode() == modload.GOPATHMode:
			l.mainVersion = "1.16"
		case ms.Mode() == modload.WorkspaceMode:
			l.mainVersion, l.mainGodebug = "1.18", nil
			if f := modload.FindGoWork(l.cfg.Dir); f != "" {
				if v, g, ok := readGoLines(f); ok {
					if v != "" {
						l.mainVersion = v
					}
					l.mainGodebug = g
				}
			}
		default:
			mains := ms.MainModules()
			if len(mains) != 1 || mains[0].GoMod == "" {
				if len(mains) == 0 {
					l.mainVersion = l.localGoVersion()
				} else {
					l.mainVersion = "1.16"
				}
				break
			}
			v, g, ok := readGoLines(mains[0].GoMod)
			if !ok {
				l.mainVersion = l.localGoVersion()
				break
			}
			if v == "" {
				v = "1.16"
			}
			l.mainVersion, l.mainGodebug = v, g
		}
	})
	return l.mainVersion, l.mainGodebug
}

// readGoLines reads the go line and godebug settings of a go.mod or
// go.work file.
func readGoLines(file string) (string, [][2]string, bool) {
	v, g, _, ok := readModLines(file)
	return v, g, ok
}

// readModLines reads the go line, the godebug settings and the ignore
// directives of a go.mod or go.work file.
func readModLines(file string) (string, [][2]string, []string, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", nil, nil, false
	}
	var goVersion string
	var godebug [][2]string
	var ignore []string
	inBlock := false
	block := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if inBlock {
			if f[0] == ")" {
				inBlock = false
				continue
			}
			if block == "ignore" {
				ignore = append(ignore, unquoteMod(f[0]))
			} else if k, v, ok := strings.Cut(strings.Join(f, ""), "="); ok {
				godebug = append(godebug, [2]string{k, v})
			}
			continue
		}
		switch f[0] {
		case "go":
			if len(f) == 2 {
				goVersion = f[1]
			}
		case "ignore":
			if len(f) == 2 && f[1] == "(" {
				inBlock, block = true, "ignore"
			} else if len(f) == 2 {
				ignore = append(ignore, unquoteMod(f[1]))
			}
		case "godebug":
			rest := strings.Join(f[1:], "")
			if rest == "(" {
				inBlock, block = true, "godebug"
				continue
			}
			if k, v, ok := strings.Cut(rest, "="); ok {
				godebug = append(godebug, [2]string{k, v})
			}
		}
	}
	return goVersion, godebug, ignore, true
}

func unquoteMod(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

// defaultGODEBUG computes the GODEBUG defaults a main package is built
// with: the main module's go version (or a default= setting) selects
// the table defaults, overridden by go.mod godebug lines and the
// package's //go:debug directives.
func (l *Loader) defaultGODEBUG(p *Package, directives, testDirectives, xtestDirectives []build.Directive) string {
	if p.Name != "main" {
		return ""
	}
	goVersion, modGodebug := l.mainGoVersion()
	if l.cfg.Modules != nil && l.cfg.Modules.Mode() == modload.ModuleMode && len(l.cfg.Modules.MainModules()) == 0 && p.Module != nil {
		goVersion = p.Module.GoVersion
		if goVersion == "" {
			goVersion = "1.20"
		}
	}
	var m map[string]string
	set := func(k, v string) {
		if m == nil {
			m = map[string]string{}
		}
		m[k] = v
	}
	if fips := l.cfg.Env.Get("GOFIPS140"); fips != "" && fips != "off" {
		set("fips140", "on")
	}
	for _, kv := range modGodebug {
		set(kv[0], kv[1])
	}
	var lists [][]build.Directive
	if p.Internal.Build != nil {
		lists = append(lists, p.Internal.Build.Directives)
	}
	lists = append(lists, directives, testDirectives, xtestDirectives)
	for _, list := range lists {
		for _, d := range list {
			k, v, err := l.ParseGoDebug(d.Text)
			if err != nil {
				continue
			}
			set(k, v)
		}
	}
	if v, ok := m["default"]; ok {
		delete(m, "default")
		v = strings.TrimPrefix(v, "go")
		if validGoVersion(v) {
			goVersion = v
		}
	}
	if defaults := l.godebugDefaults(goVersion); defaults != nil {
		for k, v := range m {
			defaults[k] = v
		}
		m = defaults
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		if b.Len() > 0 {
			b.WriteString(",")
		}
		b.WriteString(k + "=" + m[k])
	}
	return b.String()
}

func (l *Loader) godebugDefaults(v string) map[string]string {
	if strings.Count(v, ".") >= 2 {
		i := strings.Index(v, ".")
		j := i + 1 + strings.Index(v[i+1:], ".")
		v = v[:j]
	}
	if !strings.HasPrefix(v, "1.") {
		return nil
	}
	n, err := strconv.Atoi(v[2:])
	if err != nil {
		return nil
	}
	def := map[string]string{}
	for _, info := range l.godebugs().all {
		if n < info.Changed {
			def[info.Name] = info.Old
		}
	}
	return def
}

// validGoVersion reports whether v is a Go version like 1.21, 1.21.3,
// 1.21rc1 or 1.21.0.
func validGoVersion(v string) bool {
	_, ok := parseGoVersion(v)
	return ok
}

type goVersion struct {
	major, minor, patch int
	kind                string // "", "alpha", "beta", "rc"
	pre                 int
	hasMinor, hasPatch  bool
}

func parseGoVersion(v string) (goVersion, bool) {
	var g goVersion
	num := func(s string) (int, string, bool) {
		i := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 1 && s[0] == '0' {
			return 0, s, false
		}
		n, _ := strconv.Atoi(s[:i])
		return n, s[i:], true
	}
	var ok bool
	if g.major, v, ok = num(v); !ok {
		return g, false
	}
	if v == "" {
		return g, true
	}
	if v[0] != '.' {
		return g, false
	}
	if g.minor, v, ok = num(v[1:]); !ok {
		return g, false
	}
	g.hasMinor = true
	if v == "" {
		return g, true
	}
	if v[0] == '.' {
		if g.patch, v, ok = num(v[1:]); !ok {
			return g, false
		}
		g.hasPatch = true
		return g, v == ""
	}
	for _, k := range []string{"alpha", "beta", "rc"} {
		if rest, found := strings.CutPrefix(v, k); found {
			g.kind = k
			if g.pre, rest, ok = num(rest); !ok || rest != "" {
				return g, false
			}
			return g, true
		}
	}
	return g, false
}

func compareGoVersion(a, b string) int {
	x, _ := parseGoVersion(a)
	y, _ := parseGoVersion(b)
	cmp := func(p, q int) int {
		switch {
		case p < q:
			return -1
		case p > q:
			return 1
		}
		return 0
	}
	if c := cmp(x.major, y.major); c != 0 {
		return c
	}
	if c := cmp(x.minor, y.minor); c != 0 {
		return c
	}
	rank := func(g goVersion) int {
		switch g.kind {
		case "alpha":
			return 0
		case "beta":
			return 1
		case "rc":
			return 2
		}
		if !g.hasPatch && g.hasMinor && g.major == 1 && g.minor >= 21 {
			return -1 // 1.21 is before 1.21rc1
		}
		return 3
	}
	if c := cmp(rank(x), rank(y)); c != 0 {
		return c
	}
	if c := cmp(x.pre, y.pre); c != 0 {
		return c
	}
	return cmp(x.patch, y.patch)
}
