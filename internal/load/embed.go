package load

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gocmd/internal/str"
)

// resolveEmbed expands //go:embed patterns in pkgdir to the files they
// embed: all the files, and the files of each pattern.
func (l *Loader) resolveEmbed(pkgdir string, patterns []string) (files []string, pmap map[string][]string, err error) {
	fsv := l.st.fs
	var pattern string
	defer func() {
		if err != nil {
			err = &EmbedError{Pattern: pattern, Err: err}
		}
	}()
	followSymlinks := godebugValue(l.cfg.Env.Get("GODEBUG"), "embedfollowsymlinks") == "1"
	pmap = map[string][]string{}
	have := map[string]int{}
	dirOK := map[string]bool{}
	pid := 0
	for _, pattern = range patterns {
		pid++
		glob, all := strings.CutPrefix(pattern, "all:")
		if _, err := path.Match(glob, ""); err != nil || !validEmbedPattern(glob) {
			return nil, nil, fmt.Errorf("invalid pattern syntax")
		}
		match, err := fsv.Glob(quoteGlob(strings.TrimSuffix(pkgdir, string(filepath.Separator))+string(filepath.Separator)) + filepath.FromSlash(glob))
		if err != nil {
			return nil, nil, err
		}
		var list []string
		for _, file := range match {
			rel := filepath.ToSlash(str.TrimFilePathPrefix(file, pkgdir))
			what := "file"
			info, err := fsv.Lstat(file)
			if err != nil {
				return nil, nil, err
			}
			if info.IsDir() {
				what = "directory"
			}
			for dir := file; len(dir) > len(pkgdir)+1 && !dirOK[dir]; dir = filepath.Dir(dir) {
				if _, err := fsv.Stat(filepath.Join(dir, "go.mod")); err == nil {
					return nil, nil, fmt.Errorf("cannot embed %s %s: in different module", what, rel)
				}
				if dir != file {
					if info, err := fsv.Lstat(dir); err == nil && !info.IsDir() {
						return nil, nil, fmt.Errorf("cannot embed %s %s: in non-directory %s", what, rel, dir[len(pkgdir)+1:])
					}
				}
				dirOK[dir] = true
				if elem := filepath.Base(dir); isBadEmbedName(elem) {
					if dir == file {
						return nil, nil, fmt.Errorf("cannot embed %s %s: invalid name %s", what, rel, elem)
					}
					return nil, nil, fmt.Errorf("cannot embed %s %s: in invalid directory %s", what, rel, elem)
				}
			}
			switch {
			default:
				return nil, nil, fmt.Errorf("cannot embed irregular file %s", rel)
			case info.Mode().IsRegular():
				if have[rel] != pid {
					have[rel] = pid
					list = append(list, rel)
				}
			case followSymlinks && info.Mode()&fs.ModeType == fs.ModeSymlink:
				info, err := fsv.Stat(file)
				if err != nil {
					return nil, nil, err
				}
				if !info.Mode().IsRegular() {
					return nil, nil, fmt.Errorf("cannot embed irregular file %s", rel)
				}
				if have[rel] != pid {
					have[rel] = pid
					list = append(list, rel)
				}
			case info.IsDir():
				count := 0
				err := fsv.WalkDir(file, func(p string, d fs.DirEntry, err error) error {
					if err != nil {
						return err
					}
					rel := filepath.ToSlash(str.TrimFilePathPrefix(p, pkgdir))
					name := d.Name()
					if p != file && (isBadEmbedName(name) || ((name[0] == '.' || name[0] == '_') && !all)) {
						if d.IsDir() {
							return fs.SkipDir
						}
						if name[0] == '.' || name[0] == '_' {
							return nil
						}
						if isBadEmbedName(name) {
							return fmt.Errorf("cannot embed file %s: invalid name %s", rel, name)
						}
						return nil
					}
					if d.IsDir() {
						if _, err := fsv.Stat(filepath.Join(p, "go.mod")); err == nil {
							return filepath.SkipDir
						}
						return nil
					}
					if !d.Type().IsRegular() {
						return nil
					}
					count++
					if have[rel] != pid {
						have[rel] = pid
						list = append(list, rel)
					}
					return nil
				})
				if err != nil {
					return nil, nil, err
				}
				if count == 0 {
					return nil, nil, fmt.Errorf("cannot embed directory %s: contains no embeddable files", rel)
				}
			}
		}
		if len(list) == 0 {
			return nil, nil, fmt.Errorf("no matching files found")
		}
		sort.Strings(list)
		pmap[pattern] = list
	}
	for file := range have {
		files = append(files, file)
	}
	sort.Strings(files)
	return files, pmap, nil
}

// ResolveEmbed returns the files embedded by patterns in dir.
func (l *Loader) ResolveEmbed(dir string, patterns []string) ([]string, error) {
	l.init()
	files, _, err := l.resolveEmbed(dir, patterns)
	return files, err
}

func godebugValue(godebug, key string) string {
	v := ""
	for _, kv := range strings.Split(godebug, ",") {
		if k, val, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == key {
			v = val
		}
	}
	return v
}

func quoteGlob(s string) string {
	if !strings.ContainsAny(s, `*?[\`) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '*', '?', '[', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func validEmbedPattern(p string) bool { return p != "." && fs.ValidPath(p) }

func isBadEmbedName(name string) bool {
	switch name {
	case "", ".bzr", ".hg", ".git", ".svn":
		return true
	}
	return checkFileElem(name) != nil
}

// checkFileElem applies the module zip rules for one file path element.
func checkFileElem(elem string) error {
	if elem == "" || elem == "." || elem == ".." {
		return errors.New("invalid path element")
	}
	if elem[len(elem)-1] == '.' {
		return errors.New("trailing dot in path element")
	}
	for _, r := range elem {
		ok := false
		if r < utf8.RuneSelf {
			ok = '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' ||
				strings.ContainsRune("!#$%&()+,-.=@[]^_{}~ ", r)
		} else {
			ok = unicode.IsLetter(r)
		}
		if !ok {
			return fmt.Errorf("invalid char %q", r)
		}
	}
	short := elem
	if i := strings.Index(short, "."); i >= 0 {
		short = short[:i]
	}
	for _, bad := range []string{"CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"} {
		if strings.EqualFold(bad, short) {
			return errors.New("reserved name")
		}
	}
	if i := strings.LastIndex(short, "~"); i >= 0 && i < len(short)-1 {
		suffix := short[i+1:]
		digits := true
		for _, c := range suffix {
			if c < '0' || c > '9' {
				digits = false
			}
		}
		if digits {
			return errors.New("trailing tilde and digits")
		}
	}
	return nil
}
