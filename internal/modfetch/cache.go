// Package modfetch reads the module cache (GOMODCACHE): the go.mod files,
// .info files and zips under cache/download and the extracted module
// trees beside them, and the go.sum files that vouch for them. Downloading
// from a proxy or a version control system is not implemented yet: a
// module version missing from the cache yields the error the go command
// gives when lookups are disabled.
package modfetch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"

	"gocmd/internal/gover"
)

// Cache is a module cache directory and the settings that decide what
// happens when something is missing from it.
type Cache struct {
	// Dir is GOMODCACHE.
	Dir string
	// GOPROXY is the proxy list; "off" disables all lookups.
	GOPROXY string
	// Log, if not nil, receives progress lines such as
	// "go: downloading example.com/m v1.0.0".
	Log func(string)
}

// RevInfo is the content of a .info file.
type RevInfo struct {
	Version string
	Time    time.Time
}

// ErrLookupDisabled is the error for a module version that is not in the
// cache when GOPROXY=off.
var ErrLookupDisabled = errors.New("module lookup disabled by GOPROXY=off")

// errNoNetwork is returned for a version missing from the cache when a
// proxy is configured: fetching is not implemented yet.
var errNoNetwork = errors.New("module lookup disabled: downloading modules is not supported yet")

// ErrToolchain is returned for the synthetic go and toolchain modules,
// which have no files.
var ErrToolchain = errors.New("internal error: invalid operation on toolchain module")

// LookupError is what a lookup that needs the network returns.
func (c *Cache) LookupError() error {
	if c.GOPROXY == "off" {
		return ErrLookupDisabled
	}
	return errNoNetwork
}

// CacheDir returns the cache/download directory for module path.
func (c *Cache) CacheDir(path string) (string, error) {
	if c.Dir == "" {
		return "", errors.New("module cache not found: neither GOMODCACHE nor GOPATH is set")
	}
	enc, err := module.EscapePath(path)
	if err != nil {
		return "", err
	}
	return filepath.Join(c.Dir, "cache", "download", enc, "@v"), nil
}

// CachePath returns the file in cache/download for m with the given
// suffix ("mod", "info", "zip", "ziphash", "partial", "lock").
func (c *Cache) CachePath(m module.Version, suffix string) (string, error) {
	dir, err := c.CacheDir(m.Path)
	if err != nil {
		return "", err
	}
	if !gover.ModIsValid(m.Path, m.Version) {
		return "", fmt.Errorf("non-semver module version %q", m.Version)
	}
	if module.CanonicalVersion(m.Version) != m.Version {
		return "", fmt.Errorf("non-canonical module version %q", m.Version)
	}
	encVer, err := module.EscapeVersion(m.Version)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, encVer+"."+suffix), nil
}

// DirPartialError reports a module directory that exists but was not
// completely extracted. It counts as fs.ErrNotExist.
type DirPartialError struct {
	Dir string
	Err error
}

func (e *DirPartialError) Error() string     { return fmt.Sprintf("%s: %v", e.Dir, e.Err) }
func (e *DirPartialError) Is(err error) bool { return err == fs.ErrNotExist }

// DownloadDir returns the extracted directory of m, with an error
// (equivalent to fs.ErrNotExist when absent) if it is not completely
// there.
func (c *Cache) DownloadDir(m module.Version) (string, error) {
	if gover.IsToolchain(m.Path) {
		return "", ErrToolchain
	}
	if c.Dir == "" {
		return "", errors.New("module cache not found: neither GOMODCACHE nor GOPATH is set")
	}
	enc, err := module.EscapePath(m.Path)
	if err != nil {
		return "", err
	}
	if !gover.ModIsValid(m.Path, m.Version) {
		return "", fmt.Errorf("non-semver module version %q", m.Version)
	}
	if module.CanonicalVersion(m.Version) != m.Version {
		return "", fmt.Errorf("non-canonical module version %q", m.Version)
	}
	encVer, err := module.EscapeVersion(m.Version)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(c.Dir, enc+"@"+encVer)
	fi, err := os.Stat(dir)
	if os.IsNotExist(err) {
		return dir, err
	} else if err != nil {
		return dir, &DirPartialError{dir, err}
	} else if !fi.IsDir() {
		return dir, &DirPartialError{dir, errors.New("not a directory")}
	}
	partial, err := c.CachePath(m, "partial")
	if err != nil {
		return dir, err
	}
	if _, err := os.Stat(partial); err == nil {
		return dir, &DirPartialError{dir, errors.New("not completely extracted")}
	}
	ziphash, err := c.CachePath(m, "ziphash")
	if err != nil {
		return dir, err
	}
	if _, err := os.Stat(ziphash); os.IsNotExist(err) {
		return dir, &DirPartialError{dir, errors.New("ziphash file is missing")}
	} else if err != nil {
		return dir, err
	}
	return dir, nil
}

// Download returns the directory holding m's files, extracting the
// cached zip if the tree is not there yet. sums, if not nil, checks the
// zip's hash against go.sum.
func (c *Cache) Download(m module.Version, sums *Sums) (string, error) {
	dir, err := c.DownloadDir(m)
	if err == nil {
		if err := c.checkZipHash(m, sums); err != nil {
			return "", err
		}
		return dir, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	zipFile, err := c.CachePath(m, "zip")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(zipFile); err != nil {
		if c.Log != nil {
			c.Log(fmt.Sprintf("go: downloading %s %s", m.Path, m.Version))
		}
		return "", c.LookupError()
	}
	if err := c.unzip(m, zipFile, dir, sums); err != nil {
		return "", err
	}
	return dir, nil
}

func (c *Cache) unzip(m module.Version, zipFile, dir string, sums *Sums) error {
	hash, err := hashZip(zipFile)
	if err != nil {
		return err
	}
	if sums != nil {
		if err := sums.Check(m, hash); err != nil {
			return err
		}
	}
	partial, err := c.CachePath(m, "partial")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(partial), 0o777); err != nil {
		return err
	}
	if err := os.WriteFile(partial, nil, 0o666); err != nil {
		return err
	}
	os.RemoveAll(dir)
	if err := modzip.Unzip(dir, m, zipFile); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("%s: %w", m, err)
	}
	makeReadOnly(dir)
	ziphash, err := c.CachePath(m, "ziphash")
	if err != nil {
		return err
	}
	if _, err := os.Stat(ziphash); err != nil {
		if err := os.WriteFile(ziphash, []byte(hash), 0o666); err != nil {
			return err
		}
	}
	return os.Remove(partial)
}

func makeReadOnly(dir string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil {
			os.Chmod(path, info.Mode()&^0o222)
		}
		return nil
	})
}

func hashZip(name string) (string, error) {
	return dirhash.HashZip(name, dirhash.Hash1)
}

func (c *Cache) checkZipHash(m module.Version, sums *Sums) error {
	if sums == nil {
		return nil
	}
	ziphash, err := c.CachePath(m, "ziphash")
	if err != nil {
		return err
	}
	data, err := os.ReadFile(ziphash)
	if err != nil {
		return nil
	}
	return sums.Check(m, strings.TrimSpace(string(data)))
}

// GoMod returns the go.mod file of m from cache/download.
func (c *Cache) GoMod(m module.Version) ([]byte, error) {
	if gover.IsToolchain(m.Path) {
		return nil, ErrToolchain
	}
	file, err := c.CachePath(m, "mod")
	if err != nil {
		return nil, module.VersionError(m, err)
	}
	data, err := os.ReadFile(file)
	if err == nil {
		return data, nil
	}
	return nil, module.VersionError(m, c.LookupError())
}

// Stat returns the .info of m from cache/download.
func (c *Cache) Stat(m module.Version) (*RevInfo, error) {
	file, err := c.CachePath(m, "info")
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, c.LookupError()
	}
	info := new(RevInfo)
	if err := json.Unmarshal(data, info); err != nil {
		return nil, c.LookupError()
	}
	return info, nil
}

// CachedVersions returns the versions of path that have a .info or .mod
// file in the cache, in no particular order.
func (c *Cache) CachedVersions(path string) []string {
	dir, err := c.CacheDir(path)
	if err != nil {
		return nil
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range ents {
		name := e.Name()
		var base string
		switch {
		case strings.HasSuffix(name, ".info"):
			base = strings.TrimSuffix(name, ".info")
		case strings.HasSuffix(name, ".mod"):
			base = strings.TrimSuffix(name, ".mod")
		default:
			continue
		}
		v, err := module.UnescapeVersion(base)
		if err != nil || seen[v] || !gover.ModIsValid(path, v) {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}
