package imports

import (
	"go/build"
	"path/filepath"
	"runtime"
	"testing"
)

var benchDirs = []string{"fmt", "net/http", "os", "runtime", "go/build", "cmd/go/internal/load", "crypto/tls", "encoding/json"}

// BenchmarkImportDir compares go/build with the index, warm (a new Index
// per iteration, as each go command has, on a filled GOCACHE).
func BenchmarkImportDir(b *testing.B) {
	ctxt := build.Default
	var dirs []string
	for _, d := range benchDirs {
		dirs = append(dirs, filepath.Join(runtime.GOROOT(), "src", filepath.FromSlash(d)))
	}
	b.Run("gobuild", func(b *testing.B) {
		for range b.N {
			for _, dir := range dirs {
				if _, err := ctxt.ImportDir(dir, 0); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("index", func(b *testing.B) {
		gocache := b.TempDir()
		for _, dir := range dirs {
			New(Config{GOCACHE: gocache}).ImportDir(&ctxt, dir, 0)
		}
		b.ResetTimer()
		for range b.N {
			x := New(Config{GOCACHE: gocache})
			for _, dir := range dirs {
				if _, err := x.ImportDir(&ctxt, dir, 0); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
