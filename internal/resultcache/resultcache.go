// Package resultcache remembers the output of a read-only command in
// GOCACHE, so that running the command again with the same configuration
// over unchanged files costs little more than a stat of each file the
// first run looked at.
//
// A result is stored under a key that the caller computes from
// everything the output depends on besides files: the gocmd binary, the
// arguments, the directory and the configuration. With the output the
// entry records how each file the computation observed looked afterwards
// (present or not, mode, size and modification time). Lookup returns the
// output only if every one of those files still looks the same.
//
// Nothing is stored when the computation used the network or depended
// on something it could not name. Nor is anything stored when a file
// may have changed after the computation started without its
// modification time showing it: a file modified after the start, or
// shortly before it (within the clock's granularity), or, on a file
// system whose times have no fraction of a second, within the two
// seconds before the start.
package resultcache

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gocmd/internal/cache"
)

// entryFormat heads every stored entry; change it whenever the encoding
// changes.
const entryFormat = "gocmd result v1\n"

// coarseCutoff and fineCutoff: results depending on files modified less
// long before the computation started are not stored, for a file
// system whose times are whole seconds and for one with finer times
// (which still advance only at each tick of the kernel's clock).
const (
	coarseCutoff = 2 * time.Second
	fineCutoff   = 50 * time.Millisecond
)

// settled reports whether a file last modified at mtime (nanoseconds)
// cannot have changed since start without its modification time
// changing too.
func settled(mtime int64, start time.Time) bool {
	if mtime%1e9 != 0 && mtime < start.Add(-fineCutoff).UnixNano() {
		return true
	}
	return mtime < start.Add(-coarseCutoff).UnixNano()
}

// maxOutput bounds the size of a stored output.
const maxOutput = 4 << 20

// A Key identifies a result.
type Key = cache.ActionID

// A KeyBuilder computes a Key from named parts.
type KeyBuilder struct {
	h *cache.Hash
}

// NewKey starts the key of a result of the given kind (a name and
// version of what the caller computes, such as "go list -m v1"). The key
// covers the running binary: a rebuilt gocmd never sees the results of
// the one before. It fails if the binary cannot be identified.
func NewKey(kind string) (*KeyBuilder, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return nil, err
	}
	k := &KeyBuilder{h: cache.NewHash("result")}
	k.Add("kind", kind)
	k.Add("binary", fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano()))
	return k, nil
}

// Add adds a named part to the key.
func (k *KeyBuilder) Add(name, value string) {
	b := make([]byte, 0, len(name)+len(value)+24)
	b = append(b, name...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(value)), 10)
	b = append(b, ' ')
	b = append(b, value...)
	b = append(b, '\n')
	k.h.Write(b)
}

// Sum returns the key.
func (k *KeyBuilder) Sum() Key { return k.h.Sum() }

// A Recorder collects what a computation depends on. Its methods
// (which satisfy modfetch.Observer) may be called concurrently.
type Recorder struct {
	start   time.Time
	mu      sync.Mutex
	files   map[string]bool
	network bool
	unnamed bool
}

// NewRecorder returns a Recorder for a computation starting now.
func NewRecorder() *Recorder {
	return &Recorder{start: time.Now()}
}

// ObserveFile records that the computation looked at path. An empty
// path stands for a dependency that cannot be named: the result is then
// never stored.
func (r *Recorder) ObserveFile(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if path == "" || !filepath.IsAbs(path) {
		r.unnamed = true
		return
	}
	if r.files == nil {
		r.files = map[string]bool{}
	}
	r.files[filepath.Clean(path)] = true
}

// ObserveNetwork records that the computation needed a module source.
func (r *Recorder) ObserveNetwork() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.network = true
}

// fileState is how a file looked.
type fileState struct {
	exists bool
	mode   fs.FileMode
	size   int64
	mtime  int64 // nanoseconds since 1970
}

func statFile(path string) fileState {
	fi, err := os.Stat(path)
	if err != nil {
		return fileState{}
	}
	return fileState{exists: true, mode: fi.Mode(), size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// Lookup returns the output stored for key in the cache directory dir,
// if every file its computation observed still looks the same.
func Lookup(dir string, key Key) ([]byte, bool) {
	data, _, err := cache.GetBytes(cache.Existing(dir), key)
	if err != nil {
		return nil, false
	}
	out, ok := validate(data)
	return out, ok
}

// validate checks the files of an encoded entry and returns its output.
func validate(data []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(data, []byte(entryFormat))
	if !ok {
		return nil, false
	}
	for {
		line, after, ok := bytes.Cut(rest, []byte("\n"))
		if !ok {
			return nil, false
		}
		rest = after
		if len(line) == 0 {
			return rest, true
		}
		want, path, ok := parseFileLine(string(line))
		if !ok || statFile(path) != want {
			return nil, false
		}
	}
}

// Store records out as the result for key in the cache directory dir,
// with the files r observed as they look now. It stores nothing (and
// returns nil) when the result must not be reused: see the package
// documentation. Like a go command that builds nothing, it does not
// create dir.
func Store(dir string, key Key, out []byte, r *Recorder) error {
	r.mu.Lock()
	files := make([]string, 0, len(r.files))
	for f := range r.files {
		files = append(files, f)
	}
	skip := r.network || r.unnamed
	r.mu.Unlock()
	if skip || len(out) > maxOutput {
		return nil
	}
	slices.Sort(files)

	var buf bytes.Buffer
	buf.WriteString(entryFormat)
	for _, f := range files {
		if strings.ContainsAny(f, "\n\r") {
			return nil
		}
		st := statFile(f)
		if st.exists && !settled(st.mtime, r.start) {
			return nil
		}
		buf.WriteString(formatFileLine(st, f))
	}
	buf.WriteString("\n")
	buf.Write(out)

	c, err := cache.Open(dir, cache.Options{})
	if err != nil {
		return err
	}
	return cache.PutBytes(c, key, buf.Bytes())
}

// formatFileLine encodes a file's state: "exists mode size mtime path".
func formatFileLine(st fileState, path string) string {
	exists := 0
	if st.exists {
		exists = 1
	}
	return fmt.Sprintf("%d %d %d %d %s\n", exists, uint32(st.mode), st.size, st.mtime, path)
}

func parseFileLine(line string) (fileState, string, bool) {
	f := strings.SplitN(line, " ", 5)
	if len(f) != 5 {
		return fileState{}, "", false
	}
	var st fileState
	var nums [4]int64
	for i := range nums {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return fileState{}, "", false
		}
		nums[i] = n
	}
	st.exists = nums[0] == 1
	st.mode = fs.FileMode(uint32(nums[1]))
	st.size, st.mtime = nums[2], nums[3]
	return st, f[4], true
}
