package load

import (
	"path/filepath"
	"strings"

	"gocmd/internal/search"
)

// MatchPackage returns a function reporting whether a loaded package
// matches a command-line pattern (as -gcflags=pattern=... uses them):
// relative patterns match directories under cwd; std, cmd and all are
// the meta-packages; others match import paths.
func MatchPackage(pattern, cwd string) func(*Package) bool {
	switch {
	case search.IsRelativePath(pattern):
		var dir string
		i := strings.Index(pattern, "...")
		if i < 0 {
			dir, pattern = pattern, ""
		} else {
			j := strings.LastIndex(pattern[:i], "/")
			dir, pattern = pattern[:j], pattern[j+1:]
		}
		dir = filepath.Join(cwd, dir)
		if pattern == "" {
			return func(p *Package) bool { return p.Dir == dir }
		}
		match := search.MatchPattern(pattern)
		return func(p *Package) bool {
			rel, err := filepath.Rel(dir, p.Dir)
			if err != nil {
				return false
			}
			rel = filepath.ToSlash(rel)
			if rel == ".." || strings.HasPrefix(rel, "../") {
				return false
			}
			return match(rel)
		}
	case pattern == "all":
		return func(*Package) bool { return true }
	case pattern == "std":
		return func(p *Package) bool { return p.Standard }
	case pattern == "cmd":
		return func(p *Package) bool { return p.Standard && strings.HasPrefix(p.ImportPath, "cmd/") }
	}
	match := search.MatchPattern(pattern)
	return func(p *Package) bool { return match(p.ImportPath) }
}

// MatchPackage is like the function MatchPackage, with the module
// patterns resolved as go does in module mode: tool matches the tools
// of the main modules, work the packages of the main modules.
func (l *Loader) MatchPackage(pattern string) func(*Package) bool {
	s := l.init()
	if s.modules && (pattern == "tool" || pattern == "work") {
		tools := map[string]bool{}
		for _, t := range l.cfg.Modules.Tools() {
			tools[t] = true
		}
		mains := map[string]bool{}
		for _, mm := range l.cfg.Modules.MainModules() {
			mains[mm.Path] = true
		}
		return func(p *Package) bool {
			if pattern == "tool" {
				return tools[p.ImportPath]
			}
			return p.Module != nil && mains[p.Module.Path]
		}
	}
	return MatchPackage(pattern, l.cfg.Dir)
}
