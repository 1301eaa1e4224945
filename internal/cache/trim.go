package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gocmd/internal/lockedfile"
)

// Trimming policy, the same as go's. A hit refreshes the mtime of the
// files it uses, but only when the mtime is mtimeInterval old or older, so
// mtimes lag the last use by up to that much. Trim scans the cache at most
// once per trimInterval and removes entries whose mtime is older than
// trimLimit plus that lag.
const (
	mtimeInterval = time.Hour
	trimInterval  = 24 * time.Hour
	trimLimit     = 5 * 24 * time.Hour
)

// TrimFile is the name, in the cache directory, of the file holding the
// Unix time (in seconds) of the last trim.
const TrimFile = "trim.txt"

// Trim removes entries unused for more than five days, unless trim.txt
// says the cache was trimmed less than a day ago. The new time is written
// to trim.txt before scanning, so that concurrent commands do not all
// trim at once. A trim.txt that does not parse, or lies more than an hour
// in the future, does not prevent trimming.
func (c *DiskCache) Trim() error {
	now := c.now()
	trimFile := filepath.Join(c.dir, TrimFile)
	recent := func(data []byte) bool {
		t, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		if err != nil {
			return false
		}
		d := now.Sub(time.Unix(t, 0))
		return d < trimInterval && d > -mtimeInterval
	}
	// Check without the exclusive lock first: skipping is the common case.
	if data, err := lockedfile.Read(trimFile); err == nil && recent(data) {
		return nil
	}
	errRecent := errors.New("trimmed recently")
	err := lockedfile.Transform(trimFile, func(data []byte) ([]byte, error) {
		if recent(data) {
			return nil, errRecent // another command trimmed meanwhile
		}
		return strconv.AppendInt(nil, now.Unix(), 10), nil
	})
	if errors.Is(err, errRecent) {
		return nil
	}
	if errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	// Other errors writing trim.txt do not prevent trimming.
	cutoff := now.Add(-trimLimit - mtimeInterval)
	for i := range 256 {
		c.trimSubdir(filepath.Join(c.dir, fmt.Sprintf("%02x", i)), cutoff)
	}
	return nil
}

// trimSubdir removes the entries of subdir last used before cutoff. It
// lists the directory completely before removing anything, and ignores
// errors: trimming is best effort.
func (c *DiskCache) trimSubdir(subdir string, cutoff time.Time) {
	f, err := os.Open(subdir)
	if err != nil {
		return
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	for _, name := range names {
		if !strings.HasSuffix(name, "-a") && !strings.HasSuffix(name, "-d") {
			continue
		}
		file := filepath.Join(subdir, name)
		info, err := os.Stat(file)
		if err != nil || !info.ModTime().Before(cutoff) {
			continue
		}
		if info.IsDir() {
			os.RemoveAll(file) // an executable's entry
		} else {
			os.Remove(file)
		}
	}
}
