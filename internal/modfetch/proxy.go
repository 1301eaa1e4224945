package modfetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	pathpkg "path"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"gocmd/internal/web"
)

// maxZipFile is the largest module zip a proxy may send (500 MiB, as
// golang.org/x/mod/zip allows).
const maxZipFile = 500 << 20

// proxySpec is one entry of the GOPROXY list.
type proxySpec struct {
	// url is the proxy's URL, or "off", "direct" or "noproxy" (the
	// implicit first entry when GONOPROXY is set).
	url string
	// fallBackOnError: the entry was followed by '|', so any error
	// moves on to the next entry; after ',' only "not found" does.
	fallBackOnError bool
}

// notExistError is an error that counts as fs.ErrNotExist, so that the
// next proxy in the list is tried.
type notExistError struct{ err error }

func (e notExistError) Error() string         { return e.err.Error() }
func (e notExistError) Unwrap() error         { return e.err }
func (notExistError) Is(target error) bool    { return target == fs.ErrNotExist }
func notExistErrorf(f string, a ...any) error { return notExistError{fmt.Errorf(f, a...)} }

var (
	errProxyOff = notExistErrorf("module lookup disabled by GOPROXY=off")
	errNoproxy  = notExistErrorf("disabled by GOPRIVATE/GONOPROXY")
	errUseProxy = notExistErrorf("path does not match GOPRIVATE/GONOPROXY")
)

// parseProxyList parses GOPROXY; noproxy says GONOPROXY is set.
func parseProxyList(goproxy string, noproxy bool) ([]proxySpec, error) {
	var list []proxySpec
	if noproxy && goproxy != "direct" {
		list = append(list, proxySpec{url: "noproxy"})
	}
	for goproxy != "" {
		var u string
		fallBack := false
		if i := strings.IndexAny(goproxy, ",|"); i >= 0 {
			u, fallBack, goproxy = goproxy[:i], goproxy[i] == '|', goproxy[i+1:]
		} else {
			u, goproxy = goproxy, ""
		}
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		if u == "off" {
			// Nothing after "off" can ever be reached.
			list = append(list, proxySpec{url: "off"})
			break
		}
		if u == "direct" {
			// "direct" ends the list; later entries are reserved.
			list = append(list, proxySpec{url: "direct"})
			break
		}
		// A host name without scheme means https; anything with ":/"
		// or an absolute path must be a complete URL.
		if strings.ContainsAny(u, ".:/") && !strings.Contains(u, ":/") && !filepath.IsAbs(u) && !pathpkg.IsAbs(u) {
			u = "https://" + u
		}
		if _, err := proxyURL(u, "golang.org/x/text"); err != nil {
			return nil, err
		}
		list = append(list, proxySpec{url: u, fallBackOnError: fallBack})
	}
	if len(list) == 0 || len(list) == 1 && list[0].url == "noproxy" {
		return nil, errors.New("GOPROXY list is not the empty string, but contains no entries")
	}
	return list, nil
}

// pinnedProxyKey is the context key of the GOPROXY entry that queries
// made under TryProxies must use.
type pinnedProxyKey struct{}

// TryProxies runs a whole lookup (one that may query several module
// paths, like finding the module of a package) against each GOPROXY
// entry in turn, as go does: f receives a context under which Query
// uses only that entry, and the next entry is tried only as a single
// query would fall through (f's error "not found", or a "|" entry).
// It returns the number of the call of f whose outcome stands (the
// successful one, or the one whose error is the most useful, which is
// returned too). With one entry f runs once, with ctx unchanged in
// effect.
func (c *Cache) TryProxies(ctx context.Context, f func(ctx context.Context) error) (int, error) {
	st := c.state()
	if st.proxyErr != nil || len(st.proxies) <= 1 {
		return 0, f(ctx)
	}
	return c.tryProxiesIdx(func(proxy string) error {
		return f(context.WithValue(ctx, pinnedProxyKey{}, proxy))
	})
}

// tryProxiesCtx is tryProxies restricted to the entry pinned in ctx
// by TryProxies, if any.
func (c *Cache) tryProxiesCtx(ctx context.Context, f func(proxy string) error) error {
	if p, ok := ctx.Value(pinnedProxyKey{}).(string); ok {
		return f(p)
	}
	return c.tryProxies(f)
}

// tryProxies calls f for each proxy in turn until one succeeds, or
// fails with an error that does not allow falling through. It returns
// the most useful error seen: one from direct or noproxy first, then a
// proxy error other than "not found", then "not found".
func (c *Cache) tryProxies(f func(proxy string) error) error {
	_, err := c.tryProxiesIdx(f)
	return err
}

// tryProxiesIdx is tryProxies that also returns the number of the call
// of f whose outcome it returns (-1 for none).
func (c *Cache) tryProxiesIdx(f func(proxy string) error) (int, error) {
	st := c.state()
	if st.proxyErr != nil {
		return -1, st.proxyErr
	}
	const (
		rankNotExist = iota
		rankProxy
		rankDirect
	)
	var best error
	bestIdx, bestRank := -1, rankNotExist
	for i, p := range st.proxies {
		err := f(p.url)
		if err == nil {
			return i, nil
		}
		notExist := errors.Is(err, fs.ErrNotExist)
		switch {
		case p.url == "direct" || p.url == "noproxy" && err != errUseProxy:
			best, bestIdx, bestRank = err, i, rankDirect
		case bestRank <= rankProxy && !notExist:
			best, bestIdx, bestRank = err, i, rankProxy
		case bestRank == rankNotExist:
			best, bestIdx = err, i
		}
		if !p.fallBackOnError && !notExist {
			break
		}
	}
	return bestIdx, best
}

// proxyURL checks a proxy base URL and returns it joined with the
// escaped module path.
func proxyURL(base, path string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	redacted := u.Redacted()
	switch u.Scheme {
	case "http", "https":
	case "file":
		if *u != (url.URL{Scheme: u.Scheme, Path: u.Path, RawPath: u.RawPath}) {
			return nil, fmt.Errorf("invalid file:// proxy URL with non-path elements: %s", redacted)
		}
	case "":
		return nil, fmt.Errorf("invalid proxy URL missing scheme: %s", redacted)
	default:
		return nil, fmt.Errorf("invalid proxy URL scheme (must be https, http, file): %s", redacted)
	}
	enc, err := module.EscapePath(path)
	if err != nil {
		return nil, err
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + enc
	u.RawPath = strings.TrimSuffix(u.RawPath, "/") + "/" + pathEscape(enc)
	return u, nil
}

// pathEscape escapes s for a URL path, leaving slashes alone.
func pathEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "%2F", "/")
}

// proxyRepo speaks the module proxy protocol for one module path.
type proxyRepo struct {
	c        *Cache
	url      *url.URL // base URL joined with the escaped module path
	path     string
	redacted string // the base URL, redacted, for error messages
}

func (c *Cache) newProxyRepo(base, path string) (*proxyRepo, error) {
	u, err := proxyURL(base, path)
	if err != nil {
		return nil, err
	}
	b, _ := url.Parse(base)
	return &proxyRepo{c: c, url: u, path: path, redacted: b.Redacted()}, nil
}

// versionError wraps err as go reports an error about path@version: a
// non-canonical version is an invalid version.
func (p *proxyRepo) versionError(version string, err error) error {
	if version != "" && version != module.CanonicalVersion(version) {
		return &module.ModuleError{Path: p.path, Err: &module.InvalidVersionError{
			Version: version, Pseudo: module.IsPseudoVersion(version), Err: err,
		}}
	}
	return &module.ModuleError{Path: p.path, Version: version, Err: err}
}

func (p *proxyRepo) getBody(ctx context.Context, file string) (io.ReadCloser, string, error) {
	target := *p.url
	target.Path = pathpkg.Join(p.url.Path, file)
	target.RawPath = pathpkg.Join(target.RawPath, pathEscape(file))
	resp, err := p.c.state().web.Get(ctx, web.DefaultSecurity, &target)
	if err != nil {
		return nil, "", err
	}
	if err := resp.Err(); err != nil {
		resp.Body.Close()
		return nil, "", err
	}
	return resp.Body, resp.URL, nil
}

func (p *proxyRepo) getBytes(ctx context.Context, file string) ([]byte, error) {
	body, u, err := p.getBody(ctx, file)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil {
		return b, &url.Error{Op: "read", URL: u, Err: err}
	}
	return b, nil
}

// versions returns the tagged versions the proxy lists (@v/list),
// sorted, and the raw lines for choosing a pseudo-version as latest.
func (p *proxyRepo) versions(ctx context.Context) ([]string, []string, error) {
	data, err := p.getBytes(ctx, "@v/list")
	if err != nil {
		return nil, nil, p.versionError("", err)
	}
	lines := strings.Split(string(data), "\n")
	var list []string
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) >= 1 && semver.IsValid(f[0]) && !module.IsPseudoVersion(f[0]) {
			list = append(list, f[0])
		}
	}
	semver.Sort(list)
	return list, lines, nil
}

// stat fetches the .info of a version or other revision.
func (p *proxyRepo) stat(ctx context.Context, rev string) (*RevInfo, error) {
	enc, err := module.EscapeVersion(rev)
	if err != nil {
		return nil, p.versionError(rev, err)
	}
	data, err := p.getBytes(ctx, "@v/"+enc+".info")
	if err != nil {
		return nil, p.versionError(rev, err)
	}
	info := new(RevInfo)
	if err := json.Unmarshal(data, info); err != nil {
		return nil, p.versionError(rev, fmt.Errorf("invalid response from proxy %q: %w", p.redacted, err))
	}
	if info.Version != rev && rev == module.CanonicalVersion(rev) && module.Check(p.path, rev) == nil {
		return nil, p.versionError(rev, fmt.Errorf("proxy returned info for version %s instead of requested version", info.Version))
	}
	return info, nil
}

// latest asks the proxy for @latest, falling back to the newest
// pseudo-version of @v/list when the proxy does not answer it.
func (p *proxyRepo) latest(ctx context.Context) (*RevInfo, error) {
	data, err := p.getBytes(ctx, "@latest")
	if err == nil {
		info := new(RevInfo)
		if err := json.Unmarshal(data, info); err != nil {
			return nil, p.versionError("", fmt.Errorf("invalid response from proxy %q: %w", p.redacted, err))
		}
		return info, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, p.versionError("", err)
	}
	_, lines, err := p.versions(ctx)
	if err != nil {
		return nil, err
	}
	var bestTime time.Time
	best := ""
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 || !semver.IsValid(f[0]) {
			continue
		}
		var t time.Time
		if len(f) >= 2 {
			t, _ = time.Parse(time.RFC3339, f[1])
		} else if module.IsPseudoVersion(f[0]) {
			t, _ = module.PseudoVersionTime(f[0])
		} else {
			continue
		}
		if bestTime.Before(t) {
			bestTime, best = t, f[0]
		}
	}
	if best == "" {
		return nil, p.versionError("", errNoCommits{})
	}
	return p.stat(ctx, best)
}

func (p *proxyRepo) goMod(ctx context.Context, version string) ([]byte, error) {
	if version != module.CanonicalVersion(version) {
		return nil, p.versionError(version, errors.New("internal error: version passed to GoMod is not canonical"))
	}
	enc, err := module.EscapeVersion(version)
	if err != nil {
		return nil, p.versionError(version, err)
	}
	data, err := p.getBytes(ctx, "@v/"+enc+".mod")
	if err != nil {
		return nil, p.versionError(version, err)
	}
	return data, nil
}

// zip copies the version's zip to dst, refusing more than maxZipFile
// bytes.
func (p *proxyRepo) zip(ctx context.Context, dst io.Writer, version string) error {
	if version != module.CanonicalVersion(version) {
		return p.versionError(version, errors.New("internal error: version passed to Zip is not canonical"))
	}
	enc, err := module.EscapeVersion(version)
	if err != nil {
		return p.versionError(version, err)
	}
	body, u, err := p.getBody(ctx, "@v/"+enc+".zip")
	if err != nil {
		return p.versionError(version, err)
	}
	defer body.Close()
	lr := &io.LimitedReader{R: body, N: maxZipFile + 1}
	if _, err := io.Copy(dst, lr); err != nil {
		return p.versionError(version, &url.Error{Op: "read", URL: u, Err: err})
	}
	if lr.N <= 0 {
		return p.versionError(version, errors.New("downloaded zip file too large"))
	}
	return nil
}

// errNoCommits is the error for a module with no versions at all; it
// counts as "does not exist" so that queries report no matching versions.
type errNoCommits struct{}

func (errNoCommits) Error() string     { return "no commits" }
func (errNoCommits) Is(err error) bool { return err == fs.ErrNotExist }
