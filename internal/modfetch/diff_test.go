package modfetch

import (
	"bufio"
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
)

// TestDifferentialRealProxy downloads a few small modules with the real
// go command and with this package into two empty module caches,
// through the proxy and checksum database of GOROOT/go.env, and
// compares the caches file by file.
func TestDifferentialRealProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("uses the network")
	}
	goroot := runtime.GOROOT()
	gocmd := filepath.Join(goroot, "bin", "go")
	if _, err := os.Stat(gocmd); err != nil {
		t.Skipf("no go command in %s", goroot)
	}
	conf := readGoEnv(t, filepath.Join(goroot, "go.env"))
	goproxy, gosumdb := conf["GOPROXY"], conf["GOSUMDB"]
	base := strings.Split(strings.Split(goproxy, ",")[0], "|")[0]
	if base == "" || base == "direct" || base == "off" {
		t.Skipf("GOROOT/go.env sets no proxy (GOPROXY=%s)", goproxy)
	}
	client := &http.Client{Timeout: 15 * time.Second}
	resp, err := client.Get(base + "/rsc.io/quote/@v/v1.5.2.info")
	if err != nil {
		t.Skipf("proxy %s cannot be reached: %v", base, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Skipf("proxy %s answers %s", base, resp.Status)
	}

	mods := []module.Version{
		{Path: "rsc.io/quote", Version: "v1.5.2"},
		{Path: "rsc.io/sampler", Version: "v1.3.0"},
		{Path: "golang.org/x/text", Version: "v0.0.0-20170915032832-14c0d48ead0c"},
	}
	tmp := t.TempDir()
	goCache, ourCache := filepath.Join(tmp, "go"), filepath.Join(tmp, "ours")
	t.Cleanup(func() { RemoveAll(goCache); RemoveAll(ourCache) })

	args := []string{"mod", "download"}
	for _, m := range mods {
		args = append(args, m.String())
	}
	cmd := exec.Command(gocmd, args...)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOMODCACHE="+goCache, "GOPATH="+filepath.Join(tmp, "gopath-go"),
		"GOPROXY="+goproxy, "GOSUMDB="+gosumdb, "GOFLAGS=", "GO111MODULE=on", "GONOSUMDB=", "GONOPROXY=", "GOPRIVATE=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}

	c := &Cache{Dir: ourCache, GOPROXY: goproxy, GOSUMDB: gosumdb, SumdbDir: filepath.Join(tmp, "gopath-ours", "pkg", "sumdb"), Quiet: true}
	ctx := context.Background()
	for _, m := range mods {
		if _, _, err := c.InfoFile(ctx, m.Path, m.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GoModFile(ctx, m); err != nil {
			t.Fatal(err)
		}
		if _, err := c.DownloadContext(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
	}

	goFiles, ourFiles := cacheTree(t, goCache), cacheTree(t, ourCache)
	for name, want := range goFiles {
		got, ok := ourFiles[name]
		switch {
		case !ok:
			t.Errorf("missing %s", name)
		case got.mode != want.mode:
			t.Errorf("%s: mode %v, go has %v", name, got.mode, want.mode)
		case !bytes.Equal(got.data, want.data):
			t.Errorf("%s differs:\n%s\ngo has:\n%s", name, clip(got.data), clip(want.data))
		}
	}
	for name := range ourFiles {
		if _, ok := goFiles[name]; !ok {
			t.Errorf("extra file %s", name)
		}
	}
	if len(goFiles) < 20 {
		t.Errorf("go's cache holds only %d files", len(goFiles))
	}
}

type treeFile struct {
	mode fs.FileMode
	data []byte
}

// cacheTree reads a module cache, leaving out the checksum database's
// tiles (which depend on when the database was asked) and the lock
// that go takes around go.sum updates.
func cacheTree(t *testing.T, root string) map[string]treeFile {
	files := map[string]treeFile{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if rel == "cache/download/sumdb" {
			return filepath.SkipDir
		}
		if rel == "cache/lock" || rel == "." {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f := treeFile{mode: info.Mode()}
		if d.Type().IsRegular() {
			if f.data, err = os.ReadFile(path); err != nil {
				return err
			}
		}
		files[rel] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

func readGoEnv(t *testing.T, file string) map[string]string {
	m := map[string]string{}
	f, err := os.Open(file)
	if err != nil {
		t.Skipf("no %s: %v", file, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			m[k] = v
		}
	}
	return m
}
