package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestTrim(t *testing.T) {
	start := time.Unix(1700000000, 0)
	now := start
	dir := t.TempDir()
	c, err := Open(dir, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	exists := func(f string) bool { _, err := os.Stat(f); return err == nil }
	trimTime := func() int64 {
		data, _ := os.ReadFile(filepath.Join(dir, "trim.txt"))
		n, _ := strconv.ParseInt(string(data), 10, 64)
		return n
	}

	oldID, newID, exeID := actionID("old"), actionID("new"), actionID("exe")
	oldOut, _, _ := c.Put(oldID, bytes.NewReader([]byte("old")))
	exeOut, _, _ := c.PutExecutable(exeID, "prog", bytes.NewReader([]byte("exe")))
	stray := filepath.Join(dir, "00", "not-an-entry")
	os.WriteFile(stray, nil, 0o666)
	old := start.Add(-10 * 24 * time.Hour)
	os.Chtimes(stray, old, old)

	// First trim: nothing is old enough; trim.txt records the time.
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if trimTime() != start.Unix() {
		t.Fatalf("trim.txt = %d, want %d", trimTime(), start.Unix())
	}

	// Six days and one hour later the old entries have not been used for
	// longer than the limit (5 days + 1 hour of mtime slack).
	now = start.Add(6*24*time.Hour + time.Hour)
	newOut, _, _ := c.Put(newID, bytes.NewReader([]byte("new")))

	// Trimming is skipped while trim.txt is recent...
	os.WriteFile(filepath.Join(dir, "trim.txt"), []byte(strconv.FormatInt(now.Add(-23*time.Hour).Unix(), 10)), 0o666)
	c.Trim()
	if !exists(c.IndexFile(oldID)) {
		t.Fatal("trimmed although trim.txt is recent")
	}
	// ...or lies less than an hour in the future...
	os.WriteFile(filepath.Join(dir, "trim.txt"), []byte(strconv.FormatInt(now.Add(59*time.Minute).Unix(), 10)), 0o666)
	c.Trim()
	if !exists(c.IndexFile(oldID)) {
		t.Fatal("trimmed although trim.txt is slightly in the future")
	}
	// ...but garbage does not prevent a trim (nor do a day-old time or one
	// far in the future, checked below).
	os.WriteFile(filepath.Join(dir, "trim.txt"), []byte("garbage"), 0o666)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if trimTime() != now.Unix() {
		t.Errorf("trim.txt not replaced by now")
	}
	if exists(c.IndexFile(oldID)) || exists(c.fileName(oldOut, "d")) || exists(c.fileName(exeOut, "d")) || exists(c.IndexFile(exeID)) {
		t.Error("old entries survived the trim")
	}
	if !exists(c.IndexFile(newID)) || !exists(c.fileName(newOut, "d")) {
		t.Error("new entries were trimmed")
	}
	if !exists(stray) {
		t.Error("a file that is not an entry was trimmed")
	}
	for _, content := range []string{strconv.FormatInt(now.Add(-24*time.Hour).Unix(), 10), strconv.FormatInt(now.Add(2*time.Hour).Unix(), 10)} {
		os.WriteFile(filepath.Join(dir, "trim.txt"), []byte(content), 0o666)
		c.Trim()
		if trimTime() != now.Unix() {
			t.Errorf("trim.txt %q: not replaced by now", content)
		}
	}

	// An entry used (Get) within the limit survives; mtime drives trimming.
	if _, err := c.Get(newID); err != nil {
		t.Fatal(err)
	}
	now = now.Add(5 * 24 * time.Hour)
	c.Get(newID) // refreshes the index entry mtime
	now = now.Add(2 * 24 * time.Hour)
	os.Remove(filepath.Join(dir, "trim.txt"))
	c.Close()
	if !exists(c.IndexFile(newID)) {
		t.Error("recently used index entry was trimmed")
	}
	if exists(c.fileName(newOut, "d")) {
		t.Error("unused output was not trimmed")
	}
}
