package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestModTidyRealModules is the acceptance test of go mod tidy: on the
// sources of real modules fetched from the module proxy, gocmd must
// write the same go.mod and go.sum as the real go, both for the module
// as published and with its requirements and go.sum removed. It needs
// the proxy named by GOROOT/go.env and is skipped when that cannot be
// reached.
func TestModTidyRealModules(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping network test in -short mode")
	}
	proxy := goEnvProxy(t)
	if proxy == "" {
		t.Skip("skipping: no module proxy in GOROOT/go.env")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(proxy + "/github.com/spf13/cobra/@v/v1.10.2.info")
	if err != nil {
		t.Skipf("skipping: module proxy %s cannot be reached: %v", proxy, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Skipf("skipping: module proxy %s answered %s", proxy, resp.Status)
	}

	for _, mv := range []string{"github.com/spf13/cobra@v1.10.2", "golang.org/x/tools@v0.52.0"} {
		t.Run(strings.ReplaceAll(mv, "/", "_"), func(t *testing.T) {
			out, err := realGoCommand(t, t.TempDir(), nil, "mod", "download", "-json", mv).Output()
			if err != nil {
				t.Fatalf("go mod download %s: %v", mv, err)
			}
			var info struct{ Dir string }
			if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
				t.Fatalf("go mod download %s: no Dir in %s", mv, out)
			}
			for _, stripped := range []bool{false, true} {
				work := t.TempDir()
				dirs := map[string]string{}
				for _, who := range []string{"go", "gocmd"} {
					d := filepath.Join(work, who)
					copyTree(t, info.Dir, d)
					if stripped {
						stripRequirements(t, d)
					}
					dirs[who] = d
				}
				if out, err := realGoCommand(t, dirs["go"], nil, "mod", "tidy").CombinedOutput(); err != nil {
					t.Fatalf("go mod tidy: %v\n%s", err, out)
				}
				if out, err := gocmdCommand(t, dirs["gocmd"], nil, "mod", "tidy").CombinedOutput(); err != nil {
					t.Fatalf("gocmd mod tidy: %v\n%s", err, out)
				}
				for _, name := range []string{"go.mod", "go.sum"} {
					want, _ := os.ReadFile(filepath.Join(dirs["go"], name))
					got, _ := os.ReadFile(filepath.Join(dirs["gocmd"], name))
					if !bytes.Equal(want, got) {
						t.Errorf("stripped=%v: %s differs\ngo:\n%s\ngocmd:\n%s", stripped, name, want, got)
					}
				}
			}
		})
	}
}

// goEnvProxy returns the first proxy URL of GOPROXY in GOROOT/go.env.
func goEnvProxy(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(realGo)), "go.env"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "GOPROXY=")
		if !ok {
			continue
		}
		for _, p := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '|' }) {
			if strings.HasPrefix(p, "https://") || strings.HasPrefix(p, "http://") {
				return strings.TrimSuffix(p, "/")
			}
		}
	}
	return ""
}

// copyTree copies the regular files of src into dst, writable.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o777)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o666)
	})
	if err != nil {
		t.Fatal(err)
	}
}

var requireRE = regexp.MustCompile(`(?m)^require (\((.|\n)*?\)|.*)\n`)

// stripRequirements removes the require lines of dir's go.mod and its
// go.sum, so that tidy must find every module again.
func stripRequirements(t *testing.T, dir string) {
	t.Helper()
	gomod := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gomod, requireRE.ReplaceAll(data, nil), 0o666); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "go.sum"))
}
