package load

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// moduleImportPath applies GOPATH mode's minimal module compatibility:
// inside a tree with a go.mod file, an import "x/vN/y" of a module whose
// go.mod says "module x/vN" means the directory x/y.
func (l *Loader) moduleImportPath(path, parentPath, parentDir, parentRoot string) string {
	if parentRoot == "" {
		return path
	}
	if i, _ := findVersionElement(path); i < 0 {
		return path
	}
	dir := filepath.Clean(parentDir)
	root := filepath.Join(parentRoot, "src")
	found := false
	for i := len(dir); i >= len(root); i-- {
		if i < len(dir) && dir[i] != filepath.Separator {
			continue
		}
		if l.goModPath(dir[:i]) != "" {
			found = true
			break
		}
	}
	if !found {
		return path
	}
	if l.findGOPATHDir(path) != "" {
		return path
	}
	limit := len(path)
	for limit > 0 {
		i, j := findVersionElement(path[:limit])
		if i < 0 {
			return path
		}
		if d := l.findGOPATHDir(path[:i]); d != "" {
			if mpath := l.goModPath(d); mpath != "" {
				if mpath == path[:j] {
					return path[:i] + path[j:]
				}
				return path
			}
		}
		limit = i
	}
	return path
}

// findGOPATHDir returns the directory of an import path in GOROOT/src or
// the first GOPATH entry that has it.
func (l *Loader) findGOPATHDir(path string) string {
	roots := append([]string{l.st.goroot}, l.st.gopath...)
	for _, r := range roots {
		if r == "" {
			continue
		}
		d := filepath.Join(r, "src", filepath.FromSlash(path))
		if l.isDir(d) {
			return d
		}
	}
	return ""
}

// findVersionElement returns the slice indices of the last /vN element.
func findVersionElement(path string) (i, j int) {
	j = len(path)
	for i = len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			if isVersionElement(path[i+1 : j]) {
				return i, j
			}
			j = i
		}
	}
	return -1, -1
}

// goModPath returns the module path declared by dir/go.mod, if any.
func (l *Loader) goModPath(dir string) string {
	return l.modPaths.Do(dir, func() string {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			return ""
		}
		var i int
		if bytes.HasPrefix(data, []byte("module ")) {
			i = 0
		} else {
			i = bytes.Index(data, []byte("\nmodule "))
			if i < 0 {
				return ""
			}
			i++
		}
		line := data[i:]
		if k := bytes.IndexByte(line, '\n'); k >= 0 {
			line = line[:k]
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		p := strings.TrimSpace(string(line[len("module "):]))
		if p != "" && p[0] == '"' {
			u, err := strconv.Unquote(p)
			if err != nil {
				return ""
			}
			p = u
		}
		return p
	})
}
