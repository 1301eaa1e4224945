package web

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Client fetches URLs. The zero value is usable; a Client may be shared
// by concurrent requests.
type Client struct {
	// Trace, if set, receives the lines that -x prints for each request
	// ("# get URL" and "# get URL: 200 OK (0.012s)").
	Trace func(line string)
	// Auth, if set, may add credentials to an https request; resp is
	// nil for the first attempt and the 4xx response for the retry. An
	// error (a broken credential setting) fails the request.
	Auth func(req *http.Request, resp *http.Response) error
	// Timeout bounds the wait for a server's response headers (default
	// 2 minutes). Body reads are bounded by the context.
	Timeout time.Duration
	// Transport overrides the HTTP transport (tests).
	Transport http.RoundTripper

	// clients are made once per TLS mode (secure, insecure) so that
	// requests reuse connections.
	clientOnce [2]sync.Once
	clients    [2]*http.Client

	// firstAnswers holds, per https host, a channel closed when the
	// first request to it has its answer (see waitFirst).
	hostMu       sync.Mutex
	firstAnswers map[string]chan struct{}
}

// waitFirst lets the first request to an https host go alone: the
// others wait for its answer, and then share its connection if the
// server speaks HTTP/2, rather than each making a TLS handshake of its
// own. It returns the function the first request calls when answered
// (nil for the others).
func (c *Client) waitFirst(ctx context.Context, u *url.URL) (done func(), err error) {
	if c == nil || u.Scheme != "https" {
		return nil, nil
	}
	c.hostMu.Lock()
	ch, seen := c.firstAnswers[u.Host]
	if !seen {
		if c.firstAnswers == nil {
			c.firstAnswers = make(map[string]chan struct{})
		}
		ch = make(chan struct{})
		c.firstAnswers[u.Host] = ch
	}
	c.hostMu.Unlock()
	if !seen {
		return sync.OnceFunc(func() { close(ch) }), nil
	}
	select {
	case <-ch:
		return nil, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// The number of redirects followed before a request fails.
const maxRedirects = 10

func (c *Client) trace(format string, args ...any) {
	if c != nil && c.Trace != nil {
		c.Trace(fmt.Sprintf(format, args...))
	}
}

// httpClient returns the client for a TLS mode, shared by all requests
// of c (a nil Client makes a new one each time).
func (c *Client) httpClient(insecureTLS bool) *http.Client {
	if c == nil {
		return c.newHTTPClient(insecureTLS)
	}
	i := 0
	if insecureTLS {
		i = 1
	}
	c.clientOnce[i].Do(func() { c.clients[i] = c.newHTTPClient(insecureTLS) })
	return c.clients[i]
}

func (c *Client) newHTTPClient(insecureTLS bool) *http.Client {
	timeout := 2 * time.Minute
	if c != nil && c.Timeout > 0 {
		timeout = c.Timeout
	}
	var rt http.RoundTripper
	if c != nil && c.Transport != nil {
		rt = c.Transport
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.ResponseHeaderTimeout = timeout
		if insecureTLS {
			tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
		}
		rt = tr
	}
	hc := &http.Client{Transport: rt}
	if insecureTLS {
		// GOINSECURE hosts are tried impatiently, as go does.
		hc.Timeout = 5 * time.Second
	}
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return fmt.Errorf("redirected from secure URL %s to insecure URL %s", via[len(via)-1].URL, req.URL)
		}
		if len(via) >= maxRedirects {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return hc
}

// Get fetches u. An https URL (or one without scheme) is tried over
// https first; with Insecure security a failure falls back to http. The
// response may carry a non-200 status: see Response.Err.
func (c *Client) Get(ctx context.Context, security SecurityMode, u *url.URL) (*Response, error) {
	start := time.Now()
	if u.Scheme == "file" {
		return getFile(u)
	}
	var (
		res     *http.Response
		fetched *url.URL
		err     error
	)
	if u.Scheme == "" || u.Scheme == "https" {
		secure := *u
		secure.Scheme = "https"
		res, err = c.do(ctx, security, &secure)
		if err == nil {
			fetched = &secure
		} else {
			c.trace("# get %s: %v", secure.Redacted(), err)
			if security != Insecure || u.Scheme == "https" {
				return nil, err
			}
		}
	}
	if res == nil {
		switch u.Scheme {
		case "http":
			if security == SecureOnly {
				c.trace("# get %s: insecure", u.Redacted())
				return nil, fmt.Errorf("insecure URL: %s", u.Redacted())
			}
		case "":
		default:
			c.trace("# get %s: unsupported", u.Redacted())
			return nil, fmt.Errorf("unsupported scheme: %s", u.Redacted())
		}
		insecure := *u
		insecure.Scheme = "http"
		if insecure.User != nil && security != Insecure {
			c.trace("# get %s: insecure credentials", insecure.Redacted())
			return nil, fmt.Errorf("refusing to pass credentials to insecure URL: %s", insecure.Redacted())
		}
		res, err = c.do(ctx, security, &insecure)
		if err != nil {
			c.trace("# get %s: %v", insecure.Redacted(), err)
			return nil, err
		}
		fetched = &insecure
	}
	c.trace("# get %s: %v (%.3fs)", fetched.Redacted(), res.Status, time.Since(start).Seconds())
	r := &Response{
		URL:        fetched.Redacted(),
		Status:     res.Status,
		StatusCode: res.StatusCode,
		Header:     map[string][]string(res.Header),
		Body:       res.Body,
	}
	if res.StatusCode != http.StatusOK {
		if mt, params, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); mt == "text/plain" {
			switch strings.ToLower(params["charset"]) {
			case "", "us-ascii", "utf-8":
				r.detail = &detailReader{r: res.Body}
				r.Body = r.detail
			}
		}
	}
	return r, nil
}

func (c *Client) do(ctx context.Context, security SecurityMode, u *url.URL) (*http.Response, error) {
	c.trace("# get %s", u.Redacted())
	hc := c.httpClient(security == Insecure && u.Scheme == "https")
	req, err := http.NewRequestWithContext(ctx, "GET", u.String(), nil)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "https" && c != nil && c.Auth != nil {
		if err := c.Auth(req, nil); err != nil {
			return nil, err
		}
	}
	answered, err := c.waitFirst(ctx, u)
	if err != nil {
		return nil, err
	}
	res, err := hc.Do(req)
	if answered != nil {
		answered()
	}
	if err == nil && u.Scheme == "https" && res.StatusCode >= 400 && res.StatusCode < 500 && c != nil && c.Auth != nil {
		// Give the credential sources a chance to answer the challenge.
		retry, rerr := http.NewRequestWithContext(ctx, "GET", u.String(), nil)
		if rerr == nil {
			if aerr := c.Auth(retry, res); aerr != nil {
				res.Body.Close()
				return nil, aerr
			}
			if len(retry.Header) > 0 {
				res.Body.Close()
				res, err = hc.Do(retry)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// GetBytes fetches u (with DefaultSecurity) and returns its body, or an
// *HTTPError for a status other than 200.
func (c *Client) GetBytes(ctx context.Context, u *url.URL) ([]byte, error) {
	resp, err := c.Get(ctx, DefaultSecurity, u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := resp.Err(); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", u.Redacted(), err)
	}
	return b, nil
}

func getFile(u *url.URL) (*Response, error) {
	path, err := URLToFilePath(u)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return &Response{URL: u.Redacted(), Status: http.StatusText(404), StatusCode: 404, Body: http.NoBody, fileErr: err}, nil
	}
	if os.IsPermission(err) {
		return &Response{URL: u.Redacted(), Status: http.StatusText(403), StatusCode: 403, Body: http.NoBody, fileErr: err}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Response{URL: u.Redacted(), Status: http.StatusText(200), StatusCode: 200, Body: f}, nil
}

var errNotAbsolute = errors.New("path is not absolute")

// URLToFilePath returns the local file a file:// URL names.
func URLToFilePath(u *url.URL) (string, error) {
	if u.Scheme != "file" {
		return "", errors.New("non-file URL")
	}
	abs := func(p string) (string, error) {
		if !filepath.IsAbs(p) {
			return "", errNotAbsolute
		}
		return p, nil
	}
	if u.Path == "" {
		if u.Host != "" || u.Opaque == "" {
			return "", errors.New("file URL missing path")
		}
		return abs(filepath.FromSlash(u.Opaque))
	}
	switch u.Host {
	case "", "localhost":
	default:
		return "", errors.New("file URL specifies non-local host")
	}
	return abs(filepath.FromSlash(u.Path))
}

// IsLocalHost reports whether u names the local machine.
func IsLocalHost(u *url.URL) bool {
	host, _, err := net.SplitHostPort(u.Host)
	if err != nil {
		host = u.Host
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
