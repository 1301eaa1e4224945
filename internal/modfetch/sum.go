package modfetch

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/module"
)

// emptyGoModHash is the hash of an empty go.mod, which old go commands
// wrongly wrote to go.sum; such lines are ignored.
const emptyGoModHash = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY="

const goSumMismatch = `

SECURITY ERROR
This download does NOT match an earlier download recorded in go.sum.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.`

// Sums is the set of checksums recorded in the go.sum files of an
// invocation: the main module's go.sum, or in a workspace each module's
// go.sum and go.work.sum.
//
// The main file (go.sum, or go.work.sum in a workspace) is the last one.
// Hashes checked during the invocation that no file records are kept
// apart: Added returns them for the caller to write.
type Sums struct {
	files []sumFile
	err   error // the first malformed line, reported when sums are used

	mu    sync.Mutex
	added map[module.Version][]string
	fatal error // see Fatal
}

type sumFile struct {
	name string
	m    map[module.Version][]string
}

// LoadSums reads the named go.sum files; missing files are empty.
// Malformed content is reported by Err.
func LoadSums(files ...string) *Sums {
	return LoadSumsFrom(os.ReadFile, files...)
}

// LoadSumsFrom is LoadSums reading the files with read (an overlay view
// of the file system).
func LoadSumsFrom(read func(string) ([]byte, error), files ...string) *Sums {
	s := &Sums{}
	for _, name := range files {
		f := sumFile{name: name, m: map[module.Version][]string{}}
		data, err := read(name)
		if err != nil && !os.IsNotExist(err) && s.err == nil {
			s.err = err
		}
		if err := parseGoSum(f.m, name, data); err != nil && s.err == nil {
			s.err = err
		}
		s.files = append(s.files, f)
	}
	return s
}

// ParseGoSum parses go.sum content, returning the hashes by module
// version ("/go.mod" suffixed for go.mod hashes).
func ParseGoSum(name string, data []byte) (map[module.Version][]string, error) {
	m := map[module.Version][]string{}
	err := parseGoSum(m, name, data)
	return m, err
}

// parseGoSum adds the hashes of data to dst. A malformed line is
// skipped (go mod tidy goes on without it, to repair the file); the
// error reports the first one.
func parseGoSum(dst map[module.Version][]string, name string, data []byte) error {
	var first error
	lineno := 0
	for len(data) > 0 {
		var line []byte
		lineno++
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		f := strings.Fields(string(line))
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			if first == nil {
				first = &MalformedSumError{File: name, Line: lineno, Fields: len(f)}
			}
			continue
		}
		if f[2] == emptyGoModHash {
			continue
		}
		mod := module.Version{Path: f[0], Version: f[1]}
		dst[mod] = append(dst[mod], f[2])
	}
	return first
}

// MalformedSumError is a go.sum line without three fields. go stops
// with its text as is, without the "go: " prefix.
type MalformedSumError struct {
	File         string
	Line, Fields int
}

func (e *MalformedSumError) Error() string {
	return fmt.Sprintf("malformed go.sum:\n%s:%d: wrong number of fields %v", e.File, e.Line, e.Fields)
}

// NoPrefix says the message is printed without "go: ".
func (e *MalformedSumError) NoPrefix() {}

// IgnoreMalformed forgets a malformed line reported by Err: go mod tidy
// rewrites go.sum without such lines.
func (s *Sums) IgnoreMalformed() {
	if _, ok := s.Err().(*MalformedSumError); ok {
		s.err = nil
	}
}

// Err reports a malformed go.sum file.
func (s *Sums) Err() error {
	if s == nil {
		return nil
	}
	return s.err
}

// Have reports whether some go.sum records an h1: hash for mod (whose
// version has a "/go.mod" suffix for go.mod hashes).
func (s *Sums) Have(mod module.Version) bool {
	if s == nil {
		return false
	}
	for _, f := range s.files {
		for _, h := range f.m[mod] {
			if strings.HasPrefix(h, "h1:") {
				return true
			}
		}
	}
	return false
}

// Recorded returns the single h1: hash recorded for mod, or false if
// there is none or the files disagree.
func (s *Sums) Recorded(mod module.Version) (string, bool) {
	if s == nil {
		return "", false
	}
	found := ""
	for _, f := range s.files {
		for _, h := range f.m[mod] {
			if !strings.HasPrefix(h, "h1:") {
				continue
			}
			if found != "" && found != h {
				return "", false
			}
			found = h
		}
	}
	return found, found != ""
}

// Check verifies that hash matches what go.sum records for mod, if
// anything.
func (s *Sums) Check(mod module.Version, hash string) error {
	_, err := s.lookup(mod, hash)
	return err
}

// lookup reports whether some file records hash for mod, or an error
// if one records another h1: hash. The main file is consulted first.
func (s *Sums) lookup(mod module.Version, hash string) (bool, error) {
	if s == nil || len(s.files) == 0 {
		return false, nil
	}
	main := len(s.files) - 1
	name := "go.sum"
	if strings.HasSuffix(s.files[main].name, "go.work.sum") {
		name = "go.work.sum"
	}
	for _, h := range s.files[main].m[mod] {
		if h == hash {
			return true, nil
		}
		if strings.HasPrefix(h, "h1:") {
			err := mismatchError(mod, hash, name, h)
			s.setFatal(&FatalSumError{err})
			return false, err
		}
	}
	found := false
	for _, f := range s.files[:main] {
		for _, h := range f.m[mod] {
			if h == hash {
				found = true
			} else if strings.HasPrefix(h, "h1:") {
				// go stops at once when a workspace module's go.sum
				// disagrees.
				err := &FatalSumError{mismatchError(mod, hash, f.name, h)}
				s.setFatal(err)
				return false, err
			}
		}
	}
	return found, nil
}

// FatalSumError is a checksum error after which go stops at once,
// printing its text without "go: ".
type FatalSumError struct{ Err error }

func (e *FatalSumError) Error() string { return e.Err.Error() }
func (e *FatalSumError) Unwrap() error { return e.Err }

// NoPrefix says the message is printed without "go: ".
func (e *FatalSumError) NoPrefix() {}

// setFatal records err as the error go would have stopped at, unless
// one came first.
func (s *Sums) setFatal(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fatal == nil {
		s.fatal = err
	}
}

// Fatal returns the first error after which go would have stopped at
// once (any checksum mismatch with go.sum, go.work.sum or a workspace
// module's go.sum), or nil.
func (s *Sums) Fatal() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fatal
}

func mismatchError(mod module.Version, hash, file, recorded string) error {
	return &GoSumMismatchError{fmt.Sprintf("verifying %s@%s: checksum mismatch\n\tdownloaded: %v\n\t%s:     %v"+goSumMismatch, mod.Path, mod.Version, hash, file, recorded)}
}

// GoSumMismatchError is a download whose hash differs from the one a
// go.sum file records. go stops at once on it, printing its text alone
// (no "go: " prefix, no module).
type GoSumMismatchError struct{ msg string }

func (e *GoSumMismatchError) Error() string { return e.msg }

// add records a verified hash that no go.sum file holds yet. Without a
// main go.sum (outside any module) nothing is recorded.
func (s *Sums) add(mod module.Version, hash string) {
	if s == nil || len(s.files) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.added == nil {
		s.added = map[module.Version][]string{}
	}
	for _, h := range s.added[mod] {
		if h == hash {
			return
		}
	}
	s.added[mod] = append(s.added[mod], hash)
}

// Added returns the go.sum lines ("path version hash") for the hashes
// verified during this invocation that no go.sum file records, sorted
// as go.sum is. Writing them is the caller's business.
func (s *Sums) Added() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	mods := make([]module.Version, 0, len(s.added))
	for m := range s.added {
		mods = append(mods, m)
	}
	module.Sort(mods)
	var lines []string
	for _, m := range mods {
		hs := append([]string(nil), s.added[m]...)
		sort.Strings(hs)
		for _, h := range hs {
			lines = append(lines, m.Path+" "+m.Version+" "+h)
		}
	}
	return lines
}

// AddedSum returns the hash verified during this invocation for mod
// (version suffixed "/go.mod" for go.mod hashes), if any.
func (s *Sums) AddedSum(mod module.Version) (string, bool) {
	if s == nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if hs := s.added[mod]; len(hs) > 0 {
		return hs[0], true
	}
	return "", false
}

// HasAdded reports whether any hash was added since the files were read:
// without one, go.sum can change only by trimming.
func (s *Sums) HasAdded() bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.added) > 0
}
