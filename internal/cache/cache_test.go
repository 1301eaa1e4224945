package cache

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openTemp(t *testing.T, opts Options) *DiskCache {
	t.Helper()
	c, err := Open(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func actionID(s string) ActionID { return ActionID(sha256.Sum256([]byte(s))) }

func TestOpenCreatesSubdirs(t *testing.T) {
	c := openTemp(t, Options{})
	for i := range 256 {
		info, err := os.Stat(filepath.Join(c.Dir(), fmt.Sprintf("%02x", i)))
		if err != nil || !info.IsDir() {
			t.Fatalf("subdirectory %02x: %v", i, err)
		}
	}
	if _, err := Open(filepath.Join(c.Dir(), "missing"), Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want not exist", err)
	}
	file := filepath.Join(c.Dir(), "file")
	os.WriteFile(file, nil, 0o666)
	if _, err := Open(file, Options{}); err == nil || err.Error() != "open "+file+": not a directory" {
		t.Errorf("Open(file) = %v", err)
	}
}

func TestPutGet(t *testing.T) {
	now := time.Unix(1700000000, 123456789)
	c := openTemp(t, Options{Now: func() time.Time { return now }})
	id := actionID("action")
	data := []byte("hello, cache\n")
	out, size, err := c.Put(id, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if out != OutputID(sha256.Sum256(data)) || size != int64(len(data)) {
		t.Fatalf("Put = %x, %d", out, size)
	}
	e, err := c.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.OutputID != out || e.Size != size || !e.Time.Equal(now) {
		t.Fatalf("Get = %+v", e)
	}
	got, _, err := GetBytes(c, id)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("GetBytes = %q, %v", got, err)
	}
	file, _, err := GetFile(c, id)
	if err != nil || file != filepath.Join(c.Dir(), fmt.Sprintf("%02x", out[0]), fmt.Sprintf("%x-d", out)) {
		t.Fatalf("GetFile = %s, %v", file, err)
	}
	// The index entry has exactly go's format.
	idx, err := os.ReadFile(c.IndexFile(id))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("v1 %x %x %20d %20d\n", id, out, size, now.UnixNano())
	if string(idx) != want || len(idx) != entrySize {
		t.Fatalf("index entry:\n%q\nwant\n%q", idx, want)
	}
	if _, err := c.Get(actionID("other")); !IsNotFound(err) {
		t.Fatalf("Get(other) = %v, want miss", err)
	}
	// Empty outputs work too.
	if err := PutBytes(c, actionID("empty"), nil); err != nil {
		t.Fatal(err)
	}
	if got, _, err := GetBytes(c, actionID("empty")); err != nil || len(got) != 0 {
		t.Fatalf("GetBytes(empty) = %q, %v", got, err)
	}
}

func TestParseIndexEntry(t *testing.T) {
	id, out := actionID("a"), OutputID(sha256.Sum256([]byte("o")))
	good := string(FormatIndexEntry(id, out, 42, time.Unix(0, 7)))
	gid, e, err := ParseIndexEntry([]byte(good))
	if err != nil || gid != id || e.OutputID != out || e.Size != 42 || e.Time.UnixNano() != 7 {
		t.Fatalf("ParseIndexEntry(good) = %x %+v %v", gid, e, err)
	}
	bad := map[string]string{
		"":                                 "file is empty",
		good[:10]:                          "entry file incomplete",
		good + "x":                         "too long",
		"v2" + good[2:]:                    "invalid header",
		strings.Replace(good, " ", "_", 1): "invalid header",
		good[:3] + "zz" + good[5:]:         "decoding ID: encoding/hex: invalid byte: U+007A 'z'",
		good[:len(good)-3] + "x7\n":        "parsing timestamp: strconv.ParseInt: parsing \"x7\": invalid syntax",
		good[:len(good)-3] + "-7\n":        "negative timestamp",
		good[:3+2*hexSize+2+17] + "-42" + good[3+2*hexSize+2+20:]: "negative size",
	}
	for data, want := range bad {
		if _, _, err := ParseIndexEntry([]byte(data)); err == nil || err.Error() != want {
			t.Errorf("ParseIndexEntry(%q) = %v, want %q", data, err, want)
		}
	}
}

func TestCorruptedEntriesHeal(t *testing.T) {
	c := openTemp(t, Options{})
	id := actionID("heal")
	data := bytes.Repeat([]byte("0123456789"), 1000)
	out, _, err := c.Put(id, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	idx := c.IndexFile(id)
	outFile := c.OutputFile(out)
	good, _ := os.ReadFile(idx)

	damage := map[string]func(){
		"truncated index":  func() { os.WriteFile(idx, good[:50], 0o666) },
		"empty index":      func() { os.WriteFile(idx, nil, 0o666) },
		"garbage index":    func() { os.WriteFile(idx, bytes.Repeat([]byte("x"), entrySize), 0o666) },
		"long index":       func() { os.WriteFile(idx, append(append([]byte{}, good...), good...), 0o666) },
		"truncated output": func() { os.Truncate(outFile, 100) },
		"empty output":     func() { os.Truncate(outFile, 0) },
		"long output":      func() { os.WriteFile(outFile, append(append([]byte{}, data...), "tail"...), 0o666) },
		"flipped output":   func() { flipped := bytes.Clone(data); flipped[5000] ^= 1; os.WriteFile(outFile, flipped, 0o666) },
		"missing output":   func() { os.Remove(outFile) },
		"missing index":    func() { os.Remove(idx) },
	}
	for name, f := range damage {
		f()
		if got, _, err := GetBytes(c, id); err == nil {
			t.Errorf("%s: GetBytes succeeded with %d bytes", name, len(got))
		} else if !IsNotFound(err) {
			t.Errorf("%s: GetBytes error %v is not a miss", name, err)
		}
		if _, _, err := c.Put(id, bytes.NewReader(data)); err != nil {
			t.Errorf("%s: Put: %v", name, err)
		}
		if got, _, err := GetBytes(c, id); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: not healed: %v", name, err)
		}
		if _, _, err := GetFile(c, id); err != nil {
			t.Errorf("%s: GetFile after heal: %v", name, err)
		}
	}
}

func TestPutExecutable(t *testing.T) {
	c := openTemp(t, Options{})
	id := actionID("link")
	prog := []byte("#!/bin/sh\necho hi\n")
	out, size, err := c.PutExecutable(id, "hello", bytes.NewReader(prog))
	if err != nil {
		t.Fatal(err)
	}
	dir := c.fileName(out, "d")
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("executable entry is not a directory: %v", err)
	}
	file, e, err := GetFile(c, id)
	if err != nil || e.Size != size || file != filepath.Join(dir, "hello") {
		t.Fatalf("GetFile = %s, %+v, %v", file, e, err)
	}
	if info, _ := os.Stat(file); info.Mode().Perm()&0o100 == 0 {
		t.Errorf("executable mode = %v", info.Mode())
	}
	// Putting it again is a no-op; a second name breaks the entry, as in go.
	if _, _, err := c.PutExecutable(id, "hello", bytes.NewReader(prog)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.PutExecutable(id, "", bytes.NewReader(prog)); err == nil {
		t.Error("PutExecutable without a name succeeded")
	}
	os.WriteFile(filepath.Join(dir, "other"), nil, 0o666)
	if got := c.OutputFile(out); got != "DO NOT USE - invalid binary cache entry" {
		t.Errorf("OutputFile with two files = %q", got)
	}
}

func TestMarkUsed(t *testing.T) {
	now := time.Now()
	c := openTemp(t, Options{Now: func() time.Time { return now }})
	id := actionID("used")
	out, _, err := c.Put(id, bytes.NewReader([]byte("x")))
	if err != nil {
		t.Fatal(err)
	}
	idx, outFile := c.IndexFile(id), c.fileName(out, "d")
	mtime := func(f string) time.Time { info, _ := os.Stat(f); return info.ModTime() }

	// Less than an hour old: left alone.
	old := now.Add(-59 * time.Minute)
	os.Chtimes(idx, old, old)
	os.Chtimes(outFile, old, old)
	GetFile(c, id)
	if !mtime(idx).Equal(old) || !mtime(outFile).Equal(old) {
		t.Errorf("mtime updated within the hour")
	}
	// An hour or more: refreshed.
	old = now.Add(-time.Hour)
	os.Chtimes(idx, old, old)
	os.Chtimes(outFile, old, old)
	GetFile(c, id)
	if !mtime(idx).Equal(now) || !mtime(outFile).Equal(now) {
		t.Errorf("mtime not refreshed: %v %v, want %v", mtime(idx), mtime(outFile), now)
	}
}

func TestVerifyMode(t *testing.T) {
	hr := NewHasher(HasherConfig{Record: true})
	dir := t.TempDir()
	plain, _ := Open(dir, Options{})
	c, _ := Open(dir, Options{Verify: true, Hasher: hr})
	h := hr.NewHash("test")
	h.Write([]byte("describe me"))
	id := ActionID(h.Sum())
	if _, _, err := plain.Put(id, bytes.NewReader([]byte("one"))); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(id); !IsNotFound(err) || !strings.Contains(err.Error(), "gocacheverify=1") {
		t.Fatalf("Get in verify mode = %v", err)
	}
	if _, _, err := c.Put(id, bytes.NewReader([]byte("one"))); err != nil {
		t.Fatalf("identical Put in verify mode: %v", err)
	}
	_, _, err := c.Put(id, bytes.NewReader([]byte("two")))
	var ve *VerifyError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "cache verify failed") || !strings.Contains(err.Error(), "describe me") {
		t.Fatalf("changed Put in verify mode = %v", err)
	}
	if _, _, err := PutNoVerify(c, id, bytes.NewReader([]byte("two"))); err != nil {
		t.Fatalf("PutNoVerify: %v", err)
	}
}

func TestHash(t *testing.T) {
	if got := Salt("go1.26.0 X:nocoverageredesign"); got != "go1.26.0" {
		t.Errorf("Salt = %q", got)
	}
	if got := Salt("devel go1.27-abc-X:foo"); got != "devel go1.27-abc" {
		t.Errorf("Salt = %q", got)
	}
	// A Hash is SHA-256 of the salt followed by the input.
	var trace strings.Builder
	hr := NewHasher(HasherConfig{Salt: "go1.26.8", Trace: &trace})
	h := hr.NewHash("x")
	h.Write([]byte("input"))
	if got, want := h.Sum(), sha256.Sum256([]byte("go1.26.8input")); got != want {
		t.Errorf("Sum = %x, want %x", got, want)
	}
	want := fmt.Sprintf("HASH[x]\nHASH[x]: \"input\"\nHASH[x]: %x\n", sha256.Sum256([]byte("go1.26.8input")))
	if trace.String() != want {
		t.Errorf("trace:\n%s\nwant:\n%s", trace.String(), want)
	}
	h2 := NewHash("y")
	h2.Write([]byte("input"))
	if h2.Sum() != sha256.Sum256([]byte(DefaultSalt()+"input")) {
		t.Error("NewHash does not use DefaultSalt")
	}
	parent := actionID("p")
	if Subkey(parent, "d") != sha256.Sum256(append(append([]byte("subkey:"), parent[:]...), 'd')) {
		t.Error("Subkey mismatch")
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, []byte("abc"), 0o666)
	if sum, err := hr.FileHash(file); err != nil || sum != sha256.Sum256([]byte("abc")) {
		t.Errorf("FileHash = %x, %v", sum, err)
	}
	os.WriteFile(file, []byte("changed"), 0o666)
	if sum, _ := hr.FileHash(file); sum != sha256.Sum256([]byte("abc")) {
		t.Error("FileHash not memoized")
	}
}

func TestParseDebug(t *testing.T) {
	for in, want := range map[string]Debug{
		"":                                {},
		"gocacheverify=1":                 {Verify: true},
		"gocachehash=1,gocachetest=1":     {Hash: true, Test: true},
		"gocacheverify=1,gocacheverify=0": {},
		"x=y,gocacheverify=0,gocacheverify=1#abc": {Verify: true},
	} {
		if got := ParseDebug(in); got != want {
			t.Errorf("ParseDebug(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestOpenDefault(t *testing.T) {
	ctx := t.Context()
	_, err := OpenDefault(ctx, DefaultConfig{Dir: "off"})
	if err == nil || err.Error() != "build cache is disabled by GOCACHE=off, but required as of Go 1.12" {
		t.Errorf("GOCACHE=off: %v", err)
	}
	_, err = OpenDefault(ctx, DefaultConfig{Dir: "off", DirErr: errors.New("GOCACHE is not an absolute path")})
	if err == nil || err.Error() != "build cache is required, but could not be located: GOCACHE is not an absolute path" {
		t.Errorf("relative GOCACHE: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "a", "b")
	c, err := OpenDefault(ctx, DefaultConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "README")); err != nil || !strings.HasPrefix(string(data), "This directory holds cached build artifacts") {
		t.Errorf("README: %q, %v", data, err)
	}
	if c.FuzzDir() != filepath.Join(dir, "fuzz") {
		t.Errorf("FuzzDir = %s", c.FuzzDir())
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o666)
	_, err = OpenDefault(ctx, DefaultConfig{Dir: file})
	if err == nil || !strings.HasPrefix(err.Error(), "failed to initialize build cache at "+file+": ") {
		t.Errorf("GOCACHE=file: %v", err)
	}
}
