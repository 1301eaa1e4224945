package modload

import (
	"errors"

	"gocmd/internal/gover"
)

// maxTooNew returns the error of the package (among errs, in order)
// needing the newest Go, and its index; nil if no error needs a newer
// Go. Of equal requirements the first wins.
func maxTooNew(errs []error) (*gover.TooNewError, int) {
	var max *gover.TooNewError
	at := -1
	for i, err := range errs {
		var tn *gover.TooNewError
		if err == nil || !errors.As(err, &tn) {
			continue
		}
		if max == nil || gover.Compare(tn.GoVersion, max.GoVersion) > 0 {
			max, at = tn, i
		}
	}
	return max, at
}

// pkgsTooNew is maxTooNew of the errors of pkgs.
func pkgsTooNew(pkgs []*PkgNode) *gover.TooNewError {
	errs := make([]error, len(pkgs))
	for i, n := range pkgs {
		errs[i] = n.Err
	}
	tn, _ := maxTooNew(errs)
	return tn
}

// linesError is errors reported as lines of text that may wrap some
// of the errors behind them (such as a *gover.TooNewError), for the
// command to find.
type linesError struct {
	text string
	errs []error
}

func (e *linesError) Error() string   { return e.text }
func (e *linesError) Unwrap() []error { return e.errs }
