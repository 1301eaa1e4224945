// Package imports reads package directories the way go/build does and
// keeps what it learns in GOCACHE, so that a later go command can load a
// package without opening its source files again.
//
// An Index wraps go/build's Context.ImportDir. The directory-specific part
// of the result (package name, file lists, imports with positions, embed
// patterns, cgo directives, the error) is stored in the build cache under
// a key that covers everything it depends on: the index format, the Go
// version gocmd was built with (go/build's rules), the directory, the
// build context fields that select files (GOOS, GOARCH, compiler, cgo,
// tags, release tags, install suffix, UseAllFiles), the import mode, and
// the name, size, mode and modification time of every file in the
// directory. The part that depends on where the directory sits (import
// path, roots, install targets) is recomputed on every call with
// go/build's FindOnly mode, which reads no files.
//
// As go's module index does, directories inside the module cache, which
// is read-only, are keyed by their path without listing them; files
// modified within the last two seconds (and directories holding anything
// but regular files and subdirectories) are never cached, so that an edit
// that leaves the modification time unchanged cannot be missed;
// GODEBUG=goindex=0 and GOCACHE=off turn the index off.
package imports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"gocmd/internal/cache"
)

// formatVersion names the encoding of index entries; change it whenever
// the encoding or the set of cached fields changes.
const formatVersion = "gocmd dirindex v2"

// modTimeCutoff: files modified more recently than this are not cached,
// since a second write within the file system's time granularity would
// leave the key unchanged.
const modTimeCutoff = 2 * time.Second

// Config says where the index lives.
type Config struct {
	// GOCACHE is the build cache directory; "" or "off" disables the
	// index.
	GOCACHE string
	// GOCACHEPROG, if set, disables the index (entries would have to go
	// through the cache program).
	GOCACHEPROG string
	// GOMODCACHE is the module cache: directories inside it are
	// immutable and keyed by path alone.
	GOMODCACHE string
	// GODEBUG is the GODEBUG setting; goindex=0 disables the index.
	GODEBUG string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// ReadDir, if set, lists directories for the keys (and for
	// go/build, on a miss) instead of the context's ReadDir; it must
	// show the same files, and lets a caller share listings.
	ReadDir func(dir string) ([]fs.FileInfo, error)
	// Trace, if set, records the use of the index as go's module index
	// does under GODEBUG=gofsystrace=1: "openIndexPackage" when a
	// directory's entry is looked up, "indexPackage" when the directory
	// has to be read.
	Trace func(op, dir string)
}

// Index caches ImportDir results in the build cache. A nil *Index, or one
// whose cache cannot be opened, reads directories directly. It is safe
// for concurrent use.
type Index struct {
	cfg  Config
	once sync.Once
	c    cache.Cache
	// memo holds the entries this process has already read or written,
	// by context, mode and directory, so that a directory loaded twice
	// (by a pattern walk, then as a package) is listed once.
	memo sync.Map // string -> []byte
}

// New returns an Index for cfg. The cache is opened on first use; if
// that fails the index silently does nothing.
func New(cfg Config) *Index {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Index{cfg: cfg}
}

// Enabled reports whether godebug (a GODEBUG value) leaves the index on:
// the last goindex setting wins, and only "0" turns it off.
func Enabled(godebug string) bool {
	on := true
	for _, kv := range strings.Split(godebug, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "goindex="); ok {
			on = v != "0"
		}
	}
	return on
}

func (x *Index) cache() cache.Cache {
	if x == nil {
		return nil
	}
	x.once.Do(func() {
		cfg := x.cfg
		if cfg.GOCACHE == "" || cfg.GOCACHE == "off" || !filepath.IsAbs(cfg.GOCACHE) ||
			cfg.GOCACHEPROG != "" || !Enabled(cfg.GODEBUG) {
			return
		}
		c, err := cache.OpenDefault(context.Background(), cache.DefaultConfig{Dir: cfg.GOCACHE})
		if err == nil {
			x.c = c
		}
	})
	return x.c
}

// ImportDir is ctxt.ImportDir(dir, mode), answered from the index when
// possible. ctxt's file system hooks, if any, must show the operating
// system's files unchanged (no overlay): the index cannot see through
// them. The result is the caller's to modify.
func (x *Index) ImportDir(ctxt *build.Context, dir string, mode build.ImportMode) (*build.Package, error) {
	return x.Import(ctxt, ".", dir, mode)
}

// Import is ctxt.Import(path, srcDir, mode), answered from the index when
// possible, with the same conditions as ImportDir.
func (x *Index) Import(ctxt *build.Context, path, srcDir string, mode build.ImportMode) (*build.Package, error) {
	c := x.cache()
	if c == nil || mode&build.FindOnly != 0 || ctxt.Compiler != "gc" {
		return ctxt.Import(path, srcDir, mode)
	}
	// The location fields, without reading files. An error here (a
	// missing directory) is returned as Import would.
	p, err := ctxt.Import(path, srcDir, mode|build.FindOnly)
	if err != nil || !filepath.IsAbs(p.Dir) {
		return ctxt.Import(path, srcDir, mode)
	}
	kb := keyContext(ctxt, mode)
	memoKey := string(kb) + p.Dir
	if data, ok := x.memo.Load(memoKey); ok {
		if perr, ok := decode(data.([]byte), p); ok {
			return p, perr
		}
	}
	x.trace("openIndexPackage", p.Dir)
	var ents []fs.FileInfo
	immutable := x.cfg.GOMODCACHE != "" && hasFilePathPrefix(p.Dir, x.cfg.GOMODCACHE)
	if !immutable {
		ents, err = x.readDir(ctxt, p.Dir)
		if err != nil {
			return ctxt.Import(path, srcDir, mode)
		}
	}
	id, ok := x.key(kb, p.Dir, ents, immutable)
	if !ok {
		return importWith(ctxt, path, srcDir, mode, p.Dir, ents)
	}
	// A stored entry starts with its action ID, so that no two actions
	// have the same output (directories without Go files, or one
	// directory in two import modes, would otherwise), as go's cache
	// checks expect.
	if stored, _, err := cache.GetBytes(c, id); err == nil && bytes.HasPrefix(stored, id[:]) {
		data := stored[len(id):]
		if perr, ok := decode(data, p); ok {
			x.memo.Store(memoKey, data)
			return p, perr
		}
		// A corrupt entry: read the directory and overwrite it.
	}
	x.trace("indexPackage", p.Dir)
	full, ferr := importWith(ctxt, path, srcDir, mode, p.Dir, ents)
	if full.Dir == p.Dir {
		if data, ok := encode(full, ferr); ok {
			x.memo.Store(memoKey, data)
			cache.PutBytes(c, id, append(id[:len(id):len(id)], data...)) // best effort
		}
	}
	return full, ferr
}

// importWith runs Import, reusing the listing ents already read of dir
// (nil: let go/build list it).
func importWith(ctxt *build.Context, path, srcDir string, mode build.ImportMode, dir string, ents []fs.FileInfo) (*build.Package, error) {
	if ents == nil {
		return ctxt.Import(path, srcDir, mode)
	}
	c := *ctxt
	c.ReadDir = func(d string) ([]fs.FileInfo, error) {
		if d == dir {
			return ents, nil
		}
		return readDir(ctxt, d)
	}
	return c.Import(path, srcDir, mode)
}

func (x *Index) trace(op, dir string) {
	if x.cfg.Trace != nil {
		x.cfg.Trace(op, dir)
	}
}

func (x *Index) readDir(ctxt *build.Context, dir string) ([]fs.FileInfo, error) {
	if x.cfg.ReadDir != nil {
		return x.cfg.ReadDir(dir)
	}
	return readDir(ctxt, dir)
}

func readDir(ctxt *build.Context, dir string) ([]fs.FileInfo, error) {
	if ctxt.ReadDir != nil {
		return ctxt.ReadDir(dir)
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]fs.FileInfo, 0, len(des))
	for _, d := range des {
		fi, err := d.Info()
		if err != nil {
			return nil, err
		}
		out = append(out, fi)
	}
	return out, nil
}

// keyContext encodes the part of a key that does not depend on the
// directory: the format, the Go version, the import mode and the build
// context fields that select files.
func keyContext(ctxt *build.Context, mode build.ImportMode) []byte {
	e := keyEncoder{b: make([]byte, 0, 1024)}
	e.str(formatVersion)
	e.str(runtime.Version())
	e.uint(uint64(mode))
	e.str(ctxt.GOOS)
	e.str(ctxt.GOARCH)
	e.str(ctxt.Compiler)
	e.flag(ctxt.CgoEnabled)
	e.flag(ctxt.UseAllFiles)
	e.str(ctxt.InstallSuffix)
	e.list(ctxt.BuildTags)
	e.list(ctxt.ToolTags)
	e.list(ctxt.ReleaseTags)
	return e.b
}

// key returns the action ID of dir's entry given the context part kb, or
// false if dir must not be cached (a non-regular file, or a file modified
// too recently).
func (x *Index) key(kb []byte, dir string, ents []fs.FileInfo, immutable bool) (cache.ActionID, bool) {
	e := keyEncoder{b: kb}
	e.str(dir)
	e.flag(immutable)
	if !immutable {
		cutoff := x.cfg.Now().Add(-modTimeCutoff)
		for _, fi := range ents {
			m := fi.Mode()
			if m.IsDir() {
				continue // go/build skips subdirectories
			}
			if !m.IsRegular() || fi.ModTime().After(cutoff) {
				return cache.ActionID{}, false
			}
			e.str(fi.Name())
			e.uint(uint64(fi.Size()))
			e.uint(uint64(m))
			e.uint(uint64(fi.ModTime().UnixNano()))
		}
	}
	h := sha256.New()
	h.Write([]byte(cache.DefaultSalt()))
	h.Write(e.b)
	var id cache.ActionID
	h.Sum(id[:0])
	return id, true
}

// keyEncoder writes the unambiguous byte strings that keys hash.
type keyEncoder struct{ b []byte }

func (e *keyEncoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

func (e *keyEncoder) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *keyEncoder) list(l []string) {
	e.uint(uint64(len(l)))
	for _, s := range l {
		e.str(s)
	}
}

func (e *keyEncoder) flag(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

// hasFilePathPrefix reports whether p is prefix or inside it.
func hasFilePathPrefix(p, prefix string) bool {
	prefix = filepath.Clean(prefix)
	if !strings.HasPrefix(p, prefix) {
		return false
	}
	return len(p) == len(prefix) || p[len(prefix)] == filepath.Separator ||
		strings.HasSuffix(prefix, string(filepath.Separator))
}
