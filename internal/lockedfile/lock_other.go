//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package lockedfile

import (
	"errors"
	"os"
)

// On systems without flock(2) in package syscall, locking is reported as
// unsupported; callers such as cache trimming then skip their locked work.
func lock(f *os.File, exclusive bool) error { return errors.ErrUnsupported }

func unlock(f *os.File) error { return nil }
