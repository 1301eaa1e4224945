package load

import (
	"go/build"
	"io/fs"
	"sync"

	"gocmd/internal/env"
	"gocmd/internal/imports"
	"gocmd/internal/search"
)

// newDirIndex returns the directory index for a loader: package
// directories read before are answered from GOCACHE. With an -overlay
// file there is none (nil), since the index cannot see overlaid files.
func (l *Loader) newDirIndex(e *env.Env, overlay string) *imports.Index {
	if overlay != "" || e == nil {
		return nil
	}
	gocache, err := e.GOCACHE()
	if err != nil {
		gocache = "off"
	}
	var trace func(op, dir string)
	if t := l.st.fs.Tracer(); t != nil {
		trace = t.Trace
	}
	return imports.New(imports.Config{
		GOCACHE:     gocache,
		GOCACHEPROG: e.Get("GOCACHEPROG"),
		GOMODCACHE:  e.GOMODCACHE(),
		GODEBUG:     e.Get("GODEBUG"),
		ReadDir:     l.readDirShared,
		Trace:       trace,
	})
}

type dirListing struct {
	ents []fs.FileInfo
	err  error
}

// readDirShared lists dir once per loader for the directory index and
// hasGoFiles, which both look at the directories of imported packages.
func (l *Loader) readDirShared(dir string) ([]fs.FileInfo, error) {
	d := l.listings.Do(dir, func() dirListing {
		ents, err := l.st.fs.ReadDir(dir)
		return dirListing{ents, err}
	})
	return d.ents, d.err
}

// importDir is ctxt.ImportDir through the directory index.
func (s *state) importDir(ctxt *build.Context, dir string, mode build.ImportMode) (*build.Package, error) {
	return s.index.ImportDir(ctxt, dir, mode)
}

// importPath is ctxt.Import through the directory index.
func (s *state) importPath(ctxt *build.Context, path, srcDir string, mode build.ImportMode) (*build.Package, error) {
	return s.index.Import(ctxt, path, srcDir, mode)
}

// pkgChecks runs a walker's package checks in the background: the walk
// goes on listing directories while the loader's queue reads the
// directories found so far.
type pkgChecks struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	not map[string]bool // names whose directory holds no package
}

// checkAsync makes w.IsPackage answer true at once and do its check on
// l's queue; keep then removes the names whose check failed.
func (l *Loader) checkAsync(w *search.Walker) *pkgChecks {
	c := &pkgChecks{not: map[string]bool{}}
	isPackage := w.IsPackage
	w.IsPackage = func(dir, name string) bool {
		c.wg.Add(1)
		l.queue.Add(func() {
			defer c.wg.Done()
			if !isPackage(dir, name) {
				c.mu.Lock()
				c.not[name] = true
				c.mu.Unlock()
			}
		})
		return true
	}
	return c
}

// keep waits for the checks and returns names without those that failed,
// in their order, reusing names' storage.
func (c *pkgChecks) keep(names []string) []string {
	c.wg.Wait()
	out := names[:0]
	for _, name := range names {
		if !c.not[name] {
			out = append(out, name)
		}
	}
	return out
}
