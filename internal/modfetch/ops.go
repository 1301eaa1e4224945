package modfetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"

	"gocmd/internal/gover"
	"gocmd/internal/lockedfile"
	"gocmd/internal/trace"
)

// checkModSum checks hash h of mod (version suffixed "/go.mod" for a
// go.mod file) against go.sum and, for a hash go.sum does not record,
// the checksum database; a hash that passes is recorded as added.
func (c *Cache) checkModSum(mod module.Version, h string, sums *Sums) error {
	if sums == nil {
		sums = c.Sums
	}
	ok, err := sums.lookup(mod, h)
	if err != nil || ok {
		return err
	}
	if c.useSumDB(mod.Path) {
		if err := c.checkSumDB(mod, h); err != nil {
			return err
		}
	}
	sums.add(mod, h)
	return nil
}

// checkGoMod checks the hash of a go.mod file's content.
func (c *Cache) checkGoMod(m module.Version, data []byte) error {
	h, err := goModSum(data)
	if err != nil {
		return &module.ModuleError{Path: m.Path, Version: m.Version, Err: fmt.Errorf("verifying go.mod: %v", err)}
	}
	return c.checkModSum(module.Version{Path: m.Path, Version: m.Version + "/go.mod"}, h, nil)
}

// StatContext returns the .info of path at rev (a canonical version or
// another revision the proxy understands), reading the cache first and
// recording what a proxy answers.
func (c *Cache) StatContext(ctx context.Context, path, rev string) (*RevInfo, error) {
	if gover.IsToolchain(path) {
		return nil, ErrToolchain
	}
	res := c.state().infos.Do(module.Version{Path: path, Version: rev}, func() infoResult {
		if file, info, err := c.readDiskStat(path, rev); err == nil {
			return infoResult{info: info, file: file}
		}
		var info *RevInfo
		err := c.tryProxies(func(proxy string) error {
			i, err := c.lookup(proxy, path).stat(ctx, rev)
			if err == nil {
				info = i
			}
			return err
		})
		if err != nil {
			return infoResult{err: err}
		}
		file, _ := c.CachePath(module.Version{Path: path, Version: info.Version}, "info")
		if err := c.writeDiskStat(file, info); err != nil && c.Log != nil {
			c.Log(fmt.Sprintf("go: writing stat cache: %v", err))
		}
		return infoResult{info: info, file: file}
	})
	if res.err != nil {
		return nil, res.err
	}
	info := *res.info
	return &info, nil
}

// InfoFile returns the .info of path@version and the cache file holding
// it, fetching it if needed.
func (c *Cache) InfoFile(ctx context.Context, path, version string) (*RevInfo, string, error) {
	if !gover.ModIsValid(path, version) {
		return nil, "", fmt.Errorf("invalid version %q", version)
	}
	info, err := c.StatContext(ctx, path, version)
	if err != nil {
		return nil, "", err
	}
	file, err := c.CachePath(module.Version{Path: path, Version: version}, "info")
	if err != nil {
		return nil, "", err
	}
	return info, file, nil
}

// GoModContext returns the go.mod file of m, from the cache or a proxy,
// checked against go.sum and the checksum database.
func (c *Cache) GoModContext(ctx context.Context, m module.Version) ([]byte, error) {
	if gover.IsToolchain(m.Path) {
		return nil, ErrToolchain
	}
	res := c.state().mods.Do(m, func() bytesResult {
		file, data, err := c.readDiskCache(m.Path, m.Version, "mod")
		if err == nil && !bytes.HasPrefix(data, []byte("//vgo 0.0.")) {
			if err := c.checkGoMod(m, data); err != nil {
				return bytesResult{err: err}
			}
			return bytesResult{data: data}
		}
		if _, err := c.CachePath(m, "mod"); err != nil && !isCacheDirError(err) {
			// With an unusable GOMODCACHE, go fetches it anyway without
			// caching it.
			return bytesResult{err: module.VersionError(m, err)}
		}
		err = c.tryProxies(func(proxy string) error {
			d, err := c.lookup(proxy, m.Path).goMod(ctx, m.Version)
			if err == nil {
				data = d
			}
			return err
		})
		if err != nil {
			return bytesResult{err: err}
		}
		if err := c.checkGoMod(m, data); err != nil {
			return bytesResult{err: err}
		}
		if err := c.writeDiskCache(file, data); err != nil && c.Log != nil {
			c.Log(fmt.Sprintf("go: writing go.mod cache: %v", err))
		}
		return bytesResult{data: data}
	})
	if res.err != nil {
		return nil, res.err
	}
	return bytes.Clone(res.data), nil
}

// GoModFile returns the cache file holding m's go.mod, fetching it.
func (c *Cache) GoModFile(ctx context.Context, m module.Version) (string, error) {
	if !gover.ModIsValid(m.Path, m.Version) {
		return "", fmt.Errorf("invalid version %q", m.Version)
	}
	if _, err := c.GoModContext(ctx, m); err != nil {
		return "", err
	}
	return c.CachePath(m, "mod")
}

// GoModSum returns the go.sum hash of m's go.mod.
func (c *Cache) GoModSum(ctx context.Context, m module.Version) (string, error) {
	if !gover.ModIsValid(m.Path, m.Version) {
		return "", fmt.Errorf("invalid version %q", m.Version)
	}
	data, err := c.GoModContext(ctx, m)
	if err != nil {
		return "", err
	}
	return goModSum(data)
}

// Sum returns the hash recorded in m's .ziphash file, or "".
func (c *Cache) Sum(m module.Version) string {
	if c.Dir == "" {
		return ""
	}
	file, err := c.CachePath(m, "ziphash")
	if err != nil {
		return ""
	}
	data, err := lockedfile.Read(file)
	if err != nil {
		return ""
	}
	data = bytes.TrimSpace(data)
	if !isValidSum(data) {
		return ""
	}
	return string(data)
}

// DownloadZip fetches m's zip into the cache if it is not there, checks
// its hash and returns the zip's file name. It prints "go: downloading"
// unless the Cache is Quiet.
func (c *Cache) DownloadZip(ctx context.Context, m module.Version, sums *Sums) (string, error) {
	res := c.fetchZip(ctx, m, sums, false)
	return res.file, res.err
}

// zipResult is what fetching a zip found: the zip's file name, and
// whether the fetch also extracted it.
type zipResult struct {
	file      string
	extracted bool
	err       error
}

// fetchZip does DownloadZip's work once per module version. With
// extract, a zip that has to be downloaded is also extracted into the
// module's directory in the same pass, when that is possible (see
// extractFetched); the result says whether it was.
func (c *Cache) fetchZip(ctx context.Context, m module.Version, sums *Sums, extract bool) zipResult {
	return c.state().zips.Do(m, func() zipResult {
		zipFile, err := c.CachePath(m, "zip")
		if err != nil {
			return zipResult{err: err}
		}
		hashFile := zipFile + "hash"
		if _, err := os.Stat(zipFile); err == nil {
			if _, err := os.Stat(hashFile); err == nil {
				if !sumsHave(sums, c.Sums, m) {
					if err := c.checkMod(m, sums); err != nil {
						return zipResult{err: err}
					}
				}
				return zipResult{file: zipFile}
			}
		}
		if err := c.checkCacheDir(); err != nil {
			return zipResult{err: err}
		}
		if !c.Quiet && c.Log != nil {
			c.Log("go: downloading " + downloadName(m))
		}
		unlock, err := c.lockVersion(m)
		if err != nil {
			return zipResult{err: err}
		}
		defer unlock()
		extracted, err := c.downloadZip(ctx, m, zipFile, sums, extract)
		if err != nil {
			return zipResult{err: err}
		}
		return zipResult{file: zipFile, extracted: extracted}
	})
}

func sumsHave(a, b *Sums, m module.Version) bool {
	if a == nil {
		a = b
	}
	return a.Have(m)
}

// downloadZip does DownloadZip's work under the version lock: the zip
// is written to a temporary file, checked, hashed and renamed into
// place, so that no reader ever sees a partial zip. With extract it
// may extract the zip as it hashes it, and then reports so.
func (c *Cache) downloadZip(ctx context.Context, m module.Version, zipFile string, sums *Sums, extract bool) (extracted bool, err error) {
	ctx, span := trace.StartSpan(ctx, "modfetch.downloadZip "+zipFile)
	defer span.Done()
	hashFile := zipFile + "hash"
	_, zerr := os.Stat(zipFile)
	_, herr := os.Stat(hashFile)
	if zerr == nil && herr == nil {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(zipFile), 0o777); err != nil {
		return false, err
	}
	// Leftovers of killed downloads; the lock says nobody owns them.
	if old, err := filepath.Glob(filepath.Join(quoteGlob(filepath.Dir(zipFile)), quoteGlob(filepath.Base(zipFile))+"*.tmp")); err == nil {
		for _, p := range old {
			os.Remove(p)
		}
	}
	if zerr == nil {
		return false, c.hashZip(m, zipFile, hashFile, sums)
	}
	f, err := tempFile(filepath.Dir(zipFile), filepath.Base(zipFile), 0o666)
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	var fatal error
	err = c.tryProxies(func(proxy string) error {
		if fatal != nil {
			return fatal
		}
		err := c.lookup(proxy, m.Path).zip(ctx, f, m.Version)
		if err != nil {
			// Start over empty for the next proxy.
			if _, serr := f.Seek(0, io.SeekStart); serr != nil {
				fatal = serr
				return serr
			}
			if terr := f.Truncate(0); terr != nil {
				fatal = terr
				return terr
			}
		}
		return err
	})
	if err != nil {
		return false, err
	}
	if err := checkZipNames(f, m); err != nil {
		return false, err
	}
	if err := f.Close(); err != nil {
		return false, err
	}
	var dir string
	if extract {
		if dir, err = c.extractFetched(m, f.Name(), hashFile, sums); err != nil {
			return false, err
		}
	}
	extracted = dir != ""
	if !extracted {
		if err := c.hashZip(m, f.Name(), hashFile, sums); err != nil {
			return false, err
		}
	}
	if err := os.Rename(f.Name(), zipFile); err != nil {
		return false, err
	}
	if extracted {
		// The tree is complete only once its zip is in place.
		if err := c.finishExtract(m, dir); err != nil {
			return false, err
		}
	}
	return extracted, nil
}

// hashZip hashes a zip, checks the hash and writes the .ziphash file.
func (c *Cache) hashZip(m module.Version, zipFile, hashFile string, sums *Sums) (err error) {
	h, err := dirhash.HashZip(zipFile, dirhash.Hash1)
	if err != nil {
		return err
	}
	if err := c.checkModSum(m, h, sums); err != nil {
		return err
	}
	return writeZipHash(hashFile, h)
}

// writeZipHash writes a checked hash into a .ziphash file.
func writeZipHash(hashFile, h string) (err error) {
	hf, err := lockedfile.Create(hashFile)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := hf.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if err := hf.Truncate(int64(len(h))); err != nil {
		return err
	}
	_, err = hf.WriteAt([]byte(h), 0)
	return err
}

// checkMod checks the hash recorded in m's .ziphash (recomputing it
// from the zip if the file is damaged).
func (c *Cache) checkMod(m module.Version, sums *Sums) error {
	file, err := c.CachePath(m, "ziphash")
	if err != nil {
		return fmt.Errorf("verifying %v", module.VersionError(m, err))
	}
	data, err := lockedfile.Read(file)
	if err != nil {
		return fmt.Errorf("verifying %v", module.VersionError(m, err))
	}
	data = bytes.TrimSpace(data)
	if !isValidSum(data) {
		zipFile, err := c.CachePath(m, "zip")
		if err != nil {
			return fmt.Errorf("verifying %v", module.VersionError(m, err))
		}
		if err := c.hashZip(m, zipFile, file, sums); err != nil {
			return fmt.Errorf("verifying %v", module.VersionError(m, err))
		}
		return nil
	}
	h := string(data)
	if !strings.HasPrefix(h, "h1:") {
		return fmt.Errorf("verifying %v", module.VersionError(m, fmt.Errorf("unexpected ziphash: %q", h)))
	}
	return c.checkModSum(m, h, sums)
}

// DownloadContext returns the directory holding m's extracted files,
// downloading and extracting the zip if needed. Each module version is
// fetched once however many goroutines ask.
func (c *Cache) DownloadContext(ctx context.Context, m module.Version, sums *Sums) (string, error) {
	ctx, span := trace.StartSpan(ctx, "modfetch.download "+m.String())
	defer span.Done()
	if gover.IsToolchain(m.Path) {
		return "", ErrToolchain
	}
	if err := c.checkCacheDir(); err != nil {
		return "", err
	}
	res := c.state().dirs.Do(m, func() stringResult {
		dir, err := c.DownloadDir(m)
		if err != nil {
			if dir == "" || !errors.Is(err, os.ErrNotExist) {
				return stringResult{err: err}
			}
			zr := c.fetchZip(ctx, m, sums, true)
			if zr.err != nil {
				return stringResult{err: zr.err}
			}
			if !zr.extracted {
				if dir, err = c.unzip(m, zr.file); err != nil {
					return stringResult{err: err}
				}
			}
		}
		if err := c.checkMod(m, sums); err != nil {
			return stringResult{err: err}
		}
		if err := c.checkGoVersion(m, dir); err != nil {
			return stringResult{err: err}
		}
		return stringResult{s: dir}
	})
	return res.s, res.err
}

// downloadName is how "go: downloading" names a module version: path and
// version, except for a toolchain ("go1.21.3 (linux/amd64)" for
// golang.org/toolchain v0.0.1-go1.21.3.linux-amd64).
func downloadName(m module.Version) string {
	if m.Path != "golang.org/toolchain" {
		return m.Path + " " + m.Version
	}
	_, v, _ := strings.Cut(m.Version, "-")
	if i := strings.LastIndex(v, "."); i >= 0 {
		goos, goarch, _ := strings.Cut(v[i+1:], "-")
		v = v[:i] + " (" + goos + "/" + goarch + ")"
	}
	return v
}
