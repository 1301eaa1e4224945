package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseAuthOutput(t *testing.T) {
	creds, err := parseAuthOutput("https://example.com\nhttps://example.net/api/\n\nAuthorization: Basic abc\n\nhttps://other.org/\n\nX-Data: 1\n\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := creds["example.net/api/"].Get("Authorization"); got != "Basic abc" {
		t.Errorf("example.net/api/: %q", got)
	}
	if got := creds["other.org/"].Get("X-Data"); got != "1" {
		t.Errorf("other.org/: %q", got)
	}
	for in, want := range map[string]string{
		"https://a.com\n":                 "invalid format: missing empty line after URLs",
		"https://a.com\n\nBad Header\n\n": "invalid format: invalid header line",
		"https://a.com\n\nX: 1\n":         "invalid format: missing empty line after headers",
	} {
		if _, err := parseAuthOutput(in); err == nil || err.Error() != want {
			t.Errorf("parseAuthOutput(%q) = %v, want %s", in, err, want)
		}
	}
}

func TestParseNetrc(t *testing.T) {
	lines := parseNetrc("machine a.com login u password p\nmacdef x\nmachine in.macro login no password no\n\nmachine b.com\nlogin v\npassword q\ndefault\nmachine c.com login w password r\n")
	if len(lines) != 2 || lines[0].machine != "a.com" || lines[1].machine != "b.com" || lines[1].password != "q" {
		t.Errorf("parseNetrc = %+v", lines)
	}
}

// TestAuthCommand serves a page needing a header that a GOAUTH command
// supplies only when asked about the URL after a 401.
func TestAuthCommand(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Token") != "secret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	script := filepath.Join(dir, "auth.sh")
	body := "#!/bin/sh\nif [ -n \"$1\" ]; then cat >" + filepath.Join(dir, "stdin") + "; printf '%s\\n\\nX-Token: secret\\n\\n' \"$1\"; fi\n"
	if err := os.WriteFile(script, []byte(body), 0o777); err != nil {
		t.Fatal(err)
	}
	auth := &Auth{GOAUTH: script}
	c := &Client{Auth: auth.Add, Transport: srv.Client().Transport}
	u, _ := url.Parse(srv.URL + "/page")
	data, err := c.GetBytes(context.Background(), u)
	if err != nil || string(data) != "ok" {
		t.Fatalf("GetBytes = %q, %v", data, err)
	}
	stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
	if !strings.HasPrefix(string(stdin), "HTTP/1.1 401 Unauthorized\n") {
		t.Errorf("command stdin = %q", stdin)
	}

	bad := &Auth{GOAUTH: "netrc;;"}
	c = &Client{Auth: bad.Add, Transport: srv.Client().Transport}
	if _, err := c.GetBytes(context.Background(), u); err == nil || !strings.Contains(err.Error(), "GOAUTH encountered an empty command (GOAUTH=netrc;;)") {
		t.Errorf("empty command: %v", err)
	}
}

func TestAuthNetrc(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "gopher" || p != "pw" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	su, _ := url.Parse(srv.URL)
	netrc := filepath.Join(t.TempDir(), "netrc")
	os.WriteFile(netrc, []byte("machine "+su.Host+" login gopher password pw\n"), 0o666)
	auth := &Auth{NetrcFile: netrc}
	c := &Client{Auth: auth.Add, Transport: srv.Client().Transport}
	if data, err := c.GetBytes(context.Background(), su); err != nil || string(data) != "ok" {
		t.Fatalf("GetBytes = %q, %v", data, err)
	}
	off := &Auth{GOAUTH: "off", NetrcFile: netrc}
	c = &Client{Auth: off.Add, Transport: srv.Client().Transport}
	if _, err := c.GetBytes(context.Background(), su); err == nil {
		t.Fatal("GOAUTH=off sent credentials")
	}
}
