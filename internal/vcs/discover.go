package vcs

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/mod/module"

	"gocmd/internal/par"
	"gocmd/internal/str"
	"gocmd/internal/web"
)

// RepoRoot is where the code of an import path lives.
type RepoRoot struct {
	Repo   string // repository URL with scheme (or a proxy URL for "mod")
	Root   string // import path of the repository root (plus SubDir)
	SubDir string // directory in the repository holding Root
	VCS    *Cmd   // the system; Cmd "mod" means a module proxy
	Custom bool   // found through go-import meta tags
}

// IsModProxy reports whether rr names a module proxy (a go-import
// tag of kind "mod") rather than a repository.
func (rr *RepoRoot) IsModProxy() bool { return rr.VCS.Cmd == "mod" }

// ImportError is an error about an import path; its text names the
// path.
type ImportError struct {
	Path string
	Err  error
}

func (e *ImportError) Error() string { return e.Err.Error() }
func (e *ImportError) Unwrap() error { return errors.Unwrap(e.Err) }

// Resolver maps import paths to repositories for one invocation: the
// static rules for well-known hosts, VCS-suffixed paths, and go-import
// meta tags served at https://path?go-get=1, subject to GOVCS.
type Resolver struct {
	Runner *Runner
	Web    *web.Client
	// GOVCS and GOPRIVATE are the settings of the same names.
	GOVCS, GOPRIVATE string
	// PingDir is where scheme probes run (GOMODCACHE).
	PingDir string
	// Getenv reads the process environment (GIT_ALLOW_PROTOCOL).
	Getenv func(string) string

	govcsOnce sync.Once
	govcs     []govcsRule
	govcsErr  error
	metas     par.Cache[string, metaResult]

	rulesOnce    sync.Once
	static, late []*hostRule // compiled on first use
}

func (res *Resolver) rules() (static, late []*hostRule) {
	res.rulesOnce.Do(func() {
		res.static, res.late = staticHosts(), lateHosts()
		for _, h := range append(append([]*hostRule(nil), res.static...), res.late...) {
			h.regexp()
		}
	})
	return res.static, res.late
}

func (res *Resolver) getenv(k string) string {
	if res.Getenv == nil {
		return ""
	}
	return res.Getenv(k)
}

// RepoRoot finds the repository of importPath as module-aware go get
// does; insecure (GOINSECURE) allows plain http and insecure schemes.
func (res *Resolver) RepoRoot(ctx context.Context, importPath string, insecure bool) (*RepoRoot, error) {
	static, late := res.rules()
	rr, err := res.fromRules(ctx, importPath, !insecure, static)
	if err == errDynamic {
		rr, err = res.dynamic(ctx, importPath, insecure)
		if err != nil {
			err = &ImportError{Path: importPath, Err: fmt.Errorf("unrecognized import path %q: %v", importPath, err)}
		}
	}
	if err != nil {
		if rr1, err1 := res.fromRules(ctx, importPath, !insecure, late); err1 == nil {
			rr, err = rr1, nil
		}
	}
	if err == nil && strings.Contains(importPath, "...") && strings.Contains(rr.Root, "...") {
		return nil, &ImportError{Path: importPath, Err: fmt.Errorf("cannot expand ... in %q", importPath)}
	}
	return rr, err
}

type metaImport struct{ Prefix, VCS, RepoRoot, SubDir string }

type metaResult struct {
	url     *url.URL
	imports []metaImport
	err     error
}

// metaURL is the go-get URL of an import path (scheme left to Get).
func metaURL(importPath string) (*url.URL, error) {
	host, p, _ := strings.Cut(importPath, "/")
	if !strings.Contains(host, ".") {
		return nil, errors.New("import path does not begin with hostname")
	}
	return &url.URL{Host: host, Path: "/" + p, RawQuery: "go-get=1"}, nil
}

func (res *Resolver) dynamic(ctx context.Context, importPath string, insecure bool) (*RepoRoot, error) {
	u, err := metaURL(importPath)
	if err != nil {
		return nil, err
	}
	resp, err := res.Web.Get(ctx, security(insecure), u)
	if err != nil {
		if insecure {
			return nil, fmt.Errorf("http/https fetch: %v", err)
		}
		return nil, fmt.Errorf("https fetch: %v", err)
	}
	defer resp.Body.Close()
	imports, err := parseMeta(resp.Body)
	if len(imports) == 0 {
		if rerr := resp.Err(); rerr != nil {
			return nil, rerr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %v", importPath, err)
	}
	mi, err := matchMeta(imports, importPath)
	if err != nil {
		if _, ok := err.(mismatchError); !ok {
			return nil, fmt.Errorf("parse %s: %v", u, err)
		}
		return nil, fmt.Errorf("parse %s: no go-import meta tags (%s)", resp.URL, err)
	}
	if mi.Prefix != importPath {
		// The tag claims a shorter prefix: the prefix's own page must agree.
		r := res.metas.Do(mi.Prefix, func() metaResult { return res.fetchMeta(ctx, mi.Prefix, insecure) })
		if r.err != nil {
			return nil, r.err
		}
		mi2, err := matchMeta(r.imports, importPath)
		if err != nil || mi != mi2 {
			return nil, fmt.Errorf("%s and %s disagree about go-import for %s", resp.URL, r.url, mi.Prefix)
		}
	}
	if mi.SubDir != "" && (mi.SubDir[0] == '/' || mi.SubDir[0] == '-') {
		why := "leading slash"
		if mi.SubDir[0] == '-' {
			why = "leading hyphen"
		}
		return nil, fmt.Errorf("%s: invalid subdirectory %q: %s", resp.URL, mi.SubDir, why)
	}
	if ru, err := url.Parse(mi.RepoRoot); err != nil {
		return nil, fmt.Errorf("%s: invalid repo root %q: %v", resp.URL, mi.RepoRoot, err)
	} else if ru.Scheme == "" {
		return nil, fmt.Errorf("%s: invalid repo root %q: no scheme", resp.URL, mi.RepoRoot)
	} else if ru.Scheme == "file" {
		return nil, fmt.Errorf("%s: invalid repo root %q: file scheme disallowed", resp.URL, mi.RepoRoot)
	}
	v := &Cmd{Name: "mod", Cmd: "mod"}
	if mi.VCS != "mod" {
		if v = ByCmd(mi.VCS); v == nil {
			return nil, fmt.Errorf("%s: unknown vcs %q", resp.URL, mi.VCS)
		}
		if err := res.checkGOVCS(v.Cmd, mi.Prefix); err != nil {
			return nil, err
		}
	}
	return &RepoRoot{Repo: mi.RepoRoot, Root: mi.Prefix, SubDir: mi.SubDir, VCS: v, Custom: true}, nil
}

func security(insecure bool) web.SecurityMode {
	if insecure {
		return web.Insecure
	}
	return web.SecureOnly
}

// fetchMeta reads the go-import tags served for a prefix.
func (res *Resolver) fetchMeta(ctx context.Context, prefix string, insecure bool) metaResult {
	u, err := metaURL(prefix)
	if err != nil {
		return metaResult{err: err}
	}
	resp, err := res.Web.Get(ctx, security(insecure), u)
	if err != nil {
		return metaResult{url: u, err: fmt.Errorf("fetching %s: %v", prefix, err)}
	}
	defer resp.Body.Close()
	imports, err := parseMeta(resp.Body)
	if len(imports) == 0 {
		if rerr := resp.Err(); rerr != nil {
			return metaResult{url: u, err: rerr}
		}
	}
	if err != nil {
		return metaResult{url: u, err: fmt.Errorf("parsing %s: %v", resp.URL, err)}
	}
	if len(imports) == 0 {
		err = fmt.Errorf("fetching %s: no go-import meta tag found in %s", prefix, resp.URL)
	}
	return metaResult{url: u, imports: imports, err: err}
}

// parseMeta reads the go-import meta tags of an HTML head. A "mod" tag
// hides the other tags of the same prefix.
func parseMeta(r io.Reader) ([]metaImport, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("can't decode XML document using charset %q", charset)
	}
	var all []metaImport
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err != io.EOF && len(all) == 0 {
				return nil, err
			}
			break
		}
		if e, ok := tok.(xml.StartElement); ok && strings.EqualFold(e.Name.Local, "body") {
			break
		}
		if e, ok := tok.(xml.EndElement); ok && strings.EqualFold(e.Name.Local, "head") {
			break
		}
		e, ok := tok.(xml.StartElement)
		if !ok || !strings.EqualFold(e.Name.Local, "meta") || attr(e.Attr, "name") != "go-import" {
			continue
		}
		if f := strings.Fields(attr(e.Attr, "content")); len(f) == 3 || len(f) == 4 {
			mi := metaImport{Prefix: f[0], VCS: f[1], RepoRoot: f[2]}
			if len(f) == 4 {
				mi.SubDir = f[3]
			}
			all = append(all, mi)
		}
	}
	var out []metaImport
	mod := map[string]bool{}
	for _, m := range all {
		if m.VCS == "mod" {
			mod[m.Prefix] = true
			out = append(out, m)
		}
	}
	for _, m := range all {
		if m.VCS != "mod" && !mod[m.Prefix] {
			out = append(out, m)
		}
	}
	return out, nil
}

func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return a.Value
		}
	}
	return ""
}

type mismatchError struct {
	path     string
	prefixes []string
}

func (e mismatchError) Error() string {
	var parts []string
	for _, p := range e.prefixes {
		parts = append(parts, fmt.Sprintf("meta tag %s did not match import path %s", p, e.path))
	}
	return strings.Join(parts, ", ")
}

func matchMeta(imports []metaImport, importPath string) (metaImport, error) {
	match := -1
	mis := mismatchError{path: importPath}
	for i, mi := range imports {
		if !str.HasPathPrefix(importPath, mi.Prefix) {
			mis.prefixes = append(mis.prefixes, mi.Prefix)
			continue
		}
		if match >= 0 {
			if imports[match].VCS == "mod" && mi.VCS != "mod" {
				break
			}
			return metaImport{}, fmt.Errorf("multiple meta tags match import path %q", importPath)
		}
		match = i
	}
	if match < 0 {
		return metaImport{}, mis
	}
	return imports[match], nil
}

type govcsRule struct {
	pattern string
	allowed []string
}

// ParseGOVCS checks a GOVCS setting, returning its rules.
func parseGOVCS(s string) ([]govcsRule, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var rules []govcsRule
	seen := map[string]string{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("empty entry in GOVCS")
		}
		pattern, list, ok := strings.Cut(item, ":")
		if !ok {
			return nil, fmt.Errorf("malformed entry in GOVCS (missing colon): %q", item)
		}
		pattern, list = strings.TrimSpace(pattern), strings.TrimSpace(list)
		switch {
		case pattern == "":
			return nil, fmt.Errorf("empty pattern in GOVCS: %q", item)
		case list == "":
			return nil, fmt.Errorf("empty VCS list in GOVCS: %q", item)
		case pattern == "." || pattern == ".." || strings.HasPrefix(pattern, "./") || strings.HasPrefix(pattern, "../"):
			return nil, fmt.Errorf("relative pattern not allowed in GOVCS: %q", pattern)
		}
		if old := seen[pattern]; old != "" {
			return nil, fmt.Errorf("unreachable pattern in GOVCS: %q after %q", item, old)
		}
		seen[pattern] = item
		allowed := strings.Split(list, "|")
		for i, a := range allowed {
			a = strings.TrimSpace(a)
			if a == "" {
				return nil, fmt.Errorf("empty VCS name in GOVCS: %q", item)
			}
			allowed[i] = a
		}
		rules = append(rules, govcsRule{pattern, allowed})
	}
	return rules, nil
}

// checkGOVCS applies GOVCS (then the default public:git|hg,
// private:all) to using vcs for the repository at root.
func (res *Resolver) checkGOVCS(vcs, root string) error {
	res.govcsOnce.Do(func() {
		res.govcs, res.govcsErr = parseGOVCS(res.GOVCS)
		res.govcs = append(res.govcs, govcsRule{"private", []string{"all"}}, govcsRule{"public", []string{"git", "hg"}})
	})
	if res.govcsErr != nil {
		return res.govcsErr
	}
	private := module.MatchPrefixPatterns(res.GOPRIVATE, root)
	for _, r := range res.govcs {
		var match bool
		switch r.pattern {
		case "private":
			match = private
		case "public":
			match = !private
		default:
			match = module.MatchPrefixPatterns(r.pattern, root)
		}
		if !match {
			continue
		}
		for _, a := range r.allowed {
			if a == vcs || a == "all" {
				return nil
			}
		}
		break
	}
	what := "public"
	if private {
		what = "private"
	}
	return fmt.Errorf("GOVCS disallows using %s for %s %s; see 'go help vcs'", vcs, what, root)
}
