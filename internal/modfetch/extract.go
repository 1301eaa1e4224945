package modfetch

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// A downloaded zip is checked, hashed and extracted. go reads it twice
// for that (decompressing every file to hash it, then again to extract
// it); extractFetched does both in one pass over a copy in memory, with
// the files written by several goroutines. What users see does not
// change: the hash is checked against go.sum before the tree counts as
// there (its .partial marker is removed only after the zip is in
// place), a mismatch leaves nothing behind, and a zip with any fault
// takes the two-pass path, whose errors are go's.

// Zips up to this size are read into memory to be extracted; larger
// ones are read from their file.
const maxInMemoryZip = 64 << 20

// Files up to this size are decompressed into memory and written with
// one call; larger ones are streamed.
const maxBufferedFile = 8 << 20

// errFallback says the one-pass extraction gave up on a zip: the
// two-pass path will find and report the fault.
var errFallback = errors.New("zip needs the two-pass path")

// extractFetched extracts the freshly downloaded zip tmpZip of m into
// m's directory (under the version lock), checks its hash as hashZip
// would and writes hashFile. It returns the directory, still marked
// partial until finishExtract, or "" (and no error) when the zip or the
// directory needs go's two-pass treatment. The error is the hash
// check's: the tree is then removed.
func (c *Cache) extractFetched(m module.Version, tmpZip, hashFile string, sums *Sums) (string, error) {
	dir, dirErr := c.DownloadDir(m)
	var partialErr *DirPartialError
	partial := errors.As(dirErr, &partialErr)
	if dir == "" || (dirErr != nil && !os.IsNotExist(dirErr) && !partial) {
		return "", nil
	}
	if dirErr == nil || (partial && partialErr.Err == errZiphashMissing) {
		// A complete tree without its zip: unzip will keep it.
		return "", nil
	}
	if cf, err := modzip.CheckZip(m, tmpZip); err != nil || cf.Err() != nil {
		return "", nil
	}
	z, closeZip, err := openZip(tmpZip)
	if err != nil {
		return "", nil
	}
	defer closeZip()
	if err := c.startExtract(m, dir, partial); err != nil {
		return "", nil
	}
	h, err := extractHashing(dir, m, z)
	if err != nil {
		// The two-pass path meets the fault again and reports it.
		c.abandonExtract(m, dir)
		return "", nil
	}
	if err := c.checkModSum(m, h, sums); err != nil {
		c.abandonExtract(m, dir)
		return "", err
	}
	if err := writeZipHash(hashFile, h); err != nil {
		c.abandonExtract(m, dir)
		return "", err
	}
	return dir, nil
}

// openZip opens a zip file for reading, from a copy in memory when it
// is small enough.
func openZip(name string) (*zip.Reader, func(), error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	var r io.ReaderAt = f
	closeFile := func() { f.Close() }
	if fi.Size() <= maxInMemoryZip {
		data := make([]byte, fi.Size())
		_, err := io.ReadFull(f, data)
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		r, closeFile = bytes.NewReader(data), func() {}
	}
	z, err := zip.NewReader(r, fi.Size())
	if err != nil {
		closeFile()
		return nil, nil, err
	}
	return z, closeFile, nil
}

// extractHashing writes the files of z, a zip of m that passed
// modzip.CheckZip, into dir (which must not exist) as modzip.Unzip
// would, and returns the zip's hash as dirhash.HashZip would compute
// it, decompressing each file once.
func extractHashing(dir string, m module.Version, z *zip.Reader) (string, error) {
	prefix := m.Path + "@" + m.Version + "/"
	var dirs []string
	made := make(map[string]bool)
	for _, zf := range z.File {
		name, ok := strings.CutPrefix(zf.Name, prefix)
		if !ok || strings.Contains(zf.Name, "\n") {
			return "", errFallback
		}
		if isZipDir(name) {
			continue
		}
		for d := path.Dir(name); d != "." && !made[d]; d = path.Dir(d) {
			made[d] = true
			dirs = append(dirs, d)
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return "", err
	}
	// A directory sorts before everything beneath it.
	slices.Sort(dirs)
	for _, d := range dirs {
		if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
			return "", err
		}
	}

	sums := make([][sha256.Size]byte, len(z.File))
	var (
		next   atomic.Int64
		failed atomic.Bool
		mu     sync.Mutex
		first  error
		wg     sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), 4, len(z.File)) {
		wg.Go(func() {
			var buf []byte
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(z.File) {
					return
				}
				zf := z.File[i]
				var err error
				sums[i], buf, err = extractFile(dir, zf, zf.Name[len(prefix):], buf)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return "", first
	}

	// dirhash.Hash1: one line per file, in name order.
	order := make([]int, len(z.File))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(z.File[a].Name, z.File[b].Name) })
	summary := sha256.New()
	for _, i := range order {
		fmt.Fprintf(summary, "%x  %s\n", sums[i], z.File[i].Name)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(summary.Sum(nil)), nil
}

// isZipDir reports whether a zip entry's name (without the module
// prefix) names the module root or a directory: such entries are hashed
// but not extracted.
func isZipDir(name string) bool {
	return name == "" || strings.HasSuffix(name, "/")
}

// extractFile decompresses one zip entry, writing it to dir/name unless
// it is a directory entry, and returns the SHA-256 of its content. buf
// is scratch space, returned for reuse. Content longer than the entry
// declares is an error, as in modzip.Unzip.
func extractFile(dir string, zf *zip.File, name string, buf []byte) (sum [sha256.Size]byte, _ []byte, err error) {
	rc, err := zf.Open()
	if err != nil {
		return sum, buf, err
	}
	defer rc.Close()
	h := sha256.New()
	if isZipDir(name) {
		_, err := io.Copy(h, rc)
		return [sha256.Size]byte(h.Sum(nil)), buf, err
	}
	dst := filepath.Join(dir, name)
	size := zf.UncompressedSize64
	if size > maxBufferedFile {
		err := streamFile(dst, rc, size, h)
		return [sha256.Size]byte(h.Sum(nil)), buf, err
	}
	if uint64(cap(buf)) < size+1 {
		buf = make([]byte, 0, max(size+1, 64<<10))
	}
	// Read to EOF, where archive/zip checks the CRC.
	data := buf[:0]
	limit := int(size) + 1
	for {
		if len(data) == limit {
			return sum, buf, errFallback
		}
		n, err := rc.Read(data[len(data):limit])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return sum, buf, err
		}
	}
	h.Write(data)
	if err := writeNewFile(dst, data); err != nil {
		return sum, buf, err
	}
	return [sha256.Size]byte(h.Sum(nil)), buf, nil
}

// streamFile copies a large entry's content r into the new file dst,
// and into h.
func streamFile(dst string, r io.Reader, size uint64, h io.Writer) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if err != nil {
		return err
	}
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, int64(size)+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && uint64(n) > size {
		err = errFallback
	}
	return err
}
