// Package search expands package patterns ('go help packages'): it
// cleans command-line patterns, matches import paths against patterns
// with "...", and walks directory trees to find the packages a pattern
// names.
package search

import (
	"fmt"
	"go/build"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"gocmd/internal/fsys"
)

// Match is the result of matching one pattern.
type Match struct {
	pattern string
	Dirs    []string // for local patterns: matching directories
	Pkgs    []string // matching import paths
	Errs    []error  // errors matching (not loading) packages
}

// NewMatch returns a Match for pattern.
func NewMatch(pattern string) *Match { return &Match{pattern: pattern} }

// Pattern returns the pattern.
func (m *Match) Pattern() string { return m.pattern }

// AddError records an error matching the pattern.
func (m *Match) AddError(err error) { m.Errs = append(m.Errs, &MatchError{Match: m, Err: err}) }

// IsLiteral reports whether the pattern has no wildcard and is no
// meta-package.
func (m *Match) IsLiteral() bool {
	return !strings.Contains(m.pattern, "...") && !m.IsMeta()
}

// IsLocal reports whether the pattern names directories (./x, ../x, /abs).
func (m *Match) IsLocal() bool {
	return build.IsLocalImport(m.pattern) || filepath.IsAbs(m.pattern)
}

// IsMeta reports whether the pattern is std, cmd, all, work or tool.
func (m *Match) IsMeta() bool { return IsMetaPackage(m.pattern) }

// IsMetaPackage reports whether name is a meta-package name.
func IsMetaPackage(name string) bool {
	return name == "std" || name == "cmd" || name == "tool" || name == "work" || name == "all"
}

// MatchError is an error matching a pattern.
type MatchError struct {
	Match *Match
	Err   error
}

func (e *MatchError) Error() string {
	if e.Match.IsLiteral() {
		return fmt.Sprintf("%s: %v", e.Match.Pattern(), e.Err)
	}
	return fmt.Sprintf("pattern %s: %v", e.Match.Pattern(), e.Err)
}

func (e *MatchError) Unwrap() error { return e.Err }

// CleanPatterns cleans the command-line patterns: "." when there are
// none, slashes normalized, paths cleaned (keeping a leading "./" and any
// "@version" suffix).
func CleanPatterns(patterns []string) []string {
	if len(patterns) == 0 {
		return []string{"."}
	}
	out := make([]string, 0, len(patterns))
	for _, a := range patterns {
		p, v := a, ""
		if !build.IsLocalImport(a) && !filepath.IsAbs(a) {
			if i := strings.IndexByte(a, '@'); i >= 0 {
				p, v = a[:i], a[i:]
			}
		}
		if filepath.IsAbs(p) {
			p = filepath.Clean(p)
		} else {
			p = strings.ReplaceAll(p, `\`, `/`)
			if strings.HasPrefix(p, "./") {
				p = "./" + path.Clean(p)
				if p == "./." {
					p = "."
				}
			} else {
				p = path.Clean(p)
			}
		}
		out = append(out, p+v)
	}
	return out
}

// IsStandardImportPath reports whether path's first element has no dot.
func IsStandardImportPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// IsRelativePath reports whether pattern is ., .., ./x or ../x.
func IsRelativePath(pattern string) bool {
	return strings.HasPrefix(pattern, "./") || strings.HasPrefix(pattern, "../") || pattern == "." || pattern == ".."
}

// TreeCanMatchPattern returns a function reporting whether a path or
// one of its subdirectories can match pattern.
func TreeCanMatchPattern(pattern string) func(name string) bool {
	wild := false
	if i := strings.Index(pattern, "..."); i >= 0 {
		wild = true
		pattern = pattern[:i]
	}
	return func(name string) bool {
		return len(name) <= len(pattern) && hasPathPrefix(pattern, name) ||
			wild && strings.HasPrefix(name, pattern)
	}
}

// MatchPattern returns a function reporting whether an import path
// matches pattern. "..." matches any string; a trailing "/..." also
// matches the empty suffix; and "..." does not match through a vendor
// element unless the pattern spells it.
func MatchPattern(pattern string) func(name string) bool { return matchPattern(pattern, true) }

// MatchSimplePattern is MatchPattern without the vendor rule.
func MatchSimplePattern(pattern string) func(name string) bool { return matchPattern(pattern, false) }

func matchPattern(pattern string, vendorExclude bool) func(name string) bool {
	const mark = "\x00" // stands for a "vendor" element not at the end
	if vendorExclude && strings.Contains(pattern, mark) || !utf8.ValidString(pattern) {
		return func(string) bool { return false }
	}
	re := regexp.QuoteMeta(pattern)
	wild := `.*`
	if vendorExclude {
		wild = `[^` + mark + `]*`
		re = markVendor(re, mark)
		if strings.HasSuffix(re, `/`+mark+`/\.\.\.`) {
			re = strings.TrimSuffix(re, `/`+mark+`/\.\.\.`) + `(/vendor|/` + mark + `/\.\.\.)`
		} else if re == mark+`/\.\.\.` {
			re = `(/vendor|/` + mark + `/\.\.\.)`
		}
	}
	if strings.HasSuffix(re, `/\.\.\.`) {
		re = strings.TrimSuffix(re, `/\.\.\.`) + `(/\.\.\.)?`
	}
	re = strings.ReplaceAll(re, `\.\.\.`, wild)
	rx := regexp.MustCompile(`^` + re + `$`)
	return func(name string) bool {
		if vendorExclude {
			if strings.Contains(name, mark) {
				return false
			}
			name = markVendor(name, mark)
		}
		return rx.MatchString(name)
	}
}

func markVendor(x, mark string) string {
	if !strings.Contains(x, "vendor") {
		return x
	}
	elems := strings.Split(x, "/")
	for i := 0; i < len(elems)-1; i++ {
		if elems[i] == "vendor" {
			elems[i] = mark
		}
	}
	return strings.Join(elems, "/")
}

func hasPathPrefix(s, prefix string) bool {
	switch {
	case len(s) == len(prefix):
		return s == prefix
	case len(s) > len(prefix):
		if prefix != "" && prefix[len(prefix)-1] == '/' {
			return strings.HasPrefix(s, prefix)
		}
		return s[len(prefix)] == '/' && s[:len(prefix)] == prefix
	}
	return false
}

// Walker walks source trees for patterns.
type Walker struct {
	FS *fsys.FS
	// IsPackage reports whether dir holds a package the pattern should
	// list (it has Go files, or errors other than having none); name is
	// its import path.
	IsPackage func(dir, name string) bool
	// Warn prints a warning line.
	Warn func(msg string)
	// Ignore maps a module root to its ignore directives; Trace, if
	// set, prints the directories skipped because of them.
	Ignore map[string]*IgnorePatterns
	Trace  func(msg string)
	// PruneVendor skips what lies below vendor directories (module
	// trees outside vendor mode; a vendor directory itself may still be
	// a package).
	PruneVendor bool
	// Mounts maps import paths to directories walked in place of the
	// tree's own (a GOFIPS140 snapshot standing for
	// crypto/internal/fips140).
	Mounts map[string]string
}

// WalkTree walks the source root src (GOROOT/src, GOPATH/src or a module
// root with prefix) and appends to m.Pkgs the import paths matching
// match. The tree walk skips directories starting with "." or "_",
// testdata, and (when skipNested) directories holding a go.mod file.
func (w *Walker) WalkTree(m *Match, root, prefix string, match, treeCanMatch func(string) bool, skipNested bool, have map[string]bool) {
	root = filepath.Clean(root)
	err := w.FS.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return filepath.SkipDir
			}
			return err
		}
		name := prefix
		if p != root {
			rel := filepath.ToSlash(p[len(root)+1:])
			if name == "" {
				name = rel
			} else {
				name += "/" + rel
			}
		}
		want := true
		elem := filepath.Base(p)
		if p != root && (strings.HasPrefix(elem, ".") || strings.HasPrefix(elem, "_") || elem == "testdata") {
			want = false
		}
		if !d.IsDir() {
			if d.Type()&fs.ModeSymlink != 0 && want && strings.Contains(m.pattern, "...") && w.Warn != nil {
				if fi, err := w.FS.Stat(p); err == nil && fi.IsDir() {
					w.Warn("warning: ignoring symlink " + p)
				}
			}
			return nil
		}
		if name == "" {
			return nil // a GOPATH/src or GOROOT/src root holds no package
		}
		if want && p != root && w.Ignore[root] != nil && w.Ignore[root].ShouldIgnore(p[len(root)+1:]) {
			if w.Trace != nil {
				w.Trace("# ignoring directory " + p)
			}
			want = false
		}
		if !treeCanMatch(name) {
			want = false
		}
		if !want {
			return filepath.SkipDir
		}
		if skipNested && p != root {
			if fi, err := w.FS.Stat(filepath.Join(p, "go.mod")); err == nil && !fi.IsDir() {
				return filepath.SkipDir
			}
		}
		if !have[name] {
			have[name] = true
			if match(name) && w.IsPackage(p, name) {
				m.Pkgs = append(m.Pkgs, name)
			}
		}
		if dir, ok := w.Mounts[name]; ok && p != root {
			// The mount point itself was checked above, in the
			// tree's own directory; what lies below comes from dir.
			w.WalkTree(m, dir, name, match, treeCanMatch, skipNested, have)
			return filepath.SkipDir
		}
		if w.PruneVendor && p != root && elem == "vendor" {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		m.AddError(err)
	}
}

// IgnorePatterns are the ignore directives of a go.mod file: directories
// (relative to the module root) that pattern walks skip.
type IgnorePatterns struct {
	relative []string // "./x": /x/ as a prefix of the directory
	anywhere []string // "x": /x/ anywhere in the directory
}

// NewIgnorePatterns returns the patterns of the ignore directives.
func NewIgnorePatterns(patterns []string) *IgnorePatterns {
	ip := &IgnorePatterns{}
	for _, p := range patterns {
		rest, rel := strings.CutPrefix(p, "./")
		rest = slashWrap(rest)
		if rel {
			ip.relative = append(ip.relative, rest)
		} else {
			ip.anywhere = append(ip.anywhere, rest)
		}
	}
	return ip
}

// ShouldIgnore reports whether dir (relative to the module root) is
// ignored.
func (ip *IgnorePatterns) ShouldIgnore(dir string) bool {
	if ip == nil || dir == "" {
		return false
	}
	dir = slashWrap(dir)
	for _, p := range ip.relative {
		if strings.HasPrefix(dir, p) {
			return true
		}
	}
	for _, p := range ip.anywhere {
		if strings.Contains(dir, p) {
			return true
		}
	}
	return false
}

func slashWrap(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}
