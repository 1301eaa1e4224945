package resultcache

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"gocmd/internal/cache"
)

// setup returns a prepared cache directory, a file aged past the cutoff
// and a key.
func setup(t *testing.T) (gocache, file string, key Key) {
	t.Helper()
	gocache = t.TempDir()
	if _, err := cache.Open(gocache, cache.Options{}); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(t.TempDir(), "go.mod")
	writeAged(t, file, "module m\n", time.Hour)
	k, err := NewKey("test v1")
	if err != nil {
		t.Fatal(err)
	}
	k.Add("arg", "all")
	return gocache, file, k.Sum()
}

// writeAged writes file and dates it age ago.
func writeAged(t *testing.T, file, data string, age time.Duration) {
	t.Helper()
	if err := os.WriteFile(file, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-age)
	if err := os.Chtimes(file, old, old); err != nil {
		t.Fatal(err)
	}
}

func TestStoreLookup(t *testing.T) {
	gocache, file, key := setup(t)
	missing := filepath.Join(filepath.Dir(file), "vendor")
	r := NewRecorder()
	r.ObserveFile(file)
	r.ObserveFile(missing)
	if err := Store(gocache, key, []byte("out\n"), r); err != nil {
		t.Fatal(err)
	}
	out, ok := Lookup(gocache, key)
	if !ok || string(out) != "out\n" {
		t.Fatalf("Lookup = %q, %v; want the stored output", out, ok)
	}

	k2, _ := NewKey("test v1")
	k2.Add("arg", "other")
	if _, ok := Lookup(gocache, k2.Sum()); ok {
		t.Errorf("Lookup of another key hit")
	}

	// A file that appears where none was invalidates the entry.
	if err := os.Mkdir(missing, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, ok := Lookup(gocache, key); ok {
		t.Errorf("Lookup hit after an observed missing file appeared")
	}
	os.Remove(missing)
	if _, ok := Lookup(gocache, key); !ok {
		t.Errorf("Lookup missed once the file was gone again")
	}

	// So does a change of size or modification time.
	writeAged(t, file, "module m2\n", time.Hour)
	if _, ok := Lookup(gocache, key); ok {
		t.Errorf("Lookup hit after the file changed size")
	}
	writeAged(t, file, "module m\n", 2*time.Hour)
	if _, ok := Lookup(gocache, key); ok {
		t.Errorf("Lookup hit after the file's modification time changed")
	}
}

func TestStoreRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		observe func(r *Recorder, file string)
	}{
		{"network", func(r *Recorder, file string) { r.ObserveFile(file); r.ObserveNetwork() }},
		{"unnamed", func(r *Recorder, file string) { r.ObserveFile(file); r.ObserveFile("") }},
		{"relative", func(r *Recorder, file string) { r.ObserveFile("go.mod") }},
		{"modified after the start", func(r *Recorder, file string) {
			writeAged(t, file, "module m\n", 0)
			r.ObserveFile(file)
		}},
		{"modified within a tick of the start", func(r *Recorder, file string) {
			setTime(t, file, r.start.Add(-fineCutoff/2))
			r.ObserveFile(file)
		}},
		{"whole-second time within two seconds of the start", func(r *Recorder, file string) {
			setTime(t, file, r.start.Add(-time.Second).Truncate(time.Second))
			r.ObserveFile(file)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gocache, file, key := setup(t)
			r := NewRecorder()
			tc.observe(r, file)
			if err := Store(gocache, key, []byte("out\n"), r); err != nil {
				t.Fatal(err)
			}
			if _, ok := Lookup(gocache, key); ok {
				t.Errorf("result stored")
			}
		})
	}
}

// setTime sets file's modification time.
func setTime(t *testing.T, file string, mtime time.Time) {
	t.Helper()
	if err := os.Chtimes(file, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// TestStoreSettled checks that a file modified shortly before the
// computation started counts as settled when its time has a fraction of
// a second.
func TestStoreSettled(t *testing.T) {
	gocache, file, key := setup(t)
	r := NewRecorder()
	mtime := r.start.Add(-4 * fineCutoff)
	if mtime.Nanosecond() == 0 {
		mtime = mtime.Add(time.Millisecond)
	}
	setTime(t, file, mtime)
	r.ObserveFile(file)
	if err := Store(gocache, key, []byte("out\n"), r); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || fi.ModTime().Nanosecond() == 0 {
		t.Skip("the file system keeps whole seconds only")
	}
	if _, ok := Lookup(gocache, key); !ok {
		t.Errorf("result depending on a file modified %v before the start not stored", 4*fineCutoff)
	}
}

func TestLookupDamagedEntry(t *testing.T) {
	gocache, file, key := setup(t)
	for _, data := range []string{
		"",
		"gocmd result v0\n\nout",
		entryFormat + "1 420 9 x " + file + "\n\nout",
		entryFormat + "1 420 9 1\n\nout",
		entryFormat + "0 0 0 0 " + file, // no end of the file list
	} {
		if err := cache.PutBytes(cache.Existing(gocache), key, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if out, ok := Lookup(gocache, key); ok {
			t.Errorf("Lookup of entry %q = %q, want a miss", data, out)
		}
	}
}
