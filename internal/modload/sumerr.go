package modload

import "gocmd/internal/gover"

// malformedSums returns the error of a malformed go.sum when the
// command would consult go.sum: go reads it when it first verifies a
// module of the graph, and then stops at once with that error (printed
// without "go: "). Without requirements, or with -mod=vendor, go.sum
// is never read.
func (s *State) malformedSums() error {
	err := s.sums.Err()
	if err == nil || s.buildMod == "vendor" {
		return nil
	}
	for _, r := range s.roots {
		if !gover.IsToolchain(r.Path) && !s.isMain(r.Path) {
			return err
		}
	}
	return nil
}

// FatalError returns the error after which go would have stopped the
// command at once (a checksum mismatch with go.sum), or nil. Its text is
// printed without "go: ".
func (s *State) FatalError() error {
	return s.sums.Fatal()
}
