package test

import (
	"path/filepath"
	"strings"

	"gocmd/internal/load"
	"gocmd/internal/modload"
)

// fuzzOutsideMain reports whether p, the package -fuzz would fuzz, lies
// outside the main modules: fuzzing writes failing inputs into the
// package's testdata, which must not happen in the module cache or in
// GOROOT unless the package is really the user's own.
func (t *tester) fuzzOutsideMain(p *load.Package) bool {
	ms := t.s.Mods
	if ms == nil {
		return false
	}
	isMain := func(path, dir string) bool {
		for _, m := range ms.MainModules() {
			if m.Path == path && (dir == "" || filepath.Clean(m.Dir) == dir) {
				return true
			}
		}
		return false
	}
	if p.Module != nil && p.Module.Path != "" {
		return !isMain(p.Module.Path, "")
	}
	if p.Standard && ms.Mode() != modload.GOPATHMode {
		src := filepath.Join(t.inv.Env.Get("GOROOT"), "src")
		if strings.HasPrefix(p.ImportPath, "cmd/") {
			return !isMain("cmd", filepath.Join(src, "cmd"))
		}
		return !isMain("std", src)
	}
	return false
}
