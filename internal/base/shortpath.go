package base

import (
	"os"
	"path/filepath"
)

// ShortPath returns path relative to dir (the working directory) when
// that is shorter and names the same file, as the go command prints
// file names in messages; otherwise path itself. Two names of files
// that do not exist count as the same file.
func ShortPath(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil || len(rel) >= len(path) {
		return path
	}
	abs := path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(dir, abs)
	}
	fi1, err1 := os.Stat(filepath.Join(dir, rel))
	fi2, err2 := os.Stat(abs)
	if err1 != nil || err2 != nil {
		if os.IsNotExist(err1) && os.IsNotExist(err2) {
			return rel
		}
		return path
	}
	if os.SameFile(fi1, fi2) {
		return rel
	}
	return path
}
