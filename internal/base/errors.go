package base

import (
	"errors"
	"fmt"
)

// ExitError ends the process with Code after whatever has already been
// printed; it prints nothing itself. Commands return it after reporting
// their errors on stderr (as go does with base.SetExitStatus + Exit).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Exit returns an *ExitError with the given code.
func Exit(code int) error { return &ExitError{Code: code} }

// UsageError reports a misuse of a command: main prints Msg (if any), then
// the command's usage line, and exits with status 2.
type UsageError struct {
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ErrUsage asks main to print the command's usage and exit 2 without a message.
var ErrUsage error = &UsageError{}

// ExitCode returns the process exit status for an error returned by a
// command's Run: 0 for nil, the code of an *ExitError, 2 for a usage
// error, and 1 otherwise.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
