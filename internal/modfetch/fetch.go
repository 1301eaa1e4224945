package modfetch

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"

	"gocmd/internal/gover"
	"gocmd/internal/lockedfile"
)

// errNotCached is returned by disk reads that found nothing usable.
var errNotCached = errors.New("not in cache")

// CacheDirError reports a GOMODCACHE that cannot be used: unset,
// relative or not creatable. go gives up at once when a download meets
// it, printing only "go: " and the message.
type CacheDirError struct{ Msg string }

func (e *CacheDirError) Error() string { return e.Msg }

// isCacheDirError reports whether err is or wraps a *CacheDirError.
func isCacheDirError(err error) bool {
	var cde *CacheDirError
	return errors.As(err, &cde)
}

// FatalText reports whether err (or an error it wraps) is one after
// which go stops at once, printing only what it returns (without a
// final newline): an unusable GOMODCACHE ("go: " and the message) or a
// checksum mismatch with go.sum.
func FatalText(err error) (string, bool) {
	var cde *CacheDirError
	if errors.As(err, &cde) {
		return "go: " + strings.TrimSuffix(cde.Msg, "\n"), true
	}
	var gme *GoSumMismatchError
	if errors.As(err, &gme) {
		return strings.TrimSuffix(gme.msg, "\n"), true
	}
	return "", false
}

// checkCacheDir makes sure GOMODCACHE is usable, creating it if needed.
// The directory is looked at once per Cache.
func (c *Cache) checkCacheDir() error {
	if c.Dir == "" {
		return &CacheDirError{"module cache not found: neither GOMODCACHE nor GOPATH is set"}
	}
	if !filepath.IsAbs(c.Dir) {
		return &CacheDirError{fmt.Sprintf("GOMODCACHE entry is relative; must be absolute path: %q.\n", c.Dir)}
	}
	st := c.state()
	st.dirOnce.Do(func() {
		fi, err := os.Stat(c.Dir)
		switch {
		case err != nil && !os.IsNotExist(err):
			st.dirErr = &CacheDirError{fmt.Sprintf("could not create module cache: %v", err)}
		case err != nil:
			if err := os.MkdirAll(c.Dir, 0o777); err != nil {
				st.dirErr = &CacheDirError{fmt.Sprintf("could not create module cache: %v", err)}
			}
		case !fi.IsDir():
			st.dirErr = &CacheDirError{fmt.Sprintf("could not create module cache: %q is not a directory", c.Dir)}
		}
	})
	return st.dirErr
}

// readDiskStat reads the cached .info of path@rev.
func (c *Cache) readDiskStat(path, rev string) (string, *RevInfo, error) {
	file, data, err := c.readDiskCache(path, rev, "info")
	if err != nil {
		return file, nil, err
	}
	if info, ok := parsePlainInfo(data); ok {
		return file, info, nil
	}
	info := new(RevInfo)
	if err := json.Unmarshal(data, info); err != nil {
		return file, nil, errNotCached
	}
	// Normalize the file as go does if the encoding differs.
	if again, err := json.Marshal(info); err == nil && !bytes.Equal(again, data) {
		c.writeDiskCache(file, data)
	}
	return file, info, nil
}

// parsePlainInfo parses the common form of a .info file,
// {"Version":"...","Time":"..."} exactly as json.Marshal writes it,
// without the cost of encoding/json; ok is false for any other form.
func parsePlainInfo(data []byte) (info *RevInfo, ok bool) {
	rest, ok := bytes.CutPrefix(data, []byte(`{"Version":"`))
	if !ok {
		return nil, false
	}
	v, rest, ok := bytes.Cut(rest, []byte(`","Time":"`))
	if !ok {
		return nil, false
	}
	t, ok := bytes.CutSuffix(rest, []byte(`"}`))
	if !ok || !plainJSONString(v) || !plainJSONString(t) {
		return nil, false
	}
	tm, err := time.Parse(time.RFC3339Nano, string(t))
	// json.Marshal writes a time as RFC 3339 with nanoseconds.
	if err != nil || tm.Format(time.RFC3339Nano) != string(t) {
		return nil, false
	}
	return &RevInfo{Version: string(v), Time: tm}, true
}

// plainJSONString reports whether json.Marshal writes s between quotes
// unchanged.
func plainJSONString(s []byte) bool {
	for _, c := range s {
		if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

func (c *Cache) readDiskCache(path, rev, suffix string) (string, []byte, error) {
	if gover.IsToolchain(path) {
		return "", nil, errNotCached
	}
	file, err := c.CachePath(module.Version{Path: path, Version: rev}, suffix)
	if err != nil {
		return "", nil, errNotCached
	}
	c.observeFile(file)
	data, err := os.ReadFile(file)
	if err != nil {
		return file, nil, errNotCached
	}
	return file, data, nil
}

// writeDiskStat records info in the .info file, without the parts of
// its origin that only matter for the query that found it.
func (c *Cache) writeDiskStat(file string, info *RevInfo) error {
	if file == "" {
		return nil
	}
	if info.Origin != nil {
		clean := *info
		o := *info.Origin
		o.TagSum, o.TagPrefix, o.RepoSum = "", "", ""
		if module.IsPseudoVersion(info.Version) {
			o.Ref = ""
		}
		clean.Origin = &o
		info = &clean
	}
	js, err := json.Marshal(info)
	if err != nil {
		return err
	}
	return c.writeDiskCache(file, js)
}

// writeDiskCache writes file atomically: a temporary file in the same
// directory renamed into place. Writing a .mod file refreshes the
// directory's list file.
func (c *Cache) writeDiskCache(file string, data []byte) (err error) {
	if file == "" {
		return nil
	}
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	f, err := tempFile(dir, filepath.Base(file), 0o666)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), file); err != nil {
		return err
	}
	if strings.HasSuffix(file, ".mod") {
		rewriteVersionList(dir)
	}
	return nil
}

// tempFile creates a new file named prefix + random digits + ".tmp".
func tempFile(dir, prefix string, perm fs.FileMode) (f *os.File, err error) {
	for i := 0; i < 10000; i++ {
		name := filepath.Join(dir, prefix+strconv.Itoa(rand.Intn(1000000000))+".tmp")
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if os.IsExist(err) {
			continue
		}
		break
	}
	return f, err
}

// rewriteVersionList rewrites dir/list to hold the canonical versions
// whose .mod file is in dir, sorted, under the file's lock.
func rewriteVersionList(dir string) (err error) {
	f, err := lockedfile.Edit(filepath.Join(dir, "list"))
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var list []string
	for _, e := range ents {
		if v, ok := strings.CutSuffix(e.Name(), ".mod"); ok && v != "" && module.CanonicalVersion(v) == v {
			list = append(list, v)
		}
	}
	semver.Sort(list)
	var buf bytes.Buffer
	for _, v := range list {
		buf.WriteString(v + "\n")
	}
	old, err := io.ReadAll(f)
	if err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(buf.Bytes(), 0); err != nil {
		f.Truncate(0)
		return err
	}
	return nil
}

// lockVersion takes the cross-process lock of one module version.
func (c *Cache) lockVersion(m module.Version) (func(), error) {
	path, err := c.CachePath(m, "lock")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, err
	}
	return lockedfile.MutexAt(path).Lock()
}

// SideLock takes the lock go holds while it edits go.sum, to keep old go
// commands out.
func (c *Cache) SideLock() (func(), error) {
	if err := c.checkCacheDir(); err != nil {
		return nil, err
	}
	path := filepath.Join(c.Dir, "cache", "lock")
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, fmt.Errorf("failed to create cache directory: %w", err)
	}
	return lockedfile.MutexAt(path).Lock()
}

// isValidSum reports whether data looks like a whole ziphash file (a
// crash while writing leaves zero bytes or a short file).
func isValidSum(data []byte) bool {
	return bytes.IndexByte(data, 0) < 0 && len(data) == len("h1:")+base64.StdEncoding.EncodedLen(sha256.Size)
}

// goModSum returns the go.sum hash of a go.mod file's content.
func goModSum(data []byte) (string, error) {
	return dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
}

// checkZipNames checks that every file of a downloaded zip is under
// the module's path@version prefix.
func checkZipNames(file *os.File, m module.Version) error {
	fi, err := file.Stat()
	if err != nil {
		return err
	}
	z, err := zip.NewReader(file, fi.Size())
	if err != nil {
		return err
	}
	prefix := m.Path + "@" + m.Version + "/"
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, prefix) {
			return fmt.Errorf("zip for %s has unexpected file %s", prefix[:len(prefix)-1], zf.Name)
		}
	}
	return nil
}

// RemoveAll removes a tree of the module cache, making its read-only
// directories writable first.
func RemoveAll(dir string) error {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o777)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// makeDirsReadOnly removes write permission from the directories of an
// extracted module (children first).
func makeDirsReadOnly(dir string) {
	type pm struct {
		path string
		mode fs.FileMode
	}
	var dirs []pm
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if info, err := d.Info(); err == nil && info.Mode()&0o222 != 0 {
				dirs = append(dirs, pm{path, info.Mode()})
			}
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Chmod(dirs[i].path, dirs[i].mode&^0o222)
	}
}

// unzip extracts zipFile into m's directory under the version lock,
// marking the work in progress with a .partial file.
func (c *Cache) unzip(m module.Version, zipFile string) (string, error) {
	unlock, err := c.lockVersion(m)
	if err != nil {
		return "", err
	}
	defer unlock()
	dir, dirErr := c.DownloadDir(m)
	if dirErr == nil {
		return dir, nil
	}
	var partialErr *DirPartialError
	if err := c.startExtract(m, dir, errors.As(dirErr, &partialErr)); err != nil {
		return "", err
	}
	if err := modzip.Unzip(dir, m, zipFile); err != nil {
		if c.Log != nil {
			c.Log("-> " + err.Error())
		}
		c.abandonExtract(m, dir)
		return "", err
	}
	if err := c.finishExtract(m, dir); err != nil {
		return "", err
	}
	return dir, nil
}

// startExtract prepares m's directory for extraction under the version
// lock: it clears what earlier attempts left (dirExists says the
// directory is there) and creates the .partial marker.
func (c *Cache) startExtract(m module.Version, dir string, dirExists bool) error {
	// Old go commands extracted into dir.tmp-* and renamed; clean up.
	if old, err := filepath.Glob(filepath.Join(quoteGlob(filepath.Dir(dir)), quoteGlob(filepath.Base(dir))+".tmp-*")); err == nil {
		for _, p := range old {
			RemoveAll(p)
		}
	}
	if dirExists {
		if err := RemoveAll(dir); err != nil {
			return err
		}
	}
	partial, err := c.CachePath(m, "partial")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o777); err != nil {
		return err
	}
	return os.WriteFile(partial, nil, 0o666)
}

// abandonExtract removes a failed extraction, and its .partial marker
// once the tree is gone.
func (c *Cache) abandonExtract(m module.Version, dir string) {
	if RemoveAll(dir) == nil {
		if partial, err := c.CachePath(m, "partial"); err == nil {
			os.Remove(partial)
		}
	}
}

// finishExtract marks m's extracted directory complete and makes it
// read-only unless the cache is to stay writable.
func (c *Cache) finishExtract(m module.Version, dir string) error {
	partial, err := c.CachePath(m, "partial")
	if err != nil {
		return err
	}
	if err := os.Remove(partial); err != nil {
		return err
	}
	if !c.ModCacheRW {
		makeDirsReadOnly(dir)
	}
	return nil
}

// quoteGlob escapes the glob metacharacters of s.
func quoteGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
