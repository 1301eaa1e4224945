// Package modfetch manages the module cache (GOMODCACHE) and fills it
// from module proxies: the go.mod files, .info files and zips under
// cache/download, the extracted read-only trees beside them, and the
// checks that vouch for them (go.sum and the checksum database).
//
// The cache is laid out exactly as the go command lays it out and is
// written the same way (temporary files renamed into place, a lock file
// per module version), so gocmd and go processes can share it.
// Modules are also fetched straight from their version control
// repositories ("direct" in GOPROXY, or GOPRIVATE/GONOPROXY paths).
package modfetch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/wire"
)

// Cache is a module cache directory and the settings that say where
// missing modules come from and how they are verified. NewCache fills
// the settings from the environment. A Cache may be used by concurrent
// goroutines once configured; its fields must not change after first
// use.
type Cache struct {
	// Dir is GOMODCACHE.
	Dir string
	// GOPROXY is the proxy list; "off" disables all lookups.
	GOPROXY string
	// GONOPROXY, GONOSUMDB and GOINSECURE are module path patterns
	// (GOPRIVATE supplies the default of the first two).
	GONOPROXY, GONOSUMDB, GOINSECURE string
	// GOSUMDB names the checksum database ("off" for none).
	GOSUMDB string
	// GOAUTH says where credentials come from ("off" for nowhere; any
	// other setting reads the netrc file).
	GOAUTH string
	// GOVCS and GOPRIVATE decide which version control systems direct
	// fetches may use.
	GOVCS, GOPRIVATE string
	// GoVersion is the running Go version ("1.26.0"), for modules
	// needing a newer one.
	GoVersion string
	// TooNewExplain, if set, returns what go appends to the errors of
	// modules needing a newer Go (env.Env.TooNewExplain).
	TooNewExplain func() string
	// Environ is the environment of VCS commands (nil: os.Environ());
	// LookPath finds their binaries (nil: exec.LookPath).
	Environ  []string
	LookPath func(string) (string, error)
	// Home and NETRC locate the netrc file.
	Home, NETRC string
	// SumdbDir is GOPATH/pkg/sumdb, where the checksum database's
	// verified tree head is kept.
	SumdbDir string
	// ModCacheRW leaves extracted directories writable (-modcacherw).
	ModCacheRW bool
	// Quiet suppresses the "go: downloading" lines (go mod download).
	Quiet bool
	// Log, if not nil, receives progress lines such as
	// "go: downloading example.com/m v1.0.0".
	Log func(string)
	// Trace, if not nil, receives the -x lines of network requests.
	Trace func(string)
	// Sums is the invocation's go.sum, used when a call passes none.
	Sums *Sums
	// Timeout bounds the wait for a proxy's response headers (default
	// 2 minutes); Transport replaces the HTTP transport (tests).
	Timeout   time.Duration
	Transport http.RoundTripper
	// Observer, if not nil, learns what the answers depend on.
	Observer Observer

	once sync.Once
	st   *fetchState
}

// An Observer learns what a Cache's answers depend on: each module
// cache file or directory looked at, and each time an answer needed a
// module source (a proxy, a repository or the checksum database).
// Its methods may be called from several goroutines at once.
type Observer interface {
	ObserveFile(path string)
	ObserveNetwork()
}

// observeFile tells c's Observer, if any, of a look at path.
func (c *Cache) observeFile(path string) {
	if c.Observer != nil {
		c.Observer.ObserveFile(path)
	}
}

// RevInfo is the content of a .info file.
type RevInfo struct {
	Version string
	Time    time.Time
	Origin  *wire.Origin `json:",omitempty"`

	// name and short are the full and short commit hash of a version
	// found in a repository (not recorded in the file).
	name, short string
}

// ErrLookupDisabled is the error for a module version that is not in the
// cache when GOPROXY=off.
var ErrLookupDisabled = errProxyOff

// errNoNetwork is returned for lookups of a package's module, which are
// not implemented yet.
var errNoNetwork = errors.New("module lookup disabled: downloading modules is not supported yet")

// ErrToolchain is returned for the synthetic go and toolchain modules,
// which have no files.
var ErrToolchain = errors.New("internal error: invalid operation on toolchain module")

// LookupError is what a lookup that is not implemented (finding the
// module of a missing package) returns.
func (c *Cache) LookupError() error {
	if c.GOPROXY == "off" {
		return ErrLookupDisabled
	}
	return errNoNetwork
}

// CacheDir returns the cache/download directory for module path.
func (c *Cache) CacheDir(path string) (string, error) {
	if err := c.checkCacheDir(); err != nil {
		return "", err
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

// errZiphashMissing is DownloadDir's reason for a complete tree whose
// .ziphash file is gone.
var errZiphashMissing = errors.New("ziphash file is missing")

// DownloadDir returns the extracted directory of m, with an error
// (equivalent to fs.ErrNotExist when absent) if it is not completely
// there.
func (c *Cache) DownloadDir(m module.Version) (string, error) {
	if gover.IsToolchain(m.Path) {
		return "", ErrToolchain
	}
	if err := c.checkCacheDir(); err != nil {
		return "", err
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
	c.observeFile(dir)
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
	c.observeFile(partial)
	if _, err := os.Stat(partial); err == nil {
		return dir, &DirPartialError{dir, errors.New("not completely extracted")}
	}
	if m.Path == FIPSModule {
		// Unpacked from GOROOT/lib/fips140, never downloaded: no ziphash.
		return dir, nil
	}
	ziphash, err := c.CachePath(m, "ziphash")
	if err != nil {
		return dir, err
	}
	c.observeFile(ziphash)
	if _, err := os.Stat(ziphash); os.IsNotExist(err) {
		return dir, &DirPartialError{dir, errZiphashMissing}
	} else if err != nil {
		return dir, err
	}
	return dir, nil
}

// Download returns the directory holding m's files, downloading and
// extracting them if needed. sums, if not nil, replaces c.Sums.
func (c *Cache) Download(m module.Version, sums *Sums) (string, error) {
	return c.DownloadContext(context.Background(), m, sums)
}

// GoMod returns the go.mod file of m, fetching it if needed.
// Errors name the module version.
func (c *Cache) GoMod(m module.Version) ([]byte, error) {
	data, err := c.GoModContext(context.Background(), m)
	if err != nil {
		var me *module.ModuleError
		if !errors.As(err, &me) {
			err = module.VersionError(m, err)
		}
		return nil, err
	}
	return data, nil
}

// Stat returns the .info of m, fetching it if needed.
func (c *Cache) Stat(m module.Version) (*RevInfo, error) {
	if _, err := c.CachePath(m, "info"); err != nil && !isCacheDirError(err) {
		return nil, err
	}
	return c.StatContext(context.Background(), m.Path, m.Version)
}

// CachedVersions returns the versions of path that have a .info or .mod
// file in the cache, in no particular order.
func (c *Cache) CachedVersions(path string) []string {
	dir, err := c.CacheDir(path)
	if err != nil {
		return nil
	}
	c.observeFile(dir)
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

// IsCached reports whether m's file with suffix ("info", "mod") is in
// the module cache, so that reading it costs no network round trip.
func (c *Cache) IsCached(m module.Version, suffix string) bool {
	if c.Dir == "" || gover.IsToolchain(m.Path) {
		return false
	}
	file, err := c.CachePath(m, suffix)
	if err != nil {
		return false
	}
	c.observeFile(file)
	_, err = os.Stat(file)
	return err == nil
}
