package fips140

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeGOROOT returns a GOROOT holding only lib/fips140 with a snapshot
// v1.5.0, an alias to it and an alias to a missing version.
func fakeGOROOT(t *testing.T) string {
	root := t.TempDir()
	lib := filepath.Join(root, "lib", "fips140")
	for name, data := range map[string]string{
		"v1.5.0.zip":  "",
		"current.txt": "v1.5.0\n",
		"broken.txt":  "v1.6.0\n",
	} {
		if err := os.MkdirAll(lib, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(lib, name), []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestVersion(t *testing.T) {
	root := fakeGOROOT(t)
	for _, tc := range []struct{ setting, want, err string }{
		{"", "off", ""},
		{"off", "off", ""},
		{"latest", "latest", ""},
		{"v1.5.0", "v1.5.0", ""},
		{"current", "v1.5.0", ""},
		{"broken", "", `go: unknown GOFIPS140 version "v1.6.0" (from "broken")`},
		{"v1.2.3", "", `go: unknown GOFIPS140 version "v1.2.3"`},
		{"../v1.5.0", "", `go: malformed GOFIPS140 version "../v1.5.0"`},
	} {
		got, err := Version(root, tc.setting)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
			t.Errorf("Version(%q) = %q, %v; want %q, %s", tc.setting, got, err, tc.want, tc.err)
		}
	}
	if _, err := Version("", "v1.5.0"); err == nil || err.Error() != "go: missing GOROOT for GOFIPS140" {
		t.Errorf("Version without GOROOT: %v", err)
	}
}

func TestResolveImport(t *testing.T) {
	m := Mode{Version: "v1.5.0", Dir: "/cache/golang.org/fips140@v1.5.0/fips140"}
	for _, tc := range []struct{ imp, path, dir string }{
		{"crypto/internal/fips140", "crypto/internal/fips140/v1.5.0", "/cache/golang.org/fips140@v1.5.0/fips140/v1.5.0"},
		{"crypto/internal/fips140/sha256", "crypto/internal/fips140/v1.5.0/sha256", "/cache/golang.org/fips140@v1.5.0/fips140/v1.5.0/sha256"},
		{"crypto/internal/fips140/v1.5.0/aes/gcm", "crypto/internal/fips140/v1.5.0/aes/gcm", "/cache/golang.org/fips140@v1.5.0/fips140/v1.5.0/aes/gcm"},
		{"crypto/internal/fips140deps/cpu", "", ""},
		{"crypto/sha256", "", ""},
	} {
		path, dir, ok := m.ResolveImport(tc.imp)
		if ok != (tc.path != "") || path != tc.path || filepath.ToSlash(dir) != tc.dir {
			t.Errorf("ResolveImport(%q) = %q, %q, %v; want %q, %q", tc.imp, path, dir, ok, tc.path, tc.dir)
		}
	}
	for _, v := range []string{"off", "latest", ""} {
		if _, _, ok := (Mode{Version: v}).ResolveImport("crypto/internal/fips140/sha256"); ok {
			t.Errorf("GOFIPS140=%s resolved a snapshot import", v)
		}
	}
	if tag := m.Tag(); tag != "fips140v1.5" {
		t.Errorf("Tag() = %q", tag)
	}
}
