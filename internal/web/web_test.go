package web

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHTTPErrorDetail(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/one":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(404)
			fmt.Fprint(w, "not here\n")
		case "/many":
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(410)
			for i := 1; i <= 12; i++ {
				fmt.Fprintf(w, "line %d\n", i)
			}
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(500)
			fmt.Fprint(w, "<b>oops</b>")
		case "/control":
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(403)
			fmt.Fprint(w, "bad \x1b[31m escape")
		}
	}))
	defer srv.Close()
	var c Client
	for _, tc := range []struct {
		path, want string
		notExist   bool
	}{
		{"/one", "reading URL/one: 404 Not Found\n\tserver response: not here", true},
		{"/many", "reading URL/many: 410 Gone\n\tserver response:\n\tline 1\n\tline 2\n\tline 3\n\tline 4\n\tline 5\n\tline 6\n\tline 7\n\tline 8\n\t[Truncated: too many lines.]", true},
		{"/html", "reading URL/html: 500 Internal Server Error", false},
		{"/control", "reading URL/control: 403 Forbidden", false},
	} {
		u, _ := url.Parse(srv.URL + tc.path)
		_, err := c.GetBytes(context.Background(), u)
		want := strings.ReplaceAll(tc.want, "URL", srv.URL)
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v\nwant %s", tc.path, err, want)
		}
		if errors.Is(err, fs.ErrNotExist) != tc.notExist {
			t.Errorf("%s: errors.Is(ErrNotExist) = %v", tc.path, !tc.notExist)
		}
	}
}

func TestRedirects(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &n); err == nil && n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	var traced []string
	c := Client{Trace: func(s string) { traced = append(traced, s) }}
	u, _ := url.Parse(srv.URL + "/r/9")
	if b, err := c.GetBytes(context.Background(), u); err != nil || string(b) != "ok" {
		t.Errorf("9 redirects: %q, %v", b, err)
	}
	if len(traced) != 2 || traced[0] != "# get "+u.String() || !strings.HasPrefix(traced[1], "# get "+u.String()+": 200 OK (") {
		t.Errorf("trace = %q", traced)
	}
	u, _ = url.Parse(srv.URL + "/r/10")
	if _, err := c.GetBytes(context.Background(), u); err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Errorf("10 redirects: %v", err)
	}
}

func TestFileURL(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f"), []byte("data"), 0o666)
	var c Client
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/f"}
	if b, err := c.GetBytes(context.Background(), u); err != nil || string(b) != "data" {
		t.Errorf("file: %q, %v", b, err)
	}
	u.Path += "x"
	_, err := c.GetBytes(context.Background(), u)
	if want := "reading " + u.String() + ": no such file or directory"; err == nil || err.Error() != want || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want %s", err, want)
	}
	if _, err := URLToFilePath(&url.URL{Scheme: "file", Host: "elsewhere", Path: "/x"}); err == nil {
		t.Errorf("remote file URL accepted")
	}
}

func TestInsecureSchemes(t *testing.T) {
	var c Client
	u, _ := url.Parse("http://127.0.0.1:1/x")
	if _, err := c.Get(context.Background(), SecureOnly, u); err == nil || err.Error() != "insecure URL: http://127.0.0.1:1/x" {
		t.Errorf("http under SecureOnly: %v", err)
	}
	u, _ = url.Parse("gopher://h/x")
	if _, err := c.Get(context.Background(), DefaultSecurity, u); err == nil || err.Error() != "unsupported scheme: gopher://h/x" {
		t.Errorf("gopher: %v", err)
	}
}
