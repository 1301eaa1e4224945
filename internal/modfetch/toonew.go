package modfetch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
)

// checkGoVersion reports a *gover.TooNewError when the go.mod of the
// module extracted in dir asks for a Go newer than the running one, as
// go does after every download.
func (c *Cache) checkGoVersion(m module.Version, dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	v := gover.GoModKey(data, "go")
	if c.GoVersion == "" || gover.Compare(v, c.GoVersion) <= 0 {
		return nil
	}
	explain := ""
	if c.TooNewExplain != nil {
		explain = c.TooNewExplain()
	}
	return &gover.TooNewError{What: m.String(), GoVersion: v, Local: c.GoVersion, Explain: explain}
}
