// Package fsys gives overlay-aware file system reads: with -overlay, a
// JSON file maps source paths to replacement files (or to "" to delete
// them), and every read of package sources must see the replaced tree.
// A nil *FS reads the operating system's file system unchanged.
package fsys

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// FS is a view of the file system with an overlay applied.
type FS struct {
	// replace maps absolute cleaned paths to their replacement ("" for
	// a deleted file).
	replace map[string]string
	// dirs holds every directory that contains an overlaid path (at any
	// depth), mapped to the names of its overlaid direct children.
	dirs map[string]map[string]bool
	// trace, if set, records each operation (GODEBUG=gofsystrace=1).
	trace *Tracer
	// observe, if set, is told the name of each operation.
	observe func(name string)
}

// LoadOverlay reads the overlay file named by overlayFile (relative
// paths are taken relative to cwd). An empty name returns a nil FS.
func LoadOverlay(overlayFile, cwd string) (*FS, error) {
	if overlayFile == "" {
		return nil, nil
	}
	data, err := os.ReadFile(abs(cwd, overlayFile))
	if err != nil {
		// Name the file as given, as go does.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = overlayFile
		}
		return nil, fmt.Errorf("reading overlay: %v", err)
	}
	return ParseOverlay(data, cwd)
}

// ParseOverlay builds an FS from overlay JSON.
func ParseOverlay(data []byte, cwd string) (*FS, error) {
	var js struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &js); err != nil {
		return nil, fmt.Errorf("parsing overlay JSON: %v", err)
	}
	f := &FS{replace: map[string]string{}, dirs: map[string]map[string]bool{}}
	keys := make([]string, 0, len(js.Replace))
	for k := range js.Replace {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	seen := map[string]string{}
	for _, from := range keys {
		if from == "" {
			return nil, fmt.Errorf("empty string key in overlay map")
		}
		a := abs(cwd, from)
		if old, ok := seen[a]; ok {
			return nil, fmt.Errorf("duplicate paths %s and %s in overlay map", old, from)
		}
		seen[a] = from
		to := js.Replace[from]
		if to != "" {
			to = abs(cwd, to)
		}
		f.replace[a] = to
	}
	for a := range f.replace {
		child := a
		for dir := filepath.Dir(a); ; dir = filepath.Dir(dir) {
			if _, ok := f.replace[dir]; ok {
				return nil, fmt.Errorf("inconsistent files %s and %s in overlay map", seen[dir], seen[a])
			}
			m := f.dirs[dir]
			if m == nil {
				m = map[string]bool{}
				f.dirs[dir] = m
			}
			m[filepath.Base(child)] = true
			if dir == filepath.Dir(dir) {
				break
			}
			child = dir
		}
	}
	return f, nil
}

func abs(cwd, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cwd, p)
}

func (f *FS) lookup(name string) (string, bool) {
	if f == nil {
		return "", false
	}
	r, ok := f.replace[filepath.Clean(name)]
	return r, ok
}

// Actual returns the path whose contents stand for name.
func (f *FS) Actual(name string) string {
	if r, ok := f.lookup(name); ok && r != "" {
		return r
	}
	return name
}

// Replaced reports whether name is replaced or deleted by the overlay.
func (f *FS) Replaced(name string) bool {
	_, ok := f.lookup(name)
	return ok
}

// Open opens name for reading.
func (f *FS) Open(name string) (io.ReadCloser, error) {
	f.tr("Open", name)
	if r, ok := f.lookup(name); ok {
		if r == "" {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return os.Open(r)
	}
	return os.Open(name)
}

// ReadFile reads the whole file name.
func (f *FS) ReadFile(name string) ([]byte, error) {
	f.tr("Open", name)
	if r, ok := f.lookup(name); ok {
		if r == "" {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return os.ReadFile(r)
	}
	return os.ReadFile(name)
}

// Stat returns file information for name, following symbolic links.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	f.tr("Stat", name)
	return f.stat(name, os.Stat)
}

// Lstat is Stat without following a final symbolic link.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	f.tr("Lstat", name)
	return f.stat(name, os.Lstat)
}

func (f *FS) stat(name string, osStat func(string) (fs.FileInfo, error)) (fs.FileInfo, error) {
	if f == nil {
		return osStat(name)
	}
	clean := filepath.Clean(name)
	if r, ok := f.replace[clean]; ok {
		if r == "" {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
		}
		fi, err := os.Stat(r)
		if err != nil {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
		}
		if fi.IsDir() {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: errors.New("overlay maps to directory")}
		}
		return renamed{fi, filepath.Base(clean)}, nil
	}
	if _, ok := f.dirs[clean]; ok {
		if fi, err := osStat(name); err == nil && fi.IsDir() {
			return fi, nil
		}
		return fakeDir(filepath.Base(clean)), nil
	}
	return osStat(name)
}

// IsDir reports whether name is a directory.
func (f *FS) IsDir(name string) bool {
	f.tr("IsDir", name)
	fi, err := f.stat(name, os.Stat)
	return err == nil && fi.IsDir()
}

// ReadDir lists dir, sorted by name, with overlaid files added,
// replaced and deleted.
func (f *FS) ReadDir(dir string) ([]fs.FileInfo, error) {
	f.tr("ReadDir", dir)
	return f.readDir(dir)
}

func (f *FS) readDir(dir string) ([]fs.FileInfo, error) {
	ents, err := os.ReadDir(dir)
	var over map[string]bool
	if f != nil {
		over = f.dirs[filepath.Clean(dir)]
	}
	if err != nil && over == nil {
		return nil, err
	}
	out := make([]fs.FileInfo, 0, len(ents)+len(over))
	for _, e := range ents {
		if over[e.Name()] {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, fi)
	}
	for name := range over {
		fi, err := f.stat(filepath.Join(dir, name), os.Lstat)
		if err != nil {
			continue // deleted
		}
		out = append(out, fi)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// WalkDir walks the tree at root like filepath.WalkDir, seeing the
// overlay.
//
// A symbolic link at the root itself is followed.
func (f *FS) WalkDir(root string, fn fs.WalkDirFunc) error {
	fi, err := f.Stat(root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = f.walk(root, fs.FileInfoToDirEntry(fi), fn)
	}
	if err == filepath.SkipDir || err == filepath.SkipAll {
		return nil
	}
	return err
}

func (f *FS) walk(path string, d fs.DirEntry, fn fs.WalkDirFunc) error {
	if err := fn(path, d, nil); err != nil || !d.IsDir() {
		if err == filepath.SkipDir && d.IsDir() {
			err = nil
		}
		return err
	}
	ents, err := f.readDirEntries(path)
	if err != nil {
		err = fn(path, d, err)
		if err != nil {
			if err == filepath.SkipDir && d.IsDir() {
				err = nil
			}
			return err
		}
	}
	for _, e := range ents {
		if err := f.walk(filepath.Join(path, e.Name()), e, fn); err != nil {
			if err == filepath.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// readDirEntries is ReadDir for walks: a directory the overlay does not
// touch is listed without an lstat per entry (the entries' types come
// with the listing).
func (f *FS) readDirEntries(dir string) ([]fs.DirEntry, error) {
	f.tr("ReadDir", dir)
	if f == nil || f.dirs[filepath.Clean(dir)] == nil {
		ents, err := os.ReadDir(dir)
		if err != nil {
			return nil, err // as ReadDir: no partial listing
		}
		return ents, nil
	}
	infos, err := f.readDir(dir)
	ents := make([]fs.DirEntry, len(infos))
	for i, fi := range infos {
		ents[i] = fs.FileInfoToDirEntry(fi)
	}
	return ents, err
}

// Glob matches pattern (filepath.Match syntax, no "**") against the
// overlaid file system.
func (f *FS) Glob(pattern string) ([]string, error) {
	f.tr("Glob", pattern)
	if _, err := filepath.Match(pattern, ""); err != nil {
		return nil, err
	}
	if !hasMeta(pattern) {
		if _, err := f.Lstat(pattern); err != nil {
			return nil, nil
		}
		return []string{pattern}, nil
	}
	dir, file := filepath.Split(pattern)
	dir = cleanGlobDir(dir)
	var dirs []string
	if hasMeta(dir) {
		var err error
		dirs, err = f.Glob(dir)
		if err != nil {
			return nil, err
		}
	} else {
		dirs = []string{dir}
	}
	var out []string
	for _, d := range dirs {
		fi, err := f.Stat(d)
		if err != nil || !fi.IsDir() {
			continue
		}
		ents, err := f.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if ok, _ := filepath.Match(file, e.Name()); ok {
				out = append(out, filepath.Join(d, e.Name()))
			}
		}
	}
	return out, nil
}

func cleanGlobDir(dir string) string {
	switch dir {
	case "":
		return "."
	case string(filepath.Separator):
		return dir
	}
	return dir[:len(dir)-1]
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }

type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

type fakeDir string

func (d fakeDir) Name() string       { return string(d) }
func (d fakeDir) Size() int64        { return 0 }
func (d fakeDir) Mode() fs.FileMode  { return fs.ModeDir | 0o500 }
func (d fakeDir) ModTime() time.Time { return time.Unix(0, 0) }
func (d fakeDir) IsDir() bool        { return true }
func (d fakeDir) Sys() any           { return nil }
