//go:build unix

package cache

import (
	"errors"
	"syscall"
)

// isETXTBSY reports whether err says a file is being executed.
func isETXTBSY(err error) bool { return errors.Is(err, syscall.ETXTBSY) }
