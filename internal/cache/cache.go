// Package cache is the build cache kept in GOCACHE.
//
// The on-disk layout and entry format are those of the real go command, so
// gocmd and go can share one GOCACHE: 256 subdirectories "00".."ff" named by
// the first byte of an ID; for each action an index entry "<actionID>-a"
// holding one line
//
//	v1 <actionID hex> <outputID hex> <size, %20d> <unix nanoseconds, %20d>\n
//
// and for each output the file "<outputID>-d" holding its bytes (or, for an
// executable, a directory "<outputID>-d" holding one file with the
// executable's name). The output ID is the plain SHA-256 of the contents.
// Entries are written output first, index second, and every reader checks
// what it reads, so a torn or corrupted entry is a miss that the next Put
// repairs. Entries unused for five days are removed by Trim, which runs at
// most once a day and records its last run in "trim.txt".
//
// Cache is the interface the build uses; DiskCache implements it on a
// directory and ProgCache by talking to a GOCACHEPROG helper process.
package cache

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// HashSize is the size in bytes of action and output IDs.
const HashSize = 32

// An ActionID names a repeatable computation: the salted hash of a
// complete description of its inputs (command line, environment, input
// file contents, tool versions).
type ActionID [HashSize]byte

// An OutputID names an output: the SHA-256 of its contents.
type OutputID [HashSize]byte

// An Entry is what the cache records for an action.
type Entry struct {
	OutputID OutputID
	Size     int64
	Time     time.Time // when the entry was written
}

// Cache is a build cache. Implementations must be safe for concurrent use.
type Cache interface {
	// Get returns the entry recorded for id. A miss is reported with an
	// error for which IsNotFound is true. After a successful Get,
	// OutputFile(entry.OutputID) stays on disk until Close.
	Get(id ActionID) (Entry, error)

	// Put stores the contents of r as the output of id and returns its
	// output ID and size. It may read r more than once, seeking to the
	// start each time; the contents must not change meanwhile. After a
	// successful Put, OutputFile of the result stays on disk until Close.
	Put(id ActionID, r io.ReadSeeker) (OutputID, int64, error)

	// OutputFile returns the path of the file holding out. It is called
	// only after a Get or Put that returned out.
	OutputFile(out OutputID) string

	// FuzzDir returns the directory holding the fuzzing corpus cache.
	FuzzDir() string

	// Close ends the use of the cache (at the end of the process),
	// trimming old entries or reporting errors of background work.
	Close() error
}

// NotFoundError reports a cache miss, with an optional reason.
type NotFoundError struct {
	Err error
}

func (e *NotFoundError) Error() string {
	if e.Err == nil {
		return "cache entry not found"
	}
	return fmt.Sprintf("cache entry not found: %v", e.Err)
}

func (e *NotFoundError) Unwrap() error { return e.Err }

// IsNotFound reports whether err is (or wraps) a cache miss.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

func miss(reason error) (Entry, error) { return Entry{}, &NotFoundError{Err: reason} }

// noVerify marks a reader whose output is allowed to vary between runs
// (test output with timings, for example), so that verify mode does not
// compare it with an earlier entry.
type noVerify struct {
	io.ReadSeeker
}

// PutNoVerify is Put, but exempt from the checks of verify mode
// (GODEBUG=gocacheverify=1).
func PutNoVerify(c Cache, id ActionID, r io.ReadSeeker) (OutputID, int64, error) {
	return c.Put(id, noVerify{r})
}

// PutBytes stores data as the output of id.
func PutBytes(c Cache, id ActionID, data []byte) error {
	_, _, err := c.Put(id, bytes.NewReader(data))
	return err
}

// GetFile returns the path of the output recorded for id, after checking
// that the file exists with the recorded size.
func GetFile(c Cache, id ActionID) (string, Entry, error) {
	entry, err := c.Get(id)
	if err != nil {
		return "", Entry{}, err
	}
	file := c.OutputFile(entry.OutputID)
	info, err := os.Stat(file)
	if err != nil {
		return "", Entry{}, &NotFoundError{Err: err}
	}
	if info.Size() != entry.Size {
		return "", Entry{}, &NotFoundError{Err: errors.New("file incomplete")}
	}
	return file, entry, nil
}

// GetBytes returns the output recorded for id, after checking its hash.
// It is meant for small outputs that fit in memory.
func GetBytes(c Cache, id ActionID) ([]byte, Entry, error) {
	entry, err := c.Get(id)
	if err != nil {
		return nil, entry, err
	}
	data, _ := os.ReadFile(c.OutputFile(entry.OutputID))
	if sha256.Sum256(data) != entry.OutputID {
		return nil, entry, &NotFoundError{Err: errors.New("bad checksum")}
	}
	return data, entry, nil
}

// outputID returns the output ID and size of the contents of r, read from
// the start.
func outputID(r io.ReadSeeker) (OutputID, int64, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return OutputID{}, 0, err
	}
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return OutputID{}, 0, err
	}
	var out OutputID
	h.Sum(out[:0])
	return out, n, nil
}
