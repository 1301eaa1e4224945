package modfetch

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/module"
)

// TestSumsWrite checks go.sum writing: existing lines stay (unless
// trimmed), verified hashes are added only for kept versions, and the
// file comes out sorted by module version, duplicates dropped.
func TestSumsWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "go.sum")
	old := "example.com/b v1.0.0 h1:bbb=\n" +
		"example.com/a v1.0.0/go.mod h1:amod=\n" +
		"example.com/a v1.0.0/go.mod h1:amod=\n"
	if err := os.WriteFile(name, []byte(old), 0o666); err != nil {
		t.Fatal(err)
	}
	s := LoadSums(name)
	s.add(module.Version{Path: "example.com/a", Version: "v1.0.0"}, "h1:azip=")
	s.add(module.Version{Path: "example.com/c", Version: "v1.0.0"}, "h1:czip=")
	keep := map[module.Version]bool{
		{Path: "example.com/a", Version: "v1.0.0"}:        true,
		{Path: "example.com/a", Version: "v1.0.0/go.mod"}: true,
	}
	opts := SumWriteOptions{Keep: func(m module.Version) bool { return keep[m] }}
	if !s.Dirty(opts) {
		t.Fatal("Dirty = false, want true")
	}
	if err := s.Write(SumWriteOptions{Keep: opts.Keep, Readonly: true}); err != ErrGoSumDirty {
		t.Fatalf("readonly Write = %v, want ErrGoSumDirty", err)
	}
	if err := s.Write(opts); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(name)
	want := "example.com/a v1.0.0 h1:azip=\n" +
		"example.com/a v1.0.0/go.mod h1:amod=\n" +
		"example.com/b v1.0.0 h1:bbb=\n"
	if string(got) != want {
		t.Errorf("go.sum:\n%s\nwant:\n%s", got, want)
	}

	// Trimming drops what is not kept.
	s = LoadSums(name)
	trim := SumWriteOptions{Keep: opts.Keep, Trim: true}
	if err := s.Write(trim); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(name)
	want = "example.com/a v1.0.0 h1:azip=\n" +
		"example.com/a v1.0.0/go.mod h1:amod=\n"
	if string(got) != want {
		t.Errorf("trimmed go.sum:\n%s\nwant:\n%s", got, want)
	}
}
