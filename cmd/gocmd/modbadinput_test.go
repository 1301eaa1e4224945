package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
	"golang.org/x/tools/txtar"
)

// badProxy is a module proxy whose answers are written by hand, so that
// it can misbehave: each URL path below the proxy root maps to a
// response (status and body), and the paths of hang answer nothing for
// a while and then drop the connection.
type badProxy struct {
	files map[string][]byte // "example.com/m/@v/v1.0.0.zip" -> content
	codes map[string]int    // module path -> status of every request
	hang  map[string]bool   // module path -> hang, then close
}

func (p *badProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rel := strings.TrimPrefix(r.URL.Path, "/")
	escPath, _, _ := strings.Cut(rel, "/@")
	path, _ := module.UnescapePath(escPath)
	if p.hang[path] {
		time.Sleep(300 * time.Millisecond)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	if code := p.codes[path]; code != 0 {
		http.Error(w, fmt.Sprintf("%d says the proxy for %s", code, path), code)
		return
	}
	data, ok := p.files[rel]
	if !ok {
		http.Error(w, "not found: "+rel, http.StatusNotFound)
		return
	}
	w.Write(data)
}

// addModule serves m with the given go.mod and zip.
func (p *badProxy) addModule(m module.Version, gomod string, zipData []byte) {
	base := m.Path + "/@v/"
	p.files[base+"list"] = append(p.files[base+"list"], m.Version+"\n"...)
	p.files[base+m.Version+".info"] = fmt.Appendf(nil, `{"Version":%q,"Time":"2024-01-02T15:04:05Z"}`, m.Version)
	p.files[base+m.Version+".mod"] = []byte(gomod)
	p.files[base+m.Version+".zip"] = zipData
}

// goodZip returns a well-formed module zip of m with the given files.
func goodZip(t *testing.T, m module.Version, files map[string]string) []byte {
	t.Helper()
	var zf []modzip.File
	for name, data := range files {
		zf = append(zf, archiveZipFile{txtar.File{Name: name, Data: []byte(data)}})
	}
	sort.Slice(zf, func(i, j int) bool { return zf[i].Path() < zf[j].Path() })
	var buf bytes.Buffer
	if err := modzip.Create(&buf, m, zf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawZip returns a zip holding the given headers and contents as they
// are, with no checks: what a hostile proxy could send.
func rawZip(t *testing.T, entries []rawEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: e.crc,
			CompressedSize64: uint64(len(e.data)), UncompressedSize64: e.size}
		if e.size == 0 {
			h.UncompressedSize64 = uint64(len(e.data))
		}
		f, err := w.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(e.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflateZip returns a compressed zip of the given entries, unchecked.
func deflateZip(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, data := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(data))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hugeZip returns a zip of m whose files add up to more than the
// limit on a module's size: ten files of zeros, compressed once.
func hugeZip(t *testing.T, m module.Version) []byte {
	t.Helper()
	zeros := make([]byte, modzip.MaxZipFile/10+1)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(zeros)
	fw.Close()
	crc := crc32.ChecksumIEEE(zeros)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	prefix := m.Path + "@" + m.Version + "/"
	f, _ := w.Create(prefix + "go.mod")
	f.Write([]byte("module " + m.Path + "\n"))
	for i := range 10 {
		h := &zip.FileHeader{Name: fmt.Sprintf("%sf%d.go", prefix, i), Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(len(zeros))}
		f, err := w.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(comp.Bytes())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type rawEntry struct {
	name string
	data []byte
	size uint64 // claimed uncompressed size (0: the real one)
	crc  uint32
}

// newBadProxy serves the modules of the bad-input cases.
func newBadProxy(t *testing.T) *badProxy {
	p := &badProxy{files: map[string][]byte{}, codes: map[string]int{}, hang: map[string]bool{}}
	good := module.Version{Path: "example.com/good", Version: "v1.0.0"}
	p.addModule(good, "module example.com/good\n", goodZip(t, good, map[string]string{
		"go.mod": "module example.com/good\n", "good.go": "package good\n\nconst S = \"good\"\n",
	}))
	esc := module.Version{Path: "example.com/escape", Version: "v1.0.0"}
	p.addModule(esc, "module example.com/escape\n", rawZip(t, []rawEntry{
		{name: "example.com/escape@v1.0.0/go.mod", data: []byte("module example.com/escape\n")},
		{name: "example.com/escape@v1.0.0/../../../escaped.go", data: []byte("package escape\n")},
	}))
	big := module.Version{Path: "example.com/big", Version: "v1.0.0"}
	p.addModule(big, "module example.com/big\n", rawZip(t, []rawEntry{
		{name: "example.com/big@v1.0.0/go.mod", data: []byte("module example.com/big\n")},
		{name: "example.com/big@v1.0.0/big.go", data: []byte("package big\n"), size: modzip.MaxZipFile + 1},
	}))
	// Over the limits for real, compressed well.
	bigMod := module.Version{Path: "example.com/bigmod", Version: "v1.0.0"}
	p.addModule(bigMod, "module example.com/bigmod\n", deflateZip(t, map[string]string{
		"example.com/bigmod@v1.0.0/go.mod": "module example.com/bigmod\n" + strings.Repeat(" ", modzip.MaxGoMod),
	}))
	huge := module.Version{Path: "example.com/huge", Version: "v1.0.0"}
	p.addModule(huge, "module example.com/huge\n", hugeZip(t, huge))
	bigLicense := module.Version{Path: "example.com/biglicense", Version: "v1.0.0"}
	p.addModule(bigLicense, "module example.com/biglicense\n", deflateZip(t, map[string]string{
		"example.com/biglicense@v1.0.0/go.mod":  "module example.com/biglicense\n",
		"example.com/biglicense@v1.0.0/LICENSE": strings.Repeat("x", modzip.MaxLICENSE+1),
	}))
	for _, code := range []int{404, 410, 500} {
		p.codes[fmt.Sprintf("example.com/status%d", code)] = code
	}
	p.hang["example.com/hang"] = true
	p.files["example.com/empty/@v/list"] = nil
	return p
}

// modCacheFiles lists the files and directories under a module cache,
// relative to it, leaving out what the checksum database client keeps.
func modCacheFiles(root string) []string {
	var out []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == root {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			rel += "/"
		}
		out = append(out, rel)
		return nil
	})
	return out
}

// badModRun is one tool's side of a case: its module directory, module
// cache and GOPATH.
type badModRun struct {
	which, work, cache string
	env                []string
}

func (r *badModRun) cmd(t *testing.T, args ...string) *exec.Cmd {
	if r.which == "go" {
		return realGoCommand(t, r.work, r.env, args...)
	}
	return gocmdCommand(t, r.work, r.env, args...)
}

// normalize replaces the run's own directories in s.
func (r *badModRun) normalize(s string) string {
	s = strings.ReplaceAll(s, r.cache, "$GOMODCACHE")
	return strings.ReplaceAll(s, r.work, "$WORK")
}

// TestModBadInput runs the real go and gocmd on module inputs that must
// fail: a zip with a file outside the module root, zips over the size
// limits (or lying about sizes), proxies answering 404, 410 and 500 or dropping the connection
// after a wait, invalid module paths, a go.mod requiring a version that
// does not exist, a zip in the cache that no longer matches go.sum, and
// two gocmd processes downloading one module at once. Each tool works
// in its own module cache; stdout, stderr (with the directories named
// alike), the exit status and the files left in the module cache must
// be the same.
func TestModBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go and gocmd against a fake proxy")
	}
	srv := httptest.NewServer(newBadProxy(t))
	t.Cleanup(srv.Close)
	const main = "module example.com/main\n\ngo 1.21\n"
	cases := []struct {
		name  string
		gomod string
		files map[string]string
		setup [][]string // commands run first (must succeed)
		args  []string
	}{
		{name: "escape", gomod: main, args: []string{"mod", "download", "example.com/escape@v1.0.0"}},
		{name: "escape-get", gomod: main, args: []string{"get", "example.com/escape@v1.0.0"}},
		{name: "lyingzip", gomod: main, args: []string{"mod", "download", "example.com/big@v1.0.0"}},
		{name: "biggomod", gomod: main, args: []string{"mod", "download", "-json", "example.com/bigmod@v1.0.0"}},
		{name: "hugezip", gomod: main, args: []string{"mod", "download", "example.com/huge@v1.0.0"}},
		{name: "biglicense", gomod: main, args: []string{"get", "example.com/biglicense@v1.0.0"}},
		{name: "404", gomod: main, args: []string{"mod", "download", "example.com/status404@v1.0.0"}},
		{name: "404-get", gomod: main, args: []string{"get", "example.com/status404"}},
		{name: "410", gomod: main, args: []string{"get", "example.com/status410"}},
		{name: "empty-get", gomod: main, args: []string{"get", "example.com/empty"}},
		{name: "empty-get-pkg", gomod: main, args: []string{"get", "example.com/empty/sub"}},
		{name: "410-download", gomod: main, args: []string{"mod", "download", "example.com/status410@latest"}},
		{name: "500-get", gomod: main, args: []string{"get", "example.com/status500"}},
		{name: "404-list", gomod: main, args: []string{"list", "-m", "example.com/status404@latest"}},
		{name: "500", gomod: main, args: []string{"mod", "download", "example.com/status500@v1.0.0"}},
		{name: "500-latest", gomod: main, args: []string{"get", "example.com/status500@latest"}},
		{name: "hang", gomod: main, args: []string{"mod", "download", "example.com/hang@v1.0.0"}},
		{name: "badpath", gomod: main, args: []string{"mod", "download", "example.com/bad path@v1.0.0"}},
		{name: "badpath-get", gomod: main, args: []string{"get", "example.com/a/../b@v1.0.0"}},
		{name: "badversion", gomod: main, args: []string{"mod", "download", "example.com/good@v1.0"}},
		{name: "missing-version", gomod: main + "\nrequire example.com/good v1.9.9\n",
			files: map[string]string{"m.go": "package m\n\nimport _ \"example.com/good\"\n"},
			args:  []string{"build", "-mod=mod", "./..."}},
		{name: "missing-version-download", gomod: main + "\nrequire example.com/good v1.9.9\n",
			args: []string{"mod", "download"}},
		{name: "tampered", gomod: main,
			files: map[string]string{"m.go": "package m\n\nimport _ \"example.com/good\"\n"},
			setup: [][]string{{"get", "example.com/good@v1.0.0"}, {"tamper", "example.com/good@v1.0.0"}},
			args:  []string{"build", "./..."}},
		{name: "tampered-download", gomod: main,
			setup: [][]string{{"get", "example.com/good@v1.0.0"}, {"tamper", "example.com/good@v1.0.0"}},
			args:  []string{"mod", "download", "-json", "example.com/good"}},
		{name: "tampered-get", gomod: main,
			setup: [][]string{{"get", "example.com/good@v1.0.0"}, {"tamper", "example.com/good@v1.0.0"}},
			args:  []string{"get", "example.com/good@v1.0.0"}},
		{name: "tampered-list", gomod: main,
			files: map[string]string{"m.go": "package m\n\nimport _ \"example.com/good\"\n"},
			setup: [][]string{{"get", "example.com/good@v1.0.0"}, {"tamper", "example.com/good@v1.0.0"}},
			args:  []string{"list", "-e", "-deps", "./..."}},
		{name: "tampered-verify", gomod: main,
			setup: [][]string{{"get", "example.com/good@v1.0.0"}, {"tamper", "example.com/good@v1.0.0"}},
			args:  []string{"mod", "verify"}},
	}
	dir := t.TempDir()
	t.Cleanup(func() { makeWritable(dir) })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := map[string]result{}
			files := map[string][]string{}
			for _, which := range []string{"go", "gocmd"} {
				r := newBadModRun(t, filepath.Join(dir, tc.name, which), which, srv.URL, tc.gomod, tc.files)
				for _, args := range tc.setup {
					if args[0] == "tamper" {
						tamperZip(t, r.cache, args[1])
						continue
					}
					if out := runCmd(t, r.cmd(t, args...)); out.code != 0 {
						t.Fatalf("%s %v: exit %d\n%s", which, args, out.code, out.stderr)
					}
				}
				out := runCmd(t, r.cmd(t, tc.args...))
				out.stdout, out.stderr = r.normalize(out.stdout), r.normalize(out.stderr)
				res[which] = out
				files[which] = modCacheFiles(r.cache)
			}
			t.Logf("go %s: exit %d\n%s%s", strings.Join(tc.args, " "), res["go"].code, res["go"].stdout, res["go"].stderr)
			if res["go"] != res["gocmd"] {
				t.Errorf("go %s:\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\ngo: exit %d\nstdout:\n%s\nstderr:\n%s",
					strings.Join(tc.args, " "), res["gocmd"].code, res["gocmd"].stdout, res["gocmd"].stderr,
					res["go"].code, res["go"].stdout, res["go"].stderr)
			}
			if g, w := strings.Join(files["gocmd"], "\n"), strings.Join(files["go"], "\n"); g != w {
				t.Errorf("module cache after go %s differs:\n%s", strings.Join(tc.args, " "), lineDiff(w, g))
			}
		})
	}

	// Two gocmd processes download one module into one empty cache at
	// once: both succeed and leave what one go leaves.
	t.Run("concurrent", func(t *testing.T) {
		want := newBadModRun(t, filepath.Join(dir, "concurrent", "go"), "go", srv.URL, main, nil)
		args := []string{"mod", "download", "example.com/good@v1.0.0"}
		if out := runCmd(t, want.cmd(t, args...)); out.code != 0 {
			t.Fatalf("go: exit %d\n%s", out.code, out.stderr)
		}
		r := newBadModRun(t, filepath.Join(dir, "concurrent", "gocmd"), "gocmd", srv.URL, main, nil)
		var wg sync.WaitGroup
		outs := make([]result, 3)
		for i := range outs {
			cmd := r.cmd(t, args...)
			wg.Add(1)
			go func() {
				defer wg.Done()
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				code := 0
				if err := cmd.Run(); err != nil {
					code = -1
					if ee, ok := err.(*exec.ExitError); ok {
						code = ee.ExitCode()
					}
				}
				outs[i] = result{stdout.String(), stderr.String(), code}
			}()
		}
		wg.Wait()
		for i, out := range outs {
			if out.code != 0 || out.stdout != "" {
				t.Errorf("gocmd process %d: exit %d\n%s%s", i, out.code, out.stdout, out.stderr)
			}
		}
		if g, w := strings.Join(modCacheFiles(r.cache), "\n"), strings.Join(modCacheFiles(want.cache), "\n"); g != w {
			t.Errorf("module cache after concurrent downloads differs:\n%s", lineDiff(w, g))
		}
	})
}

// newBadModRun makes a module directory (go.mod and files) and an empty
// module cache under dir for one tool.
func newBadModRun(t *testing.T, dir, which, proxy, gomod string, files map[string]string) *badModRun {
	t.Helper()
	r := &badModRun{which: which, work: filepath.Join(dir, "work"), cache: filepath.Join(dir, "modcache")}
	all := map[string]string{"go.mod": gomod}
	for name, data := range files {
		all[name] = data
	}
	for name, data := range all {
		name = filepath.Join(r.work, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	r.env = []string{
		"GOPROXY=" + proxy, "GOSUMDB=off", "GOFLAGS=-modcacherw", "GOTOOLCHAIN=local",
		"GOWORK=off", "GO111MODULE=on", "GOMODCACHE=" + r.cache,
		"GOPATH=" + filepath.Join(dir, "gopath"), "GOCACHE=" + filepath.Join(dir, "gocache"),
		"CGO_ENABLED=0", "GOPRIVATE=", "GONOPROXY=", "GONOSUMDB=", "GOINSECURE=",
	}
	return r
}

// tamperZip replaces the cached zip of mod (path@version) by another
// well-formed zip and removes the tree extracted from it and its hash,
// as someone editing the cache would.
func tamperZip(t *testing.T, cache, mod string) {
	t.Helper()
	path, vers, _ := strings.Cut(mod, "@")
	m := module.Version{Path: path, Version: vers}
	enc, _ := module.EscapePath(path)
	encVer, _ := module.EscapeVersion(vers)
	dl := filepath.Join(cache, "cache", "download", enc, "@v", encVer)
	evil := goodZip(t, m, map[string]string{"go.mod": "module " + path + "\n", "evil.go": "package good\n\nconst S = \"evil\"\n"})
	if err := os.WriteFile(dl+".zip", evil, 0o666); err != nil {
		t.Fatal(err)
	}
	os.Remove(dl + ".ziphash")
	tree := filepath.Join(cache, enc+"@"+encVer)
	makeWritable(tree)
	if err := os.RemoveAll(tree); err != nil {
		t.Fatal(err)
	}
}
