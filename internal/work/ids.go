package work

import (
	"crypto/sha256"
	"hash"
	"io"
	"os"
	"strings"
	"sync"

	"gocmd/internal/buildid"
)

// hashSalt is mixed into every action hash: the toolchain version v
// (GOVERSION), without any GOEXPERIMENT suffix, as go salts its own
// hashes with its version, so that gocmd and the go command of the same
// toolchain name actions alike.
func hashSalt(v string) string {
	if i := strings.Index(v, " X:"); i >= 0 {
		v = v[:i]
	}
	if i := strings.Index(v, "-X:"); i >= 0 {
		v = v[:i]
	}
	return v
}

// actionHash accumulates the description of an action.
type actionHash struct {
	h     hash.Hash
	name  string
	trace io.Writer
}

func (b *Builder) newHash(name string) *actionHash {
	h := &actionHash{h: sha256.New(), name: name, trace: b.hashTrace}
	if h.trace != nil {
		io.WriteString(h.trace, "HASH["+name+"]\n")
	}
	h.h.Write([]byte(b.salt))
	return h
}

func (h *actionHash) Write(p []byte) (int, error) {
	if h.trace != nil {
		io.WriteString(h.trace, "HASH["+h.name+"]: "+quoteBytes(p)+"\n")
	}
	return h.h.Write(p)
}

func quoteBytes(p []byte) string {
	return strings.TrimSpace(strings.ReplaceAll(string(p), "\n", `\n`))
}

func (h *actionHash) Sum() [32]byte {
	var out [32]byte
	h.h.Sum(out[:0])
	return out
}

// fileHashes memoizes the SHA-256 of files.
type fileHashes struct {
	mu sync.Mutex
	m  map[string][32]byte
}

func (fh *fileHashes) hash(name string) ([32]byte, error) {
	fh.mu.Lock()
	sum, ok := fh.m[name]
	fh.mu.Unlock()
	if ok {
		return sum, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return sum, err
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	fh.mu.Lock()
	if fh.m == nil {
		fh.m = map[string][32]byte{}
	}
	fh.m[name] = sum
	fh.mu.Unlock()
	return sum, nil
}

// fileHash returns the hash of a file as build IDs encode it, or "" if
// it cannot be read.
func (b *Builder) fileHash(name string) string {
	sum, err := b.files.hash(name)
	if err != nil {
		return ""
	}
	return buildid.HashToString(sum)
}
