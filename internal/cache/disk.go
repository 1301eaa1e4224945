package cache

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Options configures a DiskCache.
type Options struct {
	// Verify turns on go's verify mode (GODEBUG=gocacheverify=1): Get
	// always misses, and Put fails with a *VerifyError when an existing
	// entry for the action records a different output.
	Verify bool

	// Hasher, if not nil, describes action IDs in verify failures
	// (create it with Record set).
	Hasher *Hasher

	// Now returns the current time; nil means time.Now. Tests use it to
	// age entries.
	Now func() time.Time
}

// DiskCache is a Cache stored in a directory, laid out as go lays out
// GOCACHE. Several processes, gocmd and go alike, may use one directory at
// the same time.
type DiskCache struct {
	dir    string
	verify bool
	hasher *Hasher
	now    func() time.Time
}

// Open opens the cache in dir, which must exist, creating its 256
// subdirectories if needed.
func Open(dir string, opts Options) (*DiskCache, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: errors.New("not a directory")}
	}
	for i := range 256 {
		if err := os.MkdirAll(filepath.Join(dir, fmt.Sprintf("%02x", i)), 0o777); err != nil {
			return nil, err
		}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &DiskCache{dir: dir, verify: opts.Verify, hasher: opts.Hasher, now: now}, nil
}

// Existing returns the cache in dir without checking or creating
// anything: a cheap handle for looking entries up. Storing through it
// fails unless Open has prepared dir before.
func Existing(dir string) *DiskCache {
	return &DiskCache{dir: dir, now: time.Now}
}

// Dir returns the cache directory.
func (c *DiskCache) Dir() string { return c.dir }

// FuzzDir returns dir/fuzz, which may not exist yet. Trim and
// 'go clean -cache' leave it alone; 'go clean -fuzzcache' removes it.
func (c *DiskCache) FuzzDir() string { return filepath.Join(c.dir, "fuzz") }

// Close trims the cache (see Trim).
func (c *DiskCache) Close() error { return c.Trim() }

// fileName returns the path of the file for id with the suffix kind
// ("a" for index entries, "d" for outputs).
func (c *DiskCache) fileName(id [HashSize]byte, kind string) string {
	return filepath.Join(c.dir, fmt.Sprintf("%02x", id[0]), fmt.Sprintf("%x-%s", id, kind))
}

// IndexFile returns the path of the index entry of id.
func (c *DiskCache) IndexFile(id ActionID) string { return c.fileName(id, "a") }

var errVerifyMode = errors.New("gocacheverify=1")

// Get returns the entry recorded for id. It does not check the output
// file; GetFile and GetBytes do.
func (c *DiskCache) Get(id ActionID) (Entry, error) {
	if c.verify {
		return miss(errVerifyMode)
	}
	return c.get(id)
}

// get is Get ignoring verify mode.
func (c *DiskCache) get(id ActionID) (Entry, error) {
	name := c.fileName(id, "a")
	f, err := os.Open(name)
	if err != nil {
		return miss(err)
	}
	data, err := readIndexEntry(f)
	info, serr := f.Stat()
	f.Close()
	if err != nil {
		return miss(err)
	}
	eid, e, err := ParseIndexEntry(data)
	if err != nil {
		return miss(err)
	}
	if eid != id {
		return miss(errors.New("mismatched ID"))
	}
	if serr == nil {
		c.touch(name, info)
	}
	return e, nil
}

// OutputFile returns the path of the output out. For an executable
// (stored as a directory) it is the one file inside; if the directory is
// damaged the result starts with "DO NOT USE", as go's does.
func (c *DiskCache) OutputFile(out OutputID) string {
	name := c.fileName(out, "d")
	if !c.markUsed(name) {
		return name
	}
	list, err := os.ReadDir(name)
	if err != nil {
		return fmt.Sprintf("DO NOT USE - missing binary cache entry: %v", err)
	}
	if len(list) != 1 {
		return "DO NOT USE - invalid binary cache entry"
	}
	return filepath.Join(name, list[0].Name())
}

// markUsed sets the modification time of file to now, unless it was set
// less than mtimeInterval ago, so that mtimes track the last use closely
// enough for trimming without writing an inode on every hit. It reports
// whether file is a directory (an executable's entry).
func (c *DiskCache) markUsed(file string) bool {
	info, err := os.Stat(file)
	if err != nil {
		return false
	}
	c.touch(file, info)
	return info.IsDir()
}

// touch is markUsed for a file whose information is at hand (from the
// open file of an index entry, saving a lookup by name).
func (c *DiskCache) touch(file string, info fs.FileInfo) {
	if now := c.now(); now.Sub(info.ModTime()) >= mtimeInterval {
		os.Chtimes(file, now, now)
	}
}

// Put stores the contents of r as the output of id.
func (c *DiskCache) Put(id ActionID, r io.ReadSeeker) (OutputID, int64, error) {
	r, check := unwrapNoVerify(r)
	return c.put(id, "", r, check)
}

// PutExecutable stores the contents of r, an executable, as the output of
// id: the output "<outputID>-d" is then a directory holding the file name
// with mode 0777, so that the program runs under its own name.
func (c *DiskCache) PutExecutable(id ActionID, name string, r io.ReadSeeker) (OutputID, int64, error) {
	if name == "" {
		return OutputID{}, 0, errors.New("cache: PutExecutable called without a name")
	}
	r, check := unwrapNoVerify(r)
	return c.put(id, name, r, check)
}

func unwrapNoVerify(r io.ReadSeeker) (io.ReadSeeker, bool) {
	if nv, ok := r.(noVerify); ok {
		return nv.ReadSeeker, false
	}
	return r, true
}

func (c *DiskCache) put(id ActionID, exe string, r io.ReadSeeker, check bool) (OutputID, int64, error) {
	out, size, err := outputID(r)
	if err != nil {
		return OutputID{}, 0, err
	}
	if err := c.writeOutput(r, exe, out, size); err != nil {
		return out, size, err
	}
	return out, size, c.putIndexEntry(id, out, size, check)
}

// A VerifyError reports, in verify mode, an action whose new output
// differs from the one already recorded.
type VerifyError struct {
	ID           ActionID
	Input        string // the hashed description of the action, if recorded
	Old, New     OutputID
	OldSz, NewSz int64
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("internal cache error: cache verify failed: id=%x changed:<<<\n%s\n>>>\nold: %x %d\nnew: %x %d",
		e.ID, e.Input, e.Old, e.OldSz, e.New, e.NewSz)
}

// putIndexEntry records out as the output of id. The entry is written in
// place and truncated afterwards, so that rewriting an identical entry is
// harmless to concurrent readers and a longer, damaged file is repaired.
func (c *DiskCache) putIndexEntry(id ActionID, out OutputID, size int64, check bool) error {
	if c.verify && check {
		if old, err := c.get(id); err == nil && (old.OutputID != out || old.Size != size) {
			e := &VerifyError{ID: id, Old: old.OutputID, OldSz: old.Size, New: out, NewSz: size}
			if c.hasher != nil {
				e.Input = c.hasher.Describe(id)
			}
			return e
		}
	}
	now := c.now()
	entry := FormatIndexEntry(id, out, size, now)
	name := c.fileName(id, "a")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o666)
	if err != nil {
		return err
	}
	_, err = f.Write(entry)
	if err == nil {
		err = f.Truncate(int64(len(entry)))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return err
	}
	os.Chtimes(name, now, now)
	return nil
}

// writeOutput stores the contents of r (with the given output ID and
// size) as the output file, unless a file with exactly those contents is
// already there. It writes in place, the last byte last and only after
// checking the hash of everything read, so that the file reaches its
// expected size only when it is complete: readers compare sizes, and a
// later Put finds and rewrites a damaged file.
func (c *DiskCache) writeOutput(r io.ReadSeeker, exe string, out OutputID, size int64) error {
	name := c.fileName(out, "d")
	info, err := os.Stat(name)
	perm := fs.FileMode(0o666)
	if exe != "" {
		perm = 0o777
		if err != nil {
			if !os.IsNotExist(err) {
				return err
			}
			if err := os.Mkdir(name, 0o777); err != nil && !os.IsExist(err) {
				return err
			}
			if info, err = os.Stat(name); err != nil {
				return err
			}
		}
		if !info.IsDir() {
			return errors.New("internal error: invalid binary cache entry: not a directory")
		}
		name = filepath.Join(name, exe)
		info, err = os.Stat(name)
	}
	if err == nil && info.Size() == size && fileHashIs(name, out) {
		return nil
	}

	flag := os.O_RDWR | os.O_CREATE
	if err == nil && info.Size() > size {
		flag |= os.O_TRUNC
	}
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		if isETXTBSY(err) {
			// Another go command wrote this executable and is running it,
			// so it is complete.
			return nil
		}
		return err
	}
	defer f.Close()
	if size == 0 {
		return nil // the only zero-length file
	}
	fail := func(err error) error {
		f.Truncate(0)
		return err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(f, h), r, size-1); err != nil {
		return fail(err)
	}
	last := make([]byte, 1)
	if _, err := io.ReadFull(r, last); err != nil {
		return fail(err)
	}
	h.Write(last)
	if !bytes.Equal(h.Sum(nil), out[:]) {
		return fail(errors.New("file content changed underfoot"))
	}
	if _, err := f.Write(last); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		// The size may look right although the data never made it.
		os.Remove(name)
		return err
	}
	now := c.now()
	os.Chtimes(name, now, now)
	if exe != "" {
		os.Chtimes(filepath.Dir(name), now, now) // the entry trimming looks at
	}
	return nil
}

// fileHashIs reports whether the file's contents hash to out.
func fileHashIs(name string, out OutputID) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return bytes.Equal(h.Sum(nil), out[:])
}
