package get

import (
	"errors"
	"io/fs"

	"golang.org/x/mod/module"

	"gocmd/internal/modfetch"
)

// cand is a candidate module of a package query and what querying it
// gave.
type cand struct {
	m   module.Version
	err error
	has bool
}

// mostHelpfulErr picks, as go does, the error to report when no
// candidate module of a package query exists: by class (no matching
// version, invalid path, invalid version, not found), longest module
// path first within a class.
func mostHelpfulErr(cands []cand) error {
	var nm *modfetch.NoMatchingVersionError
	for _, c := range cands {
		if errors.As(c.err, &nm) {
			return nm
		}
	}
	var ip *module.InvalidPathError
	for _, c := range cands {
		if errors.As(c.err, &ip) {
			return ip
		}
	}
	var iv *module.InvalidVersionError
	for _, c := range cands {
		if errors.As(c.err, &iv) && !errors.Is(c.err, fs.ErrNotExist) {
			return c.err
		}
	}
	return cands[0].err
}
