package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	modzip "golang.org/x/mod/zip"
	"golang.org/x/tools/txtar"
)

// A modProxy serves the modules archived in a directory (testdata/mod)
// with the GOPROXY protocol ('go help goproxy').
//
// Each file <escaped path>_<version>.txt in the directory is a txtar
// archive holding one module version. The escaped path is the module path
// with "/" written as "_" and upper case letters escaped as in the module
// cache ("!" followed by the lower case letter). In the archive, the
// file ".mod" is the go.mod served by the proxy (default: the module's own
// go.mod, or a bare module line), ".info" is the info JSON (default: the
// version and a fixed time), and all other files make up the module zip.
type modProxy struct {
	versions map[string][]string               // module path -> versions, in semver order
	archives map[module.Version]*txtar.Archive // the archive of each version

	mu   sync.Mutex
	zips map[module.Version][]byte // zip files built so far
}

// defaultInfoTime returns the commit time reported for versions whose
// archive has no .info file (and whose version is not a pseudo-version).
func defaultInfoTime() time.Time { return time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC) }

// loadModProxy reads the archives in dir.
func loadModProxy(dir string) (*modProxy, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	p := &modProxy{
		versions: map[string][]string{},
		archives: map[module.Version]*txtar.Archive{},
		zips:     map[module.Version][]byte{},
	}
	for _, name := range names {
		base := strings.TrimSuffix(filepath.Base(name), ".txt")
		i := strings.LastIndex(base, "_")
		if i < 0 {
			return nil, fmt.Errorf("%s: name is not <escaped path>_<version>.txt", name)
		}
		path, err := module.UnescapePath(strings.ReplaceAll(base[:i], "_", "/"))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		mv := module.Version{Path: path, Version: base[i+1:]}
		if err := module.Check(mv.Path, mv.Version); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		ar, err := txtar.ParseFile(name)
		if err != nil {
			return nil, err
		}
		p.archives[mv] = ar
		p.versions[path] = append(p.versions[path], mv.Version)
	}
	for _, vs := range p.versions {
		semver.Sort(vs)
	}
	return p, nil
}

// startModProxy serves the archives in dir on a loopback address until
// the test ends, and returns the GOPROXY URL.
func startModProxy(t testing.TB, dir string) string {
	t.Helper()
	p, err := loadModProxy(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/mod", p))
	t.Cleanup(srv.Close)
	return srv.URL + "/mod"
}

func (p *modProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, "/")
	if escPath, ok := strings.CutSuffix(rest, "/@latest"); ok {
		path, err := module.UnescapePath(escPath)
		if err != nil {
			http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
			return
		}
		v := p.latest(path)
		if v == "" {
			http.Error(w, "not found: module "+path+": no versions", http.StatusNotFound)
			return
		}
		p.serveFile(w, r, module.Version{Path: path, Version: v}, ".info")
		return
	}
	escPath, file, ok := strings.Cut(rest, "/@v/")
	if !ok {
		http.Error(w, "not found: unrecognized request "+r.URL.Path, http.StatusNotFound)
		return
	}
	path, err := module.UnescapePath(escPath)
	if err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	if file == "list" {
		var list []string
		for _, v := range p.versions[path] {
			if !module.IsPseudoVersion(v) {
				list = append(list, v+"\n")
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		io.WriteString(w, strings.Join(list, ""))
		return
	}
	ext := filepath.Ext(file)
	if ext != ".info" && ext != ".mod" && ext != ".zip" {
		http.Error(w, "not found: unrecognized request "+r.URL.Path, http.StatusNotFound)
		return
	}
	vers, err := module.UnescapeVersion(strings.TrimSuffix(file, ext))
	if err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	p.serveFile(w, r, module.Version{Path: path, Version: vers}, ext)
}

// latest returns the version @latest resolves to: the highest release,
// else the highest pre-release, else the highest pseudo-version.
func (p *modProxy) latest(path string) string {
	var release, pre, pseudo string
	for _, v := range p.versions[path] { // in increasing order
		switch {
		case module.IsPseudoVersion(v):
			pseudo = v
		case semver.Prerelease(v) != "":
			pre = v
		default:
			release = v
		}
	}
	for _, v := range []string{release, pre, pseudo} {
		if v != "" {
			return v
		}
	}
	return ""
}

func (p *modProxy) serveFile(w http.ResponseWriter, r *http.Request, mv module.Version, ext string) {
	ar := p.archives[mv]
	if ar == nil {
		http.Error(w, fmt.Sprintf("not found: %s@%s: unknown version", mv.Path, mv.Version), http.StatusNotFound)
		return
	}
	var data []byte
	switch ext {
	case ".info":
		data = p.info(mv, ar)
		w.Header().Set("Content-Type", "application/json")
	case ".mod":
		data = p.goMod(mv, ar)
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	case ".zip":
		var err error
		if data, err = p.zip(mv, ar); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/zip")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

func archiveFile(ar *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

func (p *modProxy) info(mv module.Version, ar *txtar.Archive) []byte {
	if data, ok := archiveFile(ar, ".info"); ok {
		return data
	}
	t := defaultInfoTime()
	if module.IsPseudoVersion(mv.Version) {
		if pt, err := module.PseudoVersionTime(mv.Version); err == nil {
			t = pt
		}
	}
	data, _ := json.Marshal(struct {
		Version string
		Time    time.Time
	}{mv.Version, t})
	return append(data, '\n')
}

func (p *modProxy) goMod(mv module.Version, ar *txtar.Archive) []byte {
	if data, ok := archiveFile(ar, ".mod"); ok {
		return data
	}
	if data, ok := archiveFile(ar, "go.mod"); ok {
		return data
	}
	return []byte("module " + mv.Path + "\n")
}

// zip returns the module zip of mv, building it on first use.
func (p *modProxy) zip(mv module.Version, ar *txtar.Archive) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if data, ok := p.zips[mv]; ok {
		return data, nil
	}
	var files []modzip.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, ".") {
			files = append(files, archiveZipFile{f})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path() < files[j].Path() })
	var buf bytes.Buffer
	if err := modzip.Create(&buf, mv, files); err != nil {
		return nil, err
	}
	p.zips[mv] = buf.Bytes()
	return buf.Bytes(), nil
}

// archiveZipFile presents a txtar file as a module zip file.
type archiveZipFile struct{ f txtar.File }

func (a archiveZipFile) Path() string { return a.f.Name }

func (a archiveZipFile) Lstat() (fs.FileInfo, error) { return archiveFileInfo{a.f}, nil }

func (a archiveZipFile) Open() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(a.f.Data)), nil
}

// archiveFileInfo is the fs.FileInfo of a regular file in an archive.
type archiveFileInfo struct{ f txtar.File }

func (i archiveFileInfo) Name() string       { return filepath.Base(i.f.Name) }
func (i archiveFileInfo) Size() int64        { return int64(len(i.f.Data)) }
func (i archiveFileInfo) Mode() fs.FileMode  { return 0o644 }
func (i archiveFileInfo) ModTime() time.Time { return time.Time{} }
func (i archiveFileInfo) IsDir() bool        { return false }
func (i archiveFileInfo) Sys() any           { return nil }
