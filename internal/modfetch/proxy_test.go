package modfetch

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

// fakeProxy serves module versions from memory over the proxy protocol.
type fakeProxy struct {
	mu    sync.Mutex
	files map[string][]byte // URL path -> content
	hits  map[string]int
}

func newFakeProxy() *fakeProxy {
	return &fakeProxy{files: map[string][]byte{}, hits: map[string]int{}}
}

// add serves path@version with the given files (name -> content); a
// go.mod is made up if absent.
func (p *fakeProxy) add(t *testing.T, path, version string, files map[string]string) {
	t.Helper()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module " + path + "\n"
	}
	var zf []modzip.File
	for name, data := range files {
		zf = append(zf, memFile{name, data})
	}
	var buf bytes.Buffer
	if err := modzip.Create(&buf, module.Version{Path: path, Version: version}, zf); err != nil {
		t.Fatal(err)
	}
	p.addRaw(path, version, []byte(files["go.mod"]), buf.Bytes())
}

func (p *fakeProxy) addRaw(path, version string, gomod, zipData []byte) {
	enc, _ := module.EscapePath(path)
	ev, _ := module.EscapeVersion(version)
	p.mu.Lock()
	defer p.mu.Unlock()
	base := "/" + enc + "/@v/"
	p.files[base+ev+".info"] = []byte(fmt.Sprintf(`{"Version":%q,"Time":"2020-01-02T03:04:05Z"}`, version))
	p.files[base+ev+".mod"] = gomod
	p.files[base+ev+".zip"] = zipData
	p.files[base+"list"] = append(p.files[base+"list"], []byte(version+"\n")...)
}

func (p *fakeProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	data, ok := p.files[r.URL.Path]
	p.hits[r.URL.Path]++
	p.mu.Unlock()
	if !ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(404)
		fmt.Fprintf(w, "not found: %s\n", strings.TrimPrefix(r.URL.Path, "/"))
		return
	}
	w.Write(data)
}

type memFile struct{ name, data string }

func (f memFile) Path() string                 { return f.name }
func (f memFile) Lstat() (os.FileInfo, error)  { return memInfo(f), nil }
func (f memFile) Open() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(f.data)), nil }

type memInfo memFile

func (i memInfo) Name() string       { return filepath.Base(i.name) }
func (i memInfo) Size() int64        { return int64(len(i.data)) }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// newTestCache returns a Cache in a temporary directory using proxy
// list goproxy, without checksum database.
func newTestCache(t *testing.T, goproxy string) *Cache {
	dir := t.TempDir()
	t.Cleanup(func() { RemoveAll(dir) })
	return &Cache{Dir: filepath.Join(dir, "mod"), GOPROXY: goproxy, GOSUMDB: "off", Timeout: 5 * time.Second, Transport: offlineTransport{}}
}

// offlineTransport reaches test servers on the loopback interface only.
type offlineTransport struct{}

func (offlineTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if h := req.URL.Hostname(); h != "127.0.0.1" && h != "localhost" {
		return nil, errors.New("offline")
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestProxyDownloadLayout(t *testing.T) {
	p := newFakeProxy()
	p.add(t, "example.com/Upper", "v1.0.0", map[string]string{"a.go": "package a\n", "sub/b.go": "package sub\n"})
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	var logged []string
	var mu sync.Mutex
	c.Log = func(s string) { mu.Lock(); logged = append(logged, s); mu.Unlock() }
	m := module.Version{Path: "example.com/Upper", Version: "v1.0.0"}
	ctx := context.Background()

	// Concurrent callers share one download.
	var wg sync.WaitGroup
	dirs := make([]string, 4)
	errs := make([]error, 4)
	for i := range dirs {
		wg.Add(1)
		go func() { defer wg.Done(); dirs[i], errs[i] = c.DownloadContext(ctx, m, nil) }()
	}
	wg.Wait()
	for i := range dirs {
		if errs[i] != nil || dirs[i] != dirs[0] {
			t.Fatalf("download %d: %q, %v", i, dirs[i], errs[i])
		}
	}
	if want := []string{"go: downloading example.com/Upper v1.0.0"}; fmt.Sprint(logged) != fmt.Sprint(want) {
		t.Errorf("logged %q, want %q", logged, want)
	}
	if n := p.hits["/example.com/!upper/@v/v1.0.0.zip"]; n != 1 {
		t.Errorf("zip fetched %d times", n)
	}
	if want := filepath.Join(c.Dir, "example.com", "!upper@v1.0.0"); dirs[0] != want {
		t.Errorf("dir = %s, want %s", dirs[0], want)
	}
	if _, err := c.GoMod(m); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Stat(m); err != nil {
		t.Fatal(err)
	}
	dl := filepath.Join(c.Dir, "cache", "download", "example.com", "!upper", "@v")
	for _, name := range []string{"v1.0.0.info", "v1.0.0.mod", "v1.0.0.zip", "v1.0.0.ziphash", "v1.0.0.lock", "list"} {
		if _, err := os.Stat(filepath.Join(dl, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}
	if list, _ := os.ReadFile(filepath.Join(dl, "list")); string(list) != "v1.0.0\n" {
		t.Errorf("list = %q", list)
	}
	hash, _ := dirhash.HashZip(filepath.Join(dl, "v1.0.0.zip"), dirhash.Hash1)
	if data, _ := os.ReadFile(filepath.Join(dl, "v1.0.0.ziphash")); string(data) != hash {
		t.Errorf("ziphash = %q, want %q", data, hash)
	}
	tmps, _ := filepath.Glob(filepath.Join(dl, "*.tmp"))
	if len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	for _, d := range []string{dirs[0], filepath.Join(dirs[0], "sub")} {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode()&0o222 != 0 {
			t.Errorf("%s: mode %v, %v (want read-only)", d, fi.Mode(), err)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dirs[0], "sub", "b.go")); err != nil || string(data) != "package sub\n" {
		t.Errorf("sub/b.go = %q, %v", data, err)
	}
}

func TestModCacheRW(t *testing.T) {
	p := newFakeProxy()
	p.add(t, "example.com/rw", "v1.0.0", map[string]string{"a.go": "package a\n"})
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	c.ModCacheRW = true
	dir, err := c.Download(module.Version{Path: "example.com/rw", Version: "v1.0.0"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode()&0o200 == 0 {
		t.Errorf("-modcacherw directory is read-only: %v", fi.Mode())
	}
}

func TestProxyListFallThrough(t *testing.T) {
	good := newFakeProxy()
	good.add(t, "example.com/m", "v1.0.0", map[string]string{"a.go": "package a\n"})
	goodSrv := httptest.NewServer(good)
	defer goodSrv.Close()
	status := func(code int) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(code)
			fmt.Fprintf(w, "status %d\n", code)
		}))
	}
	s404, s410, s500 := status(404), status(410), status(500)
	defer s404.Close()
	defer s410.Close()
	defer s500.Close()
	m := module.Version{Path: "example.com/m", Version: "v1.0.0"}
	for _, tc := range []struct {
		goproxy string
		err     string // "" for success
	}{
		{s404.URL + "," + goodSrv.URL, ""},
		{s410.URL + "," + goodSrv.URL, ""},
		{s500.URL + "|" + goodSrv.URL, ""},
		{s500.URL + "," + goodSrv.URL, "example.com/m@v1.0.0: reading " + s500.URL + "/example.com/m/@v/v1.0.0.mod: 500 Internal Server Error\n\tserver response: status 500"},
		{s404.URL, "example.com/m@v1.0.0: reading " + s404.URL + "/example.com/m/@v/v1.0.0.mod: 404 Not Found\n\tserver response: status 404"},
		{s404.URL + ",off", "example.com/m@v1.0.0: module lookup disabled by GOPROXY=off"},
		{"off," + goodSrv.URL, "example.com/m@v1.0.0: module lookup disabled by GOPROXY=off"},
		{s404.URL + ",direct", `example.com/m@v1.0.0: unrecognized import path "example.com/m": https fetch: Get "https://example.com/m?go-get=1": offline`},
		{" , ", "example.com/m@v1.0.0: GOPROXY list is not the empty string, but contains no entries"},
		{"ftp://x", "example.com/m@v1.0.0: invalid proxy URL scheme (must be https, http, file): ftp://x"},
		{"/abs/dir", "example.com/m@v1.0.0: invalid proxy URL missing scheme: /abs/dir"},
	} {
		c := newTestCache(t, tc.goproxy)
		_, err := c.GoMod(m)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || err.Error() != tc.err) {
			t.Errorf("GOPROXY=%s: GoMod error\n%v\nwant\n%v", tc.goproxy, err, tc.err)
		}
	}
}

func TestGONOPROXY(t *testing.T) {
	p := newFakeProxy()
	p.add(t, "corp.example.com/m", "v1.0.0", map[string]string{"a.go": "package a\n"})
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	c.GONOPROXY = "*.example.com"
	_, err := c.GoMod(module.Version{Path: "corp.example.com/m", Version: "v1.0.0"})
	if err == nil || !strings.Contains(err.Error(), `unrecognized import path "corp.example.com/m"`) {
		t.Errorf("GONOPROXY module: %v", err)
	}
	c = newTestCache(t, srv.URL)
	c.GONOPROXY = "other.org"
	if _, err := c.GoMod(module.Version{Path: "corp.example.com/m", Version: "v1.0.0"}); err != nil {
		t.Errorf("module outside GONOPROXY: %v", err)
	}
}

func TestFileProxy(t *testing.T) {
	p := newFakeProxy()
	p.add(t, "example.com/f", "v1.2.3", map[string]string{"a.go": "package a\n"})
	root := t.TempDir()
	for name, data := range p.files {
		file := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(file), 0o777)
		os.WriteFile(file, data, 0o666)
	}
	c := newTestCache(t, "file://"+filepath.ToSlash(root))
	if _, err := c.Download(module.Version{Path: "example.com/f", Version: "v1.2.3"}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := c.GoMod(module.Version{Path: "example.com/f", Version: "v9.9.9"})
	want := "example.com/f@v9.9.9: reading file://" + filepath.ToSlash(root) + "/example.com/f/@v/v9.9.9.mod: no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("missing version: %v\nwant %s", err, want)
	}
	info, err := c.Query(context.Background(), "example.com/f", "latest", QueryOptions{})
	if err != nil || info.Version != "v1.2.3" {
		t.Errorf("latest = %v, %v", info, err)
	}
}

func TestNonexistentVersionAndBadPath(t *testing.T) {
	p := newFakeProxy()
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	_, err := c.Download(module.Version{Path: "example.com/none", Version: "v1.0.0"}, nil)
	want := "example.com/none@v1.0.0: reading " + srv.URL + "/example.com/none/@v/v1.0.0.zip: 404 Not Found\n\tserver response: not found: example.com/none/@v/v1.0.0.zip"
	if err == nil || err.Error() != want {
		t.Errorf("nonexistent version: %v\nwant %s", err, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("404 is not ErrNotExist")
	}
	if _, err := c.Download(module.Version{Path: "example.com/bad path", Version: "v1.0.0"}, nil); err == nil {
		t.Errorf("invalid module path downloaded")
	}
	_, err = c.Query(context.Background(), "example.com/none", "1.2.3", QueryOptions{})
	want = "example.com/none@1.2.3: invalid version: reading " + srv.URL + "/example.com/none/@v/1.2.3.info: 404 Not Found\n\tserver response: not found: example.com/none/@v/1.2.3.info"
	if err == nil || err.Error() != want {
		t.Errorf("non-canonical query: %v\nwant %s", err, want)
	}
}

func TestProxyTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	defer close(block)
	c := newTestCache(t, srv.URL)
	c.Timeout = 200 * time.Millisecond
	c.Transport = nil // the timeout belongs to the default transport
	start := time.Now()
	_, err := c.GoMod(module.Version{Path: "example.com/slow", Version: "v1.0.0"})
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Errorf("hanging proxy: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %v", d)
	}
}

// zipOf builds a zip with the given raw entry names.
func zipOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, data := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(data))
	}
	w.Close()
	return buf.Bytes()
}

func TestHostileZips(t *testing.T) {
	p := newFakeProxy()
	const mp = "example.com/evil"
	p.addRaw(mp, "v1.0.0", []byte("module "+mp+"\n"), zipOf(t, map[string]string{"../escape.go": "package x\n"}))
	p.addRaw(mp, "v1.1.0", []byte("module "+mp+"\n"), zipOf(t, map[string]string{
		mp + "@v1.1.0/go.mod": "module " + mp + "\n", mp + "@v1.1.0/A.go": "package a\n", mp + "@v1.1.0/a.go": "package a\n",
	}))
	if !testing.Short() { // compressing and hashing 500 MB takes seconds
		p.addRaw(mp, "v1.2.0", []byte("module "+mp+"\n"), zipOf(t, map[string]string{
			mp + "@v1.2.0/go.mod": "module " + mp + "\n", mp + "@v1.2.0/big.go": strings.Repeat("x", 1<<20) + strings.Repeat("y", modzip.MaxZipFile),
		}))
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	for _, tc := range []struct{ version, err string }{
		{"v1.0.0", "zip for example.com/evil@v1.0.0 has unexpected file ../escape.go"},
		{"v1.1.0", `case-insensitive file name collision`},
		{"v1.2.0", "total uncompressed size of module contents too large (max size is 524288000 bytes)"},
	} {
		if tc.version == "v1.2.0" && testing.Short() {
			continue
		}
		c := newTestCache(t, srv.URL)
		m := module.Version{Path: mp, Version: tc.version}
		dir, err := c.Download(m, nil)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: Download = %q, %v; want error %q", tc.version, dir, err, tc.err)
		}
		if d, err := c.DownloadDir(m); err == nil {
			t.Errorf("%s: extracted tree %s is visible", tc.version, d)
		}
		if tc.version == "v1.0.0" {
			if zf, _ := c.CachePath(m, "zip"); fileExists(zf) {
				t.Errorf("%s: rejected zip kept in the cache", tc.version)
			}
		}
	}
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func TestTamperedZip(t *testing.T) {
	p := newFakeProxy()
	p.add(t, "example.com/t", "v1.0.0", map[string]string{"a.go": "package a\n"})
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	m := module.Version{Path: "example.com/t", Version: "v1.0.0"}
	dir, err := c.Download(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	zipFile, _ := c.CachePath(m, "zip")
	good, _ := dirhash.HashZip(zipFile, dirhash.Hash1)

	// Someone replaces the zip and removes what was derived from it.
	RemoveAll(dir)
	hashFile, _ := c.CachePath(m, "ziphash")
	os.Remove(hashFile)
	var buf bytes.Buffer
	modzip.Create(&buf, m, []modzip.File{memFile{"go.mod", "module example.com/t\n"}, memFile{"a.go", "package evil\n"}})
	os.WriteFile(zipFile, buf.Bytes(), 0o666)

	tmp := t.TempDir()
	sumFile := filepath.Join(tmp, "go.sum")
	os.WriteFile(sumFile, []byte("example.com/t v1.0.0 "+good+"\n"), 0o666)
	c2 := &Cache{Dir: c.Dir, GOPROXY: "off", GOSUMDB: "off", Sums: LoadSums(sumFile)}
	_, err = c2.Download(m, nil)
	if err == nil || !strings.Contains(err.Error(), "verifying example.com/t@v1.0.0: checksum mismatch\n\tdownloaded: h1:") ||
		!strings.Contains(err.Error(), "\n\tgo.sum:     "+good+"\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.") {
		t.Errorf("tampered zip: %v", err)
	}
	if d, err := c2.DownloadDir(m); err == nil {
		t.Errorf("tampered tree extracted at %s", d)
	}
}

func TestAddedSums(t *testing.T) {
	p := newFakeProxy()
	p.add(t, "example.com/s", "v1.0.0", map[string]string{"a.go": "package a\n"})
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	sumFile := filepath.Join(t.TempDir(), "go.sum")
	c.Sums = LoadSums(sumFile)
	m := module.Version{Path: "example.com/s", Version: "v1.0.0"}
	if _, err := c.GoMod(m); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Download(m, nil); err != nil {
		t.Fatal(err)
	}
	lines := c.Sums.Added()
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "example.com/s v1.0.0 h1:") || !strings.HasPrefix(lines[1], "example.com/s v1.0.0/go.mod h1:") {
		t.Errorf("Added = %q", lines)
	}
}

// TestTwoProcesses downloads one module from two processes at once
// into the same cache: both succeed, and the cache holds one copy.
func TestTwoProcesses(t *testing.T) {
	if dir := os.Getenv("MODFETCH_TEST_HELPER_CACHE"); dir != "" {
		c := &Cache{Dir: dir, GOPROXY: os.Getenv("MODFETCH_TEST_HELPER_PROXY"), GOSUMDB: "off"}
		d, err := c.Download(module.Version{Path: "example.com/two", Version: "v1.0.0"}, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(d)
		os.Exit(0)
	}
	p := newFakeProxy()
	files := map[string]string{}
	for i := 0; i < 200; i++ {
		files[fmt.Sprintf("f%d.go", i)] = "package two\n" + strings.Repeat("// filler\n", 200)
	}
	p.add(t, "example.com/two", "v1.0.0", files)
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := newTestCache(t, srv.URL)
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for i := 0; i < 3; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTwoProcesses$")
		cmd.Env = append(os.Environ(), "MODFETCH_TEST_HELPER_CACHE="+c.Dir, "MODFETCH_TEST_HELPER_PROXY="+srv.URL)
		out := new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	dir, err := c.DownloadDir(module.Version{Path: "example.com/two", Version: "v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 201 {
		t.Errorf("extracted %d files, want 201", len(ents))
	}
}
