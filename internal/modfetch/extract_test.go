package modfetch

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"hash/crc32"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

// TestExtractHashingMatchesTwoPass checks the one-pass extraction
// against the two passes it replaces: dirhash.HashZip for the hash and
// modzip.Unzip for the tree, on a zip with directory entries, nested
// and empty files and a file too large to be buffered.
func TestExtractHashingMatchesTwoPass(t *testing.T) {
	m := module.Version{Path: "example.com/m", Version: "v1.2.3"}
	prefix := m.Path + "@" + m.Version + "/"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, content string) {
		w, err := zw.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	add("go.mod", "module example.com/m\n")
	add("a.go", "package m\n")
	add("sub/", "")
	add("sub/deeper/b.go", "package deeper\n")
	add("sub/empty.txt", "")
	add("sub/other/c.go", "package other\n")
	add("big.dat", strings.Repeat("0123456789abcdef", maxBufferedFile/16+100))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	zipFile := filepath.Join(tmp, "m.zip")
	if err := os.WriteFile(zipFile, buf.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}

	want, err := dirhash.HashZip(zipFile, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	twoPass := filepath.Join(tmp, "two")
	if err := modzip.Unzip(twoPass, m, zipFile); err != nil {
		t.Fatal(err)
	}
	z, closeZip, err := openZip(zipFile)
	if err != nil {
		t.Fatal(err)
	}
	defer closeZip()
	onePass := filepath.Join(tmp, "one")
	got, err := extractHashing(onePass, m, z)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("hash = %s, want %s", got, want)
	}
	if a, b := treeListing(t, twoPass), treeListing(t, onePass); a != b {
		t.Errorf("extracted tree differs from modzip.Unzip's:\n%s\nwant:\n%s", b, a)
	}
}

// treeListing describes every file and directory under root: mode,
// name and content.
func treeListing(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b.WriteString(info.Mode().String() + " " + rel)
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString(" " + string(data))
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFreshDownloadChecksumMismatch checks that a zip extracted as it
// is hashed leaves nothing behind when go.sum rejects its hash.
func TestFreshDownloadChecksumMismatch(t *testing.T) {
	p := newFakeProxy()
	p.add(t, "example.com/t", "v1.0.0", map[string]string{"a.go": "package a\n", "sub/b.go": "package sub\n"})
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	m := module.Version{Path: "example.com/t", Version: "v1.0.0"}
	sumFile := filepath.Join(t.TempDir(), "go.sum")
	os.WriteFile(sumFile, []byte("example.com/t v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"), 0o666)
	c.Sums = LoadSums(sumFile)

	_, err := c.DownloadContext(context.Background(), m, nil)
	if err == nil || !strings.Contains(err.Error(), "verifying example.com/t@v1.0.0: checksum mismatch") ||
		!strings.Contains(err.Error(), "SECURITY ERROR") {
		t.Fatalf("DownloadContext = %v, want a checksum mismatch", err)
	}
	if _, err := os.Stat(filepath.Join(c.Dir, "example.com", "t@v1.0.0")); err == nil {
		t.Errorf("rejected tree left in the cache")
	}
	vdir := filepath.Join(c.Dir, "cache", "download", "example.com", "t", "@v")
	ents, _ := os.ReadDir(vdir)
	for _, e := range ents {
		switch filepath.Ext(e.Name()) {
		case ".info", ".mod", ".lock", "":
		default:
			t.Errorf("left in the cache: %s", e.Name())
		}
	}
}

// TestSizeLieTakesTwoPassPath checks that a zip whose files are longer
// than declared fails with the error of the two-pass path (the hash
// pass's), and leaves no tree.
func TestSizeLieTakesTwoPassPath(t *testing.T) {
	const mp = "example.com/liar"
	m := module.Version{Path: mp, Version: "v1.0.0"}
	prefix := mp + "@v1.0.0/"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(prefix + "go.mod")
	w.Write([]byte("module " + mp + "\n"))
	content := []byte("package liar\n" + strings.Repeat("// padding\n", 100))
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.DefaultCompression)
	fw.Write(content)
	fw.Close()
	raw, err := zw.CreateRaw(&zip.FileHeader{
		Name:               prefix + "liar.go",
		Method:             zip.Deflate,
		CRC32:              crc32.ChecksumIEEE(content),
		CompressedSize64:   uint64(deflated.Len()),
		UncompressedSize64: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(deflated.Bytes())
	zw.Close()

	zipFile := filepath.Join(t.TempDir(), "liar.zip")
	os.WriteFile(zipFile, buf.Bytes(), 0o666)
	_, hashErr := dirhash.HashZip(zipFile, dirhash.Hash1)
	if hashErr == nil {
		t.Fatal("HashZip accepted a zip that lies about a size")
	}

	p := newFakeProxy()
	p.addRaw(mp, "v1.0.0", []byte("module "+mp+"\n"), buf.Bytes())
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	_, err = c.DownloadContext(context.Background(), m, nil)
	if err == nil || err.Error() != hashErr.Error() {
		t.Errorf("DownloadContext = %v, want %v", err, hashErr)
	}
	if d, err := c.DownloadDir(m); err == nil {
		t.Errorf("tree extracted at %s", d)
	}
	if _, err := os.Stat(filepath.Join(c.Dir, mp+"@v1.0.0")); err == nil {
		t.Errorf("abandoned tree left in the cache")
	}
}
