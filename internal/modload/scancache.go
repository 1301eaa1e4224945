package modload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"gocmd/internal/cache"
	"gocmd/internal/imports"
	"gocmd/internal/par"
)

// The imports of a directory (scanDir) are remembered twice: in memory
// for the rest of the command, since go mod tidy looks at a main
// module's directory once while walking it and again while loading it,
// and in GOCACHE for later commands, as go's module index does, so that
// a warm go mod tidy opens no source file.
//
// A GOCACHE entry's key covers the entry format, the Go version gocmd
// was built with (go/parser's rules), the tags, the directory and, for
// directories outside the module cache, the name, size, mode and
// modification time of every .go file in it. Module cache directories are
// read-only and keyed by their path alone. Directories holding a .go
// file that is not a regular file, or a file modified within the last
// two seconds, are not stored (an edit within the file system's time
// granularity could go unseen). With -overlay, GOCACHE=off, GOCACHEPROG
// or GODEBUG=goindex=0 nothing is stored.

// scanFormat names the encoding of scan entries; change it whenever the
// encoding or what scanDir computes changes.
const scanFormat = "gocmd modload scan v1"

// scanModTimeCutoff: files modified more recently are not cached.
const scanModTimeCutoff = 2 * time.Second

// scanCache holds a State's remembered scans.
type scanCache struct {
	memo   par.Cache[scanKey, scanMemo]
	diskMu sync.Once
	disk   cache.Cache // nil: no persistent cache
}

type scanKey struct {
	dir  string
	tags string // encoded tag set
}

type scanMemo struct {
	res scanResult
	err error
}

// scanDir reads the imports of the Go files of dir (see scanFiles),
// from memory or GOCACHE when it can.
func (s *State) scanDir(dir string, tags tagSet) (scanResult, error) {
	tk := tags.key()
	m := s.scans.memo.Do(scanKey{dir, tk}, func() scanMemo {
		res, err := s.scanDirCached(dir, tags, tk)
		return scanMemo{res, err}
	})
	return m.res, m.err
}

func (s *State) scanDirCached(dir string, tags tagSet, tk string) (scanResult, error) {
	c := s.scanDisk()
	if c == nil {
		return s.scanFiles(dir, tags, nil)
	}
	immutable := s.inModCache(dir)
	var ents []fs.FileInfo
	if !immutable {
		var err error
		ents, err = s.fs.ReadDir(dir)
		if err != nil {
			return scanResult{}, err
		}
	}
	id, ok := scanActionID(dir, tk, ents, immutable)
	if !ok {
		return s.scanFiles(dir, tags, ents)
	}
	if data, _, err := cache.GetBytes(c, id); err == nil && bytes.HasPrefix(data, id[:]) {
		if res, ok := decodeScan(data[len(id):]); ok {
			return res, nil
		}
	}
	res, err := s.scanFiles(dir, tags, ents)
	if err == nil {
		// An entry starts with its action ID so that no two actions
		// store the same output, as go's cache checks expect.
		cache.PutBytes(c, id, append(id[:len(id):len(id)], encodeScan(res)...)) // best effort
	}
	return res, err
}

// scanDisk opens GOCACHE for scan entries on first use; nil if the
// entries must not be stored.
func (s *State) scanDisk() cache.Cache {
	s.scans.diskMu.Do(func() {
		e := s.cfg.Env
		if s.fs.Overlaid() || e == nil || e.Get("GOCACHEPROG") != "" || !imports.Enabled(e.Get("GODEBUG")) {
			return
		}
		dir, err := e.GOCACHE()
		if err != nil || dir == "off" || !filepath.IsAbs(dir) {
			return
		}
		if c, err := cache.OpenDefault(context.Background(), cache.DefaultConfig{Dir: dir}); err == nil {
			s.scans.disk = c
		}
	})
	return s.scans.disk
}

// inModCache reports whether dir is inside the module cache.
func (s *State) inModCache(dir string) bool {
	mc := s.cfg.Env.GOMODCACHE()
	if mc == "" {
		return false
	}
	mc = filepath.Clean(mc)
	return strings.HasPrefix(dir, mc) && len(dir) > len(mc) && dir[len(mc)] == filepath.Separator
}

// key encodes a tag set for cache keys: "*" for any tags, otherwise the
// sorted true tags.
func (t tagSet) key() string {
	if t == nil {
		return "*"
	}
	var on []string
	for k, v := range t {
		if v {
			on = append(on, k)
		}
	}
	sort.Strings(on)
	return "=" + strings.Join(on, ",")
}

// scanActionID returns the key of dir's entry, or false if dir must not
// be stored.
func scanActionID(dir, tags string, ents []fs.FileInfo, immutable bool) (cache.ActionID, bool) {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(scanFormat)
	str(runtime.Version())
	str(tags)
	str(dir)
	if immutable {
		b = append(b, 1)
	} else {
		b = append(b, 0)
		cutoff := time.Now().Add(-scanModTimeCutoff)
		for _, fi := range ents {
			m := fi.Mode()
			if m.IsDir() || !strings.HasSuffix(fi.Name(), ".go") {
				continue // scanFiles reads only .go files
			}
			if fi.ModTime().After(cutoff) || !m.IsRegular() {
				return cache.ActionID{}, false
			}
			str(fi.Name())
			b = binary.AppendUvarint(b, uint64(fi.Size()))
			b = binary.AppendUvarint(b, uint64(m))
			b = binary.AppendUvarint(b, uint64(fi.ModTime().UnixNano()))
		}
	}
	h := sha256.New()
	h.Write([]byte(cache.DefaultSalt()))
	h.Write(b)
	var id cache.ActionID
	h.Sum(id[:0])
	return id, true
}

// encodeScan writes a scanResult: the hasGo flag, then both import
// lists, each a count and length-prefixed strings.
func encodeScan(r scanResult) []byte {
	b := []byte{0}
	if r.hasGo {
		b[0] = 1
	}
	for _, l := range [][]string{r.imports, r.testImports} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b
}

// decodeScan reads what encodeScan wrote.
func decodeScan(b []byte) (scanResult, bool) {
	var r scanResult
	if len(b) < 1 || b[0] > 1 {
		return r, false
	}
	r.hasGo = b[0] == 1
	b = b[1:]
	list := func() ([]string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)) {
			return nil, false
		}
		b = b[k:]
		out := make([]string, 0, n)
		for range n {
			l, k := binary.Uvarint(b)
			if k <= 0 || l > uint64(len(b)-k) {
				return nil, false
			}
			out = append(out, string(b[k:k+int(l)]))
			b = b[k+int(l):]
		}
		return out, true
	}
	var ok bool
	if r.imports, ok = list(); !ok {
		return r, false
	}
	if r.testImports, ok = list(); !ok || len(b) != 0 {
		return r, false
	}
	return r, true
}

// isGoDirOS is isGoDir without an overlay: the listing's file types
// answer without a stat per file, only links are followed.
func isGoDirOS(dir string) (bool, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, nil
	}
	var firstErr error
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		t := e.Type()
		if t.IsRegular() {
			return true, nil
		}
		if t&fs.ModeSymlink != 0 {
			fi, err := os.Stat(filepath.Join(dir, e.Name()))
			if err == nil && fi.Mode().IsRegular() {
				return true, nil
			}
			if err != nil && firstErr == nil && !os.IsNotExist(err) {
				firstErr = err
			}
		}
	}
	return false, firstErr
}
