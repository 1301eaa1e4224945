// Package web fetches URLs for the module code: module proxies over
// https, http and file://, and checksum databases. It reports failures
// in the go command's words ("reading URL: 404 Not Found", with the
// server's plain-text explanation), follows at most 10 redirects, never
// lets a redirect downgrade https to http, traces requests for -x, and
// adds the credentials GOAUTH names (Auth).
package web

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SecurityMode says which URLs a request may use.
type SecurityMode int

const (
	// SecureOnly refuses plain http and checks https certificates.
	SecureOnly SecurityMode = iota
	// DefaultSecurity allows http when the URL says so explicitly.
	DefaultSecurity
	// Insecure falls back from https to http and skips certificate
	// checks (GOINSECURE).
	Insecure
)

// The server's explanation of a failed request is kept to a few lines.
const (
	detailLines = 8
	detailBytes = detailLines * 81
)

// HTTPError is a response whose status is not 200 OK. It matches
// fs.ErrNotExist for 404 and 410, the statuses after which the next
// proxy of a comma-separated GOPROXY list is tried.
type HTTPError struct {
	URL        string // with any password redacted
	Status     string
	StatusCode int
	Err        error  // the underlying error for file:// URLs
	Detail     string // the server's text/plain explanation, trimmed
}

func (e *HTTPError) Error() string {
	if e.Detail != "" {
		sep := " "
		if strings.Contains(e.Detail, "\n") {
			sep = "\n\t"
		}
		return fmt.Sprintf("reading %s: %v\n\tserver response:%s%s", e.URL, e.Status, sep, e.Detail)
	}
	if e.Err != nil {
		err := e.Err
		// A file proxy's error names the file that the URL already names.
		var pe *fs.PathError
		if asPathError(err, &pe) {
			if u, perr := url.Parse(e.URL); perr == nil {
				if p, perr := URLToFilePath(u); perr == nil && p == pe.Path {
					err = pe.Err
				}
			}
		}
		return fmt.Sprintf("reading %s: %v", e.URL, err)
	}
	return fmt.Sprintf("reading %s: %v", e.URL, e.Status)
}

func asPathError(err error, pe **fs.PathError) bool {
	p, ok := err.(*fs.PathError)
	if ok {
		*pe = p
	}
	return ok
}

// Is reports 404 and 410 as fs.ErrNotExist.
func (e *HTTPError) Is(target error) bool {
	return target == fs.ErrNotExist && (e.StatusCode == 404 || e.StatusCode == 410)
}

func (e *HTTPError) Unwrap() error { return e.Err }

// Response is the answer to a Get.
type Response struct {
	URL        string // redacted
	Status     string
	StatusCode int
	Header     map[string][]string
	// Body is the response body; the caller closes it.
	Body io.ReadCloser

	fileErr error
	detail  *detailReader // set when the error body is worth quoting
}

// Err returns nil for a successful response and an *HTTPError
// otherwise, reading the server's explanation from the body.
func (r *Response) Err() error {
	if r.StatusCode == 200 || r.StatusCode == 0 {
		return nil
	}
	return &HTTPError{
		URL:        r.URL,
		Status:     r.Status,
		StatusCode: r.StatusCode,
		Err:        r.fileErr,
		Detail:     r.errorDetail(),
	}
}

// errorDetail returns the first lines of a plain-text error body, or ""
// if it is not safe to show on a terminal.
func (r *Response) errorDetail() string {
	if r.detail == nil {
		return ""
	}
	io.Copy(io.Discard, r.Body)
	s := r.detail.buf.String()
	if !utf8.ValidString(s) {
		return ""
	}
	for _, c := range s {
		if !unicode.IsGraphic(c) && !unicode.IsSpace(c) {
			return ""
		}
	}
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			break
		}
		if i > 0 {
			b.WriteString("\n\t")
		}
		if i >= detailLines {
			b.WriteString("[Truncated: too many lines.]")
			break
		}
		if b.Len()+len(line) > detailBytes {
			b.WriteString("[Truncated: too long.]")
			break
		}
		b.WriteString(line)
	}
	return b.String()
}

// detailReader passes the body through while keeping its first lines.
type detailReader struct {
	r     io.ReadCloser
	buf   bytes.Buffer
	lines int
}

func (d *detailReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	for _, c := range p[:n] {
		if d.lines > detailLines {
			break
		}
		d.buf.WriteByte(c)
		if c == '\n' {
			d.lines++
		}
	}
	return n, err
}

func (d *detailReader) Close() error { return d.r.Close() }

// Join appends a slash-separated path to the URL's path.
func Join(u *url.URL, path string) *url.URL {
	j := *u
	if path == "" {
		return &j
	}
	j.Path = strings.TrimSuffix(u.Path, "/") + "/" + strings.TrimPrefix(path, "/")
	j.RawPath = strings.TrimSuffix(u.RawPath, "/") + "/" + strings.TrimPrefix(path, "/")
	return &j
}
