package modfetch

import (
	"bytes"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/mod/module"

	"gocmd/internal/lockedfile"
)

// ErrGoSumDirty is go's error when go.sum would change under -mod=readonly.
var ErrGoSumDirty = errors.New("updates to go.sum needed, disabled by -mod=readonly")

// SumWriteOptions say which lines the main go.sum keeps when written.
type SumWriteOptions struct {
	// Keep reports whether the hashes of a module version (suffixed
	// "/go.mod" for go.mod hashes) are needed. Added hashes are written
	// only for kept versions.
	Keep func(module.Version) bool
	// Trim drops the lines already in the file whose version is not
	// kept (go mod tidy).
	Trim bool
	// Readonly makes a needed change an error (ErrGoSumDirty).
	Readonly bool
}

// mainFile is the file written: go.sum, or go.work.sum in a workspace.
func (s *Sums) mainFile() *sumFile {
	if s == nil || len(s.files) == 0 {
		return nil
	}
	return &s.files[len(s.files)-1]
}

// inOtherFiles reports whether a workspace module's go.sum (a file other
// than the main one) records mod: go.work.sum does not repeat it.
func (s *Sums) inOtherFiles(mod module.Version) bool {
	for _, f := range s.files[:len(s.files)-1] {
		if _, ok := f.m[mod]; ok {
			return true
		}
	}
	return false
}

// Dirty reports whether writing with opts would change the main go.sum.
func (s *Sums) Dirty(opts SumWriteOptions) bool {
	main := s.mainFile()
	if main == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for m := range s.added {
		if opts.Keep(m) && !s.inOtherFiles(m) {
			return true
		}
	}
	if opts.Trim {
		for m := range main.m {
			if !opts.Keep(m) {
				return true
			}
		}
		// As in go, a hash added by this command and then trimmed away
		// still rewrites the file (creating an empty go.sum).
		for m := range s.added {
			if !opts.Keep(m) && !s.inOtherFiles(m) {
				return true
			}
		}
	}
	return false
}

// Write updates the main go.sum file under its lock when it needs to
// change: the lines of the file as it is now, plus the added hashes of
// kept versions, less (with Trim) the lines of versions not kept.
func (s *Sums) Write(opts SumWriteOptions) error {
	if !s.Dirty(opts) {
		return nil
	}
	if opts.Readonly {
		return ErrGoSumDirty
	}
	main := s.mainFile()
	err := lockedfile.Transform(main.name, func(data []byte) ([]byte, error) {
		return s.Format(data, opts), nil
	})
	if err != nil {
		return fmt.Errorf("updating go.sum: %w", err)
	}
	// What was written is now the file's content.
	now, _ := lockedfile.Read(main.name)
	m, _ := ParseGoSum(main.name, now)
	s.mu.Lock()
	main.m = m
	s.added = nil
	s.mu.Unlock()
	return nil
}

// Format returns the content the main go.sum would have after a write
// with opts, starting from its current content data.
func (s *Sums) Format(data []byte, opts SumWriteOptions) []byte {
	type line struct {
		hash string
		keep bool
	}
	cur := map[module.Version][]string{}
	name := ""
	if main := s.mainFile(); main != nil {
		name = main.name
	}
	parseGoSum(cur, name, data)
	lines := map[module.Version][]line{}
	for m, hs := range cur {
		keep := !opts.Trim || opts.Keep(m)
		for _, h := range hs {
			lines[m] = append(lines[m], line{h, keep})
		}
	}
	s.mu.Lock()
	for m, hs := range s.added {
		if s.inOtherFiles(m) {
			continue
		}
		for _, h := range hs {
			lines[m] = append(lines[m], line{h, opts.Keep(m)})
		}
	}
	s.mu.Unlock()
	mods := make([]module.Version, 0, len(lines))
	for m := range lines {
		mods = append(mods, m)
	}
	module.Sort(mods)
	var buf bytes.Buffer
	for _, m := range mods {
		var hs []string
		for _, l := range lines[m] {
			if l.keep {
				hs = append(hs, l.hash)
			}
		}
		sort.Strings(hs)
		for i, h := range hs {
			if i > 0 && hs[i-1] == h {
				continue
			}
			fmt.Fprintf(&buf, "%s %s %s\n", m.Path, m.Version, h)
		}
	}
	return buf.Bytes()
}

// MainFile returns the name of the go.sum file written ("" if none).
func (s *Sums) MainFile() string {
	if main := s.mainFile(); main != nil {
		return main.name
	}
	return ""
}

// TidyBytes returns the main go.sum as it is and as a write trimming it
// to keep would leave it (go mod tidy -diff).
func (s *Sums) TidyBytes(keep map[module.Version]bool) (before, after []byte) {
	main := s.mainFile()
	if main == nil {
		return nil, nil
	}
	before, _ = lockedfile.Read(main.name)
	after = s.Format(before, SumWriteOptions{Keep: func(m module.Version) bool { return keep[m] }, Trim: true})
	return before, after
}
