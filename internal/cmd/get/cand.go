package get

import (
	"errors"
	"io/fs"

	"golang.org/x/mod/module"

	"gocmd/internal/modfetch"
)

// mostHelpfulErr picks, as go does, the error to report when no
// candidate module of a package query exists (errs holds the
// candidates' errors, longest module path first): by class (no matching
// version, invalid path, invalid version, not found), longest module
// path first within a class.
func mostHelpfulErr(errs []error) error {
	var nm *modfetch.NoMatchingVersionError
	for _, err := range errs {
		if errors.As(err, &nm) {
			return nm
		}
	}
	var np *modfetch.NoPatchBaseError
	for _, err := range errs {
		if errors.As(err, &np) {
			return err
		}
	}
	var ip *module.InvalidPathError
	for _, err := range errs {
		if errors.As(err, &ip) {
			return ip
		}
	}
	var iv *module.InvalidVersionError
	for _, err := range errs {
		if errors.As(err, &iv) && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return errs[0]
}
