package cache

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFileHashStore checks that a stored hash is reused while the file's
// stat fields are unchanged, and that any change, a recent file or a
// damaged store makes the hasher read the file again.
func TestFileHashStore(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, FileHashStoreName)
	file := filepath.Join(dir, "a.go")
	old := time.Now().Add(-time.Hour)
	write := func(content string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(file, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	// later is a clock far enough ahead that the file's status change
	// time (set by the writes above) is old.
	later := func() time.Time { return time.Now().Add(time.Minute) }
	hash := func(now func() time.Time) [HashSize]byte {
		t.Helper()
		hr := NewHasher(HasherConfig{FileHashStore: store, Now: now})
		sum, err := hr.FileHash(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := hr.Save(); err != nil {
			t.Fatal(err)
		}
		return sum
	}

	write("package a\n", old)
	if got, want := hash(later), sha256.Sum256([]byte("package a\n")); got != want {
		t.Fatalf("first hash = %x, want %x", got, want)
	}
	// A record matching the file's stat is believed: the store is read.
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := statOf(fi)
	fake := [HashSize]byte{1, 2, 3}
	s := &fileHashStore{path: store, now: later}
	s.add(file, st, fake)
	if err := s.save(); err != nil {
		t.Fatal(err)
	}
	if got := hash(later); got != fake {
		t.Fatalf("hash with stored record = %x, want %x", got, fake)
	}

	// A changed size or mtime is seen.
	write("package c // longer\n", old.Add(time.Second))
	if got, want := hash(later), sha256.Sum256([]byte("package c // longer\n")); got != want {
		t.Fatalf("hash after edit = %x, want %x", got, want)
	}

	// A file modified within the cutoff is not stored.
	os.Remove(store)
	write("package d\n", time.Now())
	hash(time.Now)
	if _, err := os.Stat(store); err == nil && len(readStore(t, store)) != 0 {
		t.Fatalf("recently modified file was stored")
	}

	// A damaged store is ignored.
	write("package e\n", old)
	hash(later)
	data, err := os.ReadFile(store)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 1
	os.WriteFile(store, data, 0o666)
	if _, ok := decodeFileHashes(data); ok {
		t.Fatalf("damaged store decoded")
	}
	if got, want := hash(later), sha256.Sum256([]byte("package e\n")); got != want {
		t.Fatalf("hash with damaged store = %x, want %x", got, want)
	}
	if len(readStore(t, store)) != 1 {
		t.Fatalf("store not rewritten after damage")
	}
}

func readStore(t *testing.T, store string) map[string]fileRecord {
	t.Helper()
	data, err := os.ReadFile(store)
	if err != nil {
		t.Fatal(err)
	}
	recs, ok := decodeFileHashes(data)
	if !ok {
		t.Fatalf("cannot decode store")
	}
	return recs
}
