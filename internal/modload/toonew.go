package modload

import (
	"errors"
	"strings"

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

// linesError is errors reported as lines of text, behind which may be
// an error (such as a *gover.TooNewError) for the command to find.
type linesError struct {
	text string
	err  error
}

// newLinesError returns the error of lines, wrapping of errs the one
// needing the newest Go (of equal ones, the first by What), as go's
// toolchain switch would choose.
func newLinesError(lines []string, errs []error) error {
	var max *gover.TooNewError
	for _, err := range errs {
		var tn *gover.TooNewError
		if !errors.As(err, &tn) {
			continue
		}
		if max == nil || gover.Compare(tn.GoVersion, max.GoVersion) > 0 ||
			gover.Compare(tn.GoVersion, max.GoVersion) == 0 && tn.What < max.What {
			max = tn
		}
	}
	e := &linesError{text: strings.Join(lines, "\n")}
	if max != nil {
		e.err = max
	}
	return e
}

func (e *linesError) Error() string { return e.text }
func (e *linesError) Unwrap() error { return e.err }
