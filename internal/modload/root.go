package modload

import (
	"io/fs"
	"os"
	"path/filepath"
)

// FindModuleRoot returns the directory at or above dir that holds a
// go.mod file, or "" if there is none. It stops at the file system root.
func FindModuleRoot(dir string) string {
	return findAbove(dir, "go.mod", os.Stat)
}

// FindModuleRoot is the function FindModuleRoot seen through the
// -overlay.
func (s *State) FindModuleRoot(dir string) string {
	return s.findModuleRoot(dir)
}

func (s *State) findModuleRoot(dir string) string {
	return findAbove(dir, "go.mod", s.fs.Stat)
}

// FindGoWork returns the go.work file at or above dir, or "" if there is
// none.
func FindGoWork(dir string) string {
	d := findAbove(dir, "go.work", os.Stat)
	if d == "" {
		return ""
	}
	return filepath.Join(d, "go.work")
}

func findAbove(dir, name string, stat func(string) (fs.FileInfo, error)) string {
	if dir == "" {
		return ""
	}
	dir = filepath.Clean(dir)
	for {
		if fi, err := stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
