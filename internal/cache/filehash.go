package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"time"
)

// fileHashMagic starts a file hash store; change it whenever the
// encoding or the set of stat fields changes.
const fileHashMagic = "gocmd filehash v1\n"

// fileHashCutoff: a file whose modification (or status change) time is
// more recent than this is never stored, since a second write within the
// file system's time granularity could leave its stat fields unchanged.
const fileHashCutoff = 2 * time.Second

// maxFileHashes bounds the records kept in a store; past it, only the
// records used by the last command are kept.
const maxFileHashes = 1 << 15

// FileHashStoreName is the name of the file hash store inside GOCACHE.
const FileHashStoreName = "gocmd-filehash"

// fileStat is the identity of a file's contents as far as stat can tell:
// any write to the file changes at least one field.
type fileStat struct {
	size, mode, mtime, ctime, ino, dev uint64
}

type fileRecord struct {
	st  fileStat
	sum [HashSize]byte
}

// A fileHashStore remembers file hashes between go commands, keyed by the
// file's path and stat fields, in one file under GOCACHE. It is loaded on
// first use and written back by save if anything was added.
type fileHashStore struct {
	path string
	now  func() time.Time

	once sync.Once
	mu   sync.Mutex
	old  map[string]fileRecord // read from the file
	used map[string]fileRecord // looked up or added by this command
	new  bool                  // records were added
}

func (s *fileHashStore) load() {
	s.old = map[string]fileRecord{}
	s.used = map[string]fileRecord{}
	data, err := os.ReadFile(s.path)
	if err != nil {
		return
	}
	recs, ok := decodeFileHashes(data)
	if ok {
		s.old = recs
	}
}

// lookup returns the stored hash of file, whose current stat is st.
func (s *fileHashStore) lookup(file string, st fileStat) ([HashSize]byte, bool) {
	s.once.Do(s.load)
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.old[file]
	if !ok || r.st != st {
		return [HashSize]byte{}, false
	}
	s.used[file] = r
	return r.sum, true
}

// add records sum as the hash of file with stat st, unless the file was
// changed too recently to trust its stat.
func (s *fileHashStore) add(file string, st fileStat, sum [HashSize]byte) {
	cutoff := uint64(s.now().Add(-fileHashCutoff).UnixNano())
	if st.mtime >= cutoff || st.ctime >= cutoff {
		return
	}
	s.once.Do(s.load)
	s.mu.Lock()
	s.used[file] = fileRecord{st, sum}
	s.new = true
	s.mu.Unlock()
}

// save writes the store back if this command added records: the records
// it used, then those it read, up to maxFileHashes. A concurrent command
// may overwrite it; that loses only cached hashes.
func (s *fileHashStore) save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.new {
		return nil
	}
	s.new = false
	var buf bytes.Buffer
	buf.WriteString(fileHashMagic)
	n := 0
	for file, r := range s.used {
		appendFileRecord(&buf, file, r)
		n++
	}
	if len(s.old)+n <= maxFileHashes {
		for file, r := range s.old {
			if _, ok := s.used[file]; !ok {
				appendFileRecord(&buf, file, r)
			}
		}
	}
	sum := sha256.Sum256(buf.Bytes()[len(fileHashMagic):])
	buf.Write(sum[:])
	// A name of this process's own, since another command may be
	// saving at the same time.
	tmp, err := os.OpenFile(s.path+"."+strconv.Itoa(os.Getpid())+".tmp", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

func appendFileRecord(buf *bytes.Buffer, file string, r fileRecord) {
	var b [binary.MaxVarintLen64]byte
	put := func(v uint64) { buf.Write(b[:binary.PutUvarint(b[:], v)]) }
	put(uint64(len(file)))
	buf.WriteString(file)
	for _, v := range [...]uint64{r.st.size, r.st.mode, r.st.mtime, r.st.ctime, r.st.ino, r.st.dev} {
		put(v)
	}
	buf.Write(r.sum[:])
}

// decodeFileHashes parses a store; a store that is truncated or whose
// checksum does not match is ignored whole.
func decodeFileHashes(data []byte) (map[string]fileRecord, bool) {
	rest, ok := bytes.CutPrefix(data, []byte(fileHashMagic))
	if !ok || len(rest) < HashSize {
		return nil, false
	}
	body, check := rest[:len(rest)-HashSize], rest[len(rest)-HashSize:]
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], check) {
		return nil, false
	}
	recs := map[string]fileRecord{}
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(body)
		if n <= 0 {
			return 0, false
		}
		body = body[n:]
		return v, true
	}
	for len(body) > 0 {
		l, ok := uvarint()
		if !ok || uint64(len(body)) < l {
			return nil, false
		}
		file := string(body[:l])
		body = body[l:]
		var r fileRecord
		for _, p := range [...]*uint64{&r.st.size, &r.st.mode, &r.st.mtime, &r.st.ctime, &r.st.ino, &r.st.dev} {
			if *p, ok = uvarint(); !ok {
				return nil, false
			}
		}
		if len(body) < HashSize {
			return nil, false
		}
		copy(r.sum[:], body)
		body = body[HashSize:]
		recs[file] = r
	}
	return recs, true
}

// statOf returns the stat identity of fi, or false for anything but a
// regular file.
func statOf(fi fs.FileInfo) (fileStat, bool) {
	if !fi.Mode().IsRegular() {
		return fileStat{}, false
	}
	st := fileStat{
		size:  uint64(fi.Size()),
		mode:  uint64(fi.Mode()),
		mtime: uint64(fi.ModTime().UnixNano()),
	}
	sysStat(fi, &st)
	return st, true
}
