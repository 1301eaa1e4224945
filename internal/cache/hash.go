package cache

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Salt returns the salt go mixes into every action hash for the toolchain
// version v (a runtime.Version string): v without any GOEXPERIMENT suffix
// (" X:..." or "-X:..."). Different versions thus never share action
// entries, while output files, named by unsalted hashes, are still shared.
func Salt(v string) string {
	if i := strings.Index(v, " X:"); i >= 0 {
		return v[:i]
	}
	if i := strings.Index(v, "-X:"); i >= 0 {
		return v[:i]
	}
	return v
}

// DefaultSalt is Salt of the version of the running program.
func DefaultSalt() string { return Salt(runtime.Version()) }

// HasherConfig configures a Hasher.
type HasherConfig struct {
	// Salt is mixed into every hash made by NewHash; "" means DefaultSalt.
	// To share action entries with a go command, use Salt of its version.
	Salt string

	// Trace, if not nil, receives go's "HASH ..." lines describing every
	// hash input (GODEBUG=gocachehash=1).
	Trace io.Writer

	// Record keeps the input of every hash, for Describe
	// (go does this under GODEBUG=gocacheverify=1).
	Record bool

	// FileHashStore, if not "", is a file (normally FileHashStoreName in
	// GOCACHE) remembering file hashes between commands by path and stat
	// fields, so that unchanged files need not be read again. Save
	// writes it back.
	FileHashStore string

	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// A Hasher makes the salted hashes that name actions and memoizes file
// hashes. One Hasher serves a whole go command; it is safe for concurrent
// use.
type Hasher struct {
	salt   []byte
	trace  io.Writer
	record bool

	mu     sync.Mutex
	inputs map[[HashSize]byte]string // with record: hash -> its input
	files  map[string][HashSize]byte // FileHash results
	store  *fileHashStore            // or nil
}

// NewHasher returns a Hasher configured by cfg.
func NewHasher(cfg HasherConfig) *Hasher {
	salt := cfg.Salt
	if salt == "" {
		salt = DefaultSalt()
	}
	hr := &Hasher{salt: []byte(salt), trace: cfg.Trace, record: cfg.Record}
	if cfg.FileHashStore != "" {
		now := cfg.Now
		if now == nil {
			now = time.Now
		}
		hr.store = &fileHashStore{path: cfg.FileHashStore, now: now}
	}
	return hr
}

// Save writes the file hashes learned by this Hasher to its
// FileHashStore, if it has one and they are new.
func (hr *Hasher) Save() error {
	if hr.store == nil {
		return nil
	}
	return hr.store.save()
}

// A Hash computes one salted ID. Write the description of an action to it,
// then call Sum.
type Hash struct {
	h     hash.Hash
	name  string
	owner *Hasher       // nil for NewHash
	buf   *bytes.Buffer // input, when recording
}

// NewHash returns a Hash salted with DefaultSalt, without tracing.
func NewHash(name string) *Hash {
	h := &Hash{h: sha256.New(), name: name}
	h.h.Write([]byte(DefaultSalt()))
	return h
}

// NewHash returns a new Hash for the named purpose (the name appears only
// in traces).
func (hr *Hasher) NewHash(name string) *Hash {
	h := &Hash{h: sha256.New(), name: name, owner: hr}
	hr.tracef("HASH[%s]\n", name)
	h.Write(hr.salt) // traced like any input, but not recorded (as go does)
	if hr.record {
		h.buf = new(bytes.Buffer)
	}
	return h
}

// Write adds b to the hash. It never fails.
func (h *Hash) Write(b []byte) (int, error) {
	if h.owner != nil {
		h.owner.tracef("HASH[%s]: %q\n", h.name, b)
	}
	if h.buf != nil {
		h.buf.Write(b)
	}
	return h.h.Write(b)
}

// Sum returns the hash of everything written so far.
func (h *Hash) Sum() [HashSize]byte {
	var out [HashSize]byte
	h.h.Sum(out[:0])
	if hr := h.owner; hr != nil {
		hr.tracef("HASH[%s]: %x\n", h.name, out)
		if h.buf != nil {
			hr.remember(out, h.buf.String())
		}
	}
	return out
}

// Subkey derives an action ID from a parent ID and a description of the
// sub-action. Subkeys are not salted (the parent already is).
func (hr *Hasher) Subkey(parent ActionID, desc string) ActionID {
	out := Subkey(parent, desc)
	hr.tracef("HASH subkey %x %q = %x\n", parent, desc, out)
	if hr.record {
		hr.remember(out, fmt.Sprintf("subkey %x %q", parent, desc))
	}
	return out
}

// Subkey derives an action ID from a parent ID and a description.
func Subkey(parent ActionID, desc string) ActionID {
	h := sha256.New()
	h.Write([]byte("subkey:"))
	h.Write(parent[:])
	h.Write([]byte(desc))
	var out ActionID
	h.Sum(out[:0])
	return out
}

// Describe returns the recorded input of the hash id, or "" if unknown.
func (hr *Hasher) Describe(id [HashSize]byte) string {
	hr.mu.Lock()
	defer hr.mu.Unlock()
	return hr.inputs[id]
}

func (hr *Hasher) remember(id [HashSize]byte, input string) {
	hr.mu.Lock()
	if hr.inputs == nil {
		hr.inputs = make(map[[HashSize]byte]string)
	}
	hr.inputs[id] = input
	hr.mu.Unlock()
}

func (hr *Hasher) tracef(format string, args ...any) {
	if hr.trace != nil {
		fmt.Fprintf(hr.trace, format, args...)
	}
}

// FileHash returns the (unsalted) SHA-256 of the named file's contents,
// remembering it for later calls and honouring SetFileHash.
func (hr *Hasher) FileHash(file string) ([HashSize]byte, error) {
	hr.mu.Lock()
	out, ok := hr.files[file]
	hr.mu.Unlock()
	if ok {
		return out, nil
	}
	if hr.store != nil {
		if fi, err := os.Stat(file); err == nil {
			if st, ok := statOf(fi); ok {
				if out, ok := hr.store.lookup(file, st); ok {
					hr.tracef("HASH %s: %x\n", file, out)
					hr.SetFileHash(file, out)
					return out, nil
				}
			}
		}
	}
	f, err := os.Open(file)
	if err != nil {
		hr.tracef("HASH %s: %v\n", file, err)
		return out, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err = io.Copy(h, f); err != nil {
		hr.tracef("HASH %s: %v\n", file, err)
		return out, err
	}
	h.Sum(out[:0])
	hr.tracef("HASH %s: %x\n", file, out)
	hr.SetFileHash(file, out)
	if hr.store != nil {
		// The stat of the open file: what was read is what it names,
		// even if the path has been replaced since.
		if fi, err := f.Stat(); err == nil {
			if st, ok := statOf(fi); ok {
				hr.store.add(file, st, out)
			}
		}
	}
	return out, nil
}

// SetFileHash records sum as the hash of file, for FileHash.
func (hr *Hasher) SetFileHash(file string, sum [HashSize]byte) {
	hr.mu.Lock()
	if hr.files == nil {
		hr.files = make(map[string][HashSize]byte)
	}
	hr.files[file] = sum
	hr.mu.Unlock()
}

// Debug holds the cache settings of GODEBUG.
type Debug struct {
	Verify bool // gocacheverify=1: never hit, check that rebuilt outputs match
	Hash   bool // gocachehash=1: print every hash input
	Test   bool // gocachetest=1: explain test-cache decisions
}

// ParseDebug extracts the cache settings from a GODEBUG value
// ("k=v,k2=v2"; a later setting of a key overrides an earlier one).
func ParseDebug(godebug string) Debug {
	var d Debug
	for _, kv := range strings.Split(godebug, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		v, _, _ = strings.Cut(v, "#") // drop a bisect pattern
		switch k {
		case "gocacheverify":
			d.Verify = v == "1"
		case "gocachehash":
			d.Hash = v == "1"
		case "gocachetest":
			d.Test = v == "1"
		}
	}
	return d
}
