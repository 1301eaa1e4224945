package load

import (
	"go/build"

	"gocmd/internal/env"
	"gocmd/internal/fsys"
	"gocmd/internal/imports"
)

// newDirIndex returns the directory index for a loader: package
// directories read before are answered from GOCACHE. With an overlay
// there is none (nil), since the index cannot see overlaid files.
func newDirIndex(e *env.Env, fs *fsys.FS) *imports.Index {
	if fs != nil || e == nil {
		return nil
	}
	gocache, err := e.GOCACHE()
	if err != nil {
		gocache = "off"
	}
	return imports.New(imports.Config{
		GOCACHE:     gocache,
		GOCACHEPROG: e.Get("GOCACHEPROG"),
		GOMODCACHE:  e.GOMODCACHE(),
		GODEBUG:     e.Get("GODEBUG"),
	})
}

// importDir is ctxt.ImportDir through the directory index.
func (s *state) importDir(ctxt *build.Context, dir string, mode build.ImportMode) (*build.Package, error) {
	return s.index.ImportDir(ctxt, dir, mode)
}

// importPath is ctxt.Import through the directory index.
func (s *state) importPath(ctxt *build.Context, path, srcDir string, mode build.ImportMode) (*build.Package, error) {
	return s.index.Import(ctxt, path, srcDir, mode)
}
