//go:build !unix

package telemetry

import "errors"

// addToFile is not implemented where shared memory mapping through the
// syscall package is unavailable; counting is silently skipped there.
func addToFile(file string, hdr []byte, names []string, counts map[string]uint64) error {
	return errors.ErrUnsupported
}
