package modfetch

import (
	"errors"
	"io/fs"

	"golang.org/x/mod/module"
)

// FIPSModule is the module path of the FIPS 140 snapshots shipped as
// zips in GOROOT/lib/fips140.
const FIPSModule = "golang.org/fips140"

// UnzipLocal returns the directory of m in the module cache, extracting
// it from zipFile, a module zip on the local disk, if it is not there
// yet. Nothing is downloaded or checked against go.sum.
func (c *Cache) UnzipLocal(m module.Version, zipFile string) (string, error) {
	if err := c.checkCacheDir(); err != nil {
		return "", err
	}
	dir, err := c.DownloadDir(m)
	if err == nil {
		return dir, nil
	}
	if dir == "" || !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	return c.unzip(m, zipFile)
}
