package modfetch

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

func TestDownloadExtractsZip(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	os.MkdirAll(src, 0o777)
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module example.com/m\n"), 0o666)
	os.WriteFile(filepath.Join(src, "m.go"), []byte("package m\n"), 0o666)
	m := module.Version{Path: "example.com/M", Version: "v1.0.0"}
	c := &Cache{Dir: filepath.Join(tmp, "cache"), GOPROXY: "off"}
	zipFile, err := c.CachePath(m, "zip")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(zipFile, "example.com/!m/@v/v1.0.0.zip") {
		t.Errorf("CachePath = %s", zipFile)
	}
	os.MkdirAll(filepath.Dir(zipFile), 0o777)
	f, _ := os.Create(zipFile)
	if err := modzip.CreateFromDir(f, m, src); err != nil {
		t.Fatal(err)
	}
	f.Close()
	hash, _ := dirhash.HashZip(zipFile, dirhash.Hash1)

	if _, err := c.DownloadDir(m); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("DownloadDir before extraction: %v", err)
	}
	bad := &Sums{files: []sumFile{{name: "go.sum", m: map[module.Version][]string{m: {"h1:bad="}}}}}
	if _, err := c.Download(m, bad); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("Download with wrong sum: %v", err)
	}
	c = &Cache{Dir: c.Dir, GOPROXY: "off"} // a new invocation
	good := &Sums{files: []sumFile{{name: "go.sum", m: map[module.Version][]string{m: {hash}}}}}
	dir, err := c.Download(m, good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "m.go")); err != nil {
		t.Fatal(err)
	}
	if d2, err := c.DownloadDir(m); err != nil || d2 != dir {
		t.Fatalf("DownloadDir after extraction = %s, %v", d2, err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			os.Chmod(p, 0o777)
			return nil
		})
	})

	missing := module.Version{Path: "example.com/x", Version: "v1.0.0"}
	var logged []string
	c.Log = func(s string) { logged = append(logged, s) }
	if _, err := c.Download(missing, nil); err != ErrLookupDisabled {
		t.Errorf("Download(missing) = %v", err)
	}
	if len(logged) != 1 || logged[0] != "go: downloading example.com/x v1.0.0" {
		t.Errorf("logged %q", logged)
	}
	if _, err := c.GoMod(missing); err == nil || err.Error() != "example.com/x@v1.0.0: module lookup disabled by GOPROXY=off" {
		t.Errorf("GoMod(missing) = %v", err)
	}
}

func TestSums(t *testing.T) {
	tmp := t.TempDir()
	a := filepath.Join(tmp, "go.sum")
	os.WriteFile(a, []byte("example.com/a v1.0.0 h1:x=\nexample.com/a v1.0.0/go.mod h1:y=\n\n"), 0o666)
	b := filepath.Join(tmp, "bad.sum")
	os.WriteFile(b, []byte("example.com/a v1.0.0\n"), 0o666)
	s := LoadSums(a)
	if !s.Have(module.Version{Path: "example.com/a", Version: "v1.0.0/go.mod"}) || s.Err() != nil {
		t.Errorf("Have go.mod sum = false, err %v", s.Err())
	}
	if h, ok := s.Recorded(module.Version{Path: "example.com/a", Version: "v1.0.0"}); !ok || h != "h1:x=" {
		t.Errorf("Recorded = %q, %v", h, ok)
	}
	if err := LoadSums(b).Err(); err == nil || !strings.Contains(err.Error(), "bad.sum:1: wrong number of fields 2") {
		t.Errorf("malformed go.sum error = %v", err)
	}
}

// TestParsePlainInfo checks the fast .info parser against encoding/json:
// it must agree on every file it accepts, and accept only files that
// json.Marshal would write back unchanged.
func TestParsePlainInfo(t *testing.T) {
	for _, tc := range []struct {
		data  string
		plain bool
	}{
		{`{"Version":"v0.42.0","Time":"2026-10-09T20:24:17Z"}`, true},
		{`{"Version":"v0.0.0-20261009151841-97e8ea77aa2a","Time":"2026-10-09T15:18:41.5Z"}`, true},
		{`{"Version":"v1.0.0","Time":"2020-01-02T03:04:05+01:00"}`, true},
		{`{"Version":"v1.0.0","Time":"2020-01-02T03:04:05.000Z"}`, false}, // json writes no trailing zeros
		{`{"Version":"v1.0.0","Time":"2020-01-02T03:04:05Z"}` + "\n", false},
		{`{"Version":"v1.0.0","Time":"2020-01-02T03:04:05Z","Origin":{"VCS":"git"}}`, false},
		{`{"Version":"v1.0.0<","Time":"2020-01-02T03:04:05Z"}`, false},
		{`{"Version":"v1.0.0","Name":"abc","Time":"2020-01-02T03:04:05Z"}`, false},
	} {
		info, ok := parsePlainInfo([]byte(tc.data))
		if ok != tc.plain {
			t.Errorf("parsePlainInfo(%s): ok = %v, want %v", tc.data, ok, tc.plain)
			continue
		}
		if !ok {
			continue
		}
		var want RevInfo
		if err := json.Unmarshal([]byte(tc.data), &want); err != nil {
			t.Fatal(err)
		}
		if info.Version != want.Version || !info.Time.Equal(want.Time) || info.Time.String() != want.Time.String() {
			t.Errorf("parsePlainInfo(%s) = %+v, want %+v", tc.data, info, want)
		}
		if again, _ := json.Marshal(info); string(again) != tc.data {
			t.Errorf("parsePlainInfo accepted %s, which json writes as %s", tc.data, again)
		}
	}
}
