package vcs

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"gocmd/internal/str"
)

// hostRule maps import paths under one code hosting site (or, with an
// empty site, paths naming their VCS with a suffix such as ".git") to a
// repository without asking the site.
type hostRule struct {
	site string // path prefix the rule is responsible for; "" for any
	re   string // pattern with named groups: root, and maybe repo, vcs
	vcs  string // VCS binary, or "{vcs}" taken from the match
	repo string // repository URL template; "" means scheme-less {repo}

	// check may veto a match or adjust it (launchpad's series).
	check func(ctx context.Context, res *Resolver, m map[string]string) error

	compiled *regexp.Regexp
}

func (h *hostRule) regexp() *regexp.Regexp {
	if h.compiled == nil {
		h.compiled = regexp.MustCompile(h.re)
	}
	return h.compiled
}

// staticHosts are tried before any go-import lookup.
func staticHosts() []*hostRule {
	return []*hostRule{
		{site: "github.com", re: `^(?P<root>github\.com/[\w.\-]+/[\w.\-]+)(/[\w.\-]+)*$`,
			vcs: "git", repo: "https://{root}", check: rejectVCSSuffix},
		{site: "bitbucket.org", re: `^(?P<root>bitbucket\.org/(?P<bitname>[\w.\-]+/[\w.\-]+))(/[\w.\-]+)*$`,
			vcs: "git", repo: "https://{root}", check: rejectVCSSuffix},
		{site: "hub.jazz.net/git", re: `^(?P<root>hub\.jazz\.net/git/[a-z0-9]+/[\w.\-]+)(/[\w.\-]+)*$`,
			vcs: "git", repo: "https://{root}", check: rejectVCSSuffix},
		{site: "git.apache.org", re: `^(?P<root>git\.apache\.org/[a-z0-9_.\-]+\.git)(/[\w.\-]+)*$`,
			vcs: "git", repo: "https://{root}"},
		{site: "git.openstack.org", re: `^(?P<root>git\.openstack\.org/[\w.\-]+/[\w.\-]+)(\.git)?(/[\w.\-]+)*$`,
			vcs: "git", repo: "https://{root}"},
		{site: "chiselapp.com", re: `^(?P<root>chiselapp\.com/user/[A-Za-z0-9]+/repository/[\w.\-]+)$`,
			vcs: "fossil", repo: "https://{root}"},
		// A path element ending in a VCS name is the repository itself.
		{re: `(?P<root>(?P<repo>([a-z0-9.\-]+\.)+[a-z0-9.\-]+(:[0-9]+)?(/~?[\w.\-]+)+?)\.(?P<vcs>bzr|fossil|git|hg|svn))(/~?[\w.\-]+)*$`,
			vcs: "{vcs}"},
	}
}

// lateHosts are tried only when the go-import lookup fails.
func lateHosts() []*hostRule {
	return []*hostRule{
		{site: "launchpad.net", re: `^(?P<root>launchpad\.net/((?P<project>[\w.\-]+)(?P<series>/[\w.\-]+)?|~[\w.\-]+/(\+junk|[\w.\-]+)/[\w.\-]+))(/[\w.\-]+)*$`,
			vcs: "bzr", repo: "https://{root}", check: launchpadSeries},
	}
}

// errDynamic says no static rule knows the path.
var errDynamic = errors.New("dynamic lookup required to find mapping")

func expand(m map[string]string, s string) string {
	var pairs []string
	for k, v := range m {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// rejectVCSSuffix refuses "github.com/a/b.git": those sites know their
// VCS, and the suffix would name a different repository.
func rejectVCSSuffix(_ context.Context, _ *Resolver, m map[string]string) error {
	for _, v := range systems() {
		if strings.HasSuffix(m["repo"], "."+v.Cmd) {
			return fmt.Errorf("invalid version control suffix in %s path", m["prefix"])
		}
	}
	return nil
}

// launchpadSeries falls back from launchpad.net/project/series to the
// project when the series has no Bazaar branch.
func launchpadSeries(ctx context.Context, res *Resolver, m map[string]string) error {
	if m["project"] == "" || m["series"] == "" {
		return nil
	}
	u := &url.URL{Scheme: "https", Host: "code.launchpad.net", Path: expand(m, "/{project}{series}/.bzr/branch-format")}
	if _, err := res.Web.GetBytes(ctx, u); err != nil {
		m["root"] = expand(m, "launchpad.net/{project}")
		m["repo"] = expand(m, "https://{root}")
	}
	return nil
}

// fromRules maps importPath with the first matching rule.
func (res *Resolver) fromRules(ctx context.Context, importPath string, secure bool, rules []*hostRule) (*RepoRoot, error) {
	if str.HasPathPrefix(importPath, "example.net") {
		return nil, fmt.Errorf("no modules on example.net")
	}
	if importPath == "rsc.io" {
		return nil, fmt.Errorf("rsc.io is not a module")
	}
	for _, p := range []string{"http:", "https:"} {
		if strings.HasPrefix(importPath, p) {
			return nil, fmt.Errorf("%q not allowed in import path", p+"//")
		}
	}
	for _, h := range rules {
		if !str.HasPathPrefix(importPath, h.site) {
			continue
		}
		re := h.regexp()
		sub := re.FindStringSubmatch(importPath)
		if sub == nil {
			if h.site != "" {
				return nil, &ImportError{Path: importPath, Err: fmt.Errorf("invalid %s import path %q", h.site, importPath)}
			}
			continue
		}
		m := map[string]string{"prefix": h.site + "/", "import": importPath}
		for i, name := range re.SubexpNames() {
			if name != "" && m[name] == "" {
				m[name] = sub[i]
			}
		}
		m["vcs"] = expand(m, h.vcs)
		if h.repo != "" {
			m["repo"] = expand(m, h.repo)
		}
		if h.check != nil {
			if err := h.check(ctx, res, m); err != nil {
				return nil, err
			}
		}
		v := ByCmd(m["vcs"])
		if v == nil {
			return nil, fmt.Errorf("unknown version control system %q", m["vcs"])
		}
		if err := res.checkGOVCS(v.Cmd, m["root"]); err != nil {
			return nil, err
		}
		repoURL := m["repo"]
		if h.repo == "" {
			u, err := res.pickScheme(ctx, v, repoURL, secure)
			if err != nil {
				return nil, err
			}
			repoURL = u
		}
		return &RepoRoot{Repo: repoURL, Root: m["root"], VCS: v}, nil
	}
	return nil, errDynamic
}

// pickScheme finds the first scheme of v under which repo answers (only
// secure ones unless GOINSECURE allows others).
func (res *Resolver) pickScheme(ctx context.Context, v *Cmd, repo string, secure bool) (string, error) {
	for _, s := range v.schemes {
		if secure && !res.isSecureScheme(v, s) {
			continue
		}
		if v.ping == "" {
			return s + "://" + repo, nil
		}
		cmdline := strings.ReplaceAll(strings.ReplaceAll(v.ping, "{scheme}", s), "{repo}", repo)
		if _, err := res.Runner.output(ctx, v, res.PingDir, cmdline); err == nil {
			return s + "://" + repo, nil
		}
	}
	if secure {
		return "", errors.New("no secure protocol found for repository")
	}
	return "", errors.New("no protocol found for repository")
}

// isSecureScheme reports whether scheme keeps the transfer private:
// GIT_ALLOW_PROTOCOL, when set, decides for git.
func (res *Resolver) isSecureScheme(v *Cmd, scheme string) bool {
	if v.Cmd == "git" {
		if allow := res.getenv("GIT_ALLOW_PROTOCOL"); allow != "" {
			for _, s := range strings.Split(allow, ":") {
				if s == scheme {
					return true
				}
			}
			return false
		}
	}
	switch scheme {
	case "https", "git+ssh", "bzr+ssh", "svn+ssh", "ssh":
		return true
	}
	return false
}
