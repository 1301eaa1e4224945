package base

import (
	"os"
	"path/filepath"
	"testing"
)

func TestShortPath(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(sub, "a.go")
	if err := os.WriteFile(file, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Dir(dir)
	for _, tt := range []struct{ dir, path, want string }{
		{dir, file, filepath.Join("sub", "a.go")},       // shorter and the same file
		{dir, filepath.Join(dir, "missing"), "missing"}, // neither exists: relative
		{dir, "relative/x.go", "relative/x.go"},         // not absolute: as is
		{sub, outside, filepath.Join("..", "..")},       // "../.." is shorter
		{dir, filepath.Join(dir, "sub"), "sub"},         // a directory
	} {
		if got := ShortPath(tt.dir, tt.path); got != tt.want {
			t.Errorf("ShortPath(%q, %q) = %q, want %q", tt.dir, tt.path, got, tt.want)
		}
	}
}
