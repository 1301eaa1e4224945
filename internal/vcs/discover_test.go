package vcs

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestStaticRepoRoots(t *testing.T) {
	noGit := func(string) (string, error) { return "", errors.New("none") }
	res := &Resolver{Runner: &Runner{LookPath: noGit}, GOVCS: "public:all"}
	for _, tc := range []struct {
		path, vcs, repo, root, err string
	}{
		{path: "github.com/golang/groupcache/lru", vcs: "git", repo: "https://github.com/golang/groupcache", root: "github.com/golang/groupcache"},
		{path: "github.com/user/unicode/испытание", err: `invalid github.com import path "github.com/user/unicode/испытание"`},
		{path: "github.com/a/b.git", err: "invalid version control suffix in github.com/ path"},
		{path: "bitbucket.org/user/repo/x", vcs: "git", repo: "https://bitbucket.org/user/repo", root: "bitbucket.org/user/repo"},
		{path: "hub.jazz.net/git/user1/pkgname", vcs: "git", repo: "https://hub.jazz.net/git/user1/pkgname", root: "hub.jazz.net/git/user1/pkgname"},
		{path: "hub.jazz.net/git/User 1/pkgname", err: `invalid hub.jazz.net/git import path "hub.jazz.net/git/User 1/pkgname"`},
		{path: "git.openstack.org/openstack/swift.git/x", vcs: "git", repo: "https://git.openstack.org/openstack/swift.git", root: "git.openstack.org/openstack/swift.git"},
		{path: "git.apache.org/package-name.git", vcs: "git", repo: "https://git.apache.org/package-name.git", root: "git.apache.org/package-name.git"},
		{path: "chiselapp.com/user/kyle/repository/fossilgg", vcs: "fossil", repo: "https://chiselapp.com/user/kyle/repository/fossilgg", root: "chiselapp.com/user/kyle/repository/fossilgg"},
		{path: "example.net/foo", err: "no modules on example.net"},
		{path: "rsc.io", err: "rsc.io is not a module"},
		{path: "https://github.com/x/y", err: `"https://" not allowed in import path`},
		{path: "example.org/repo.git/sub", err: "no secure protocol found for repository"},
	} {
		rr, err := res.fromRules(context.Background(), tc.path, true, staticHosts())
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: error %v, want %s", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		if rr.VCS.Cmd != tc.vcs || rr.Repo != tc.repo || rr.Root != tc.root {
			t.Errorf("%s: got %s %s %s, want %s %s %s", tc.path, rr.VCS.Cmd, rr.Repo, rr.Root, tc.vcs, tc.repo, tc.root)
		}
	}
	if _, err := res.fromRules(context.Background(), "example.com/x", true, staticHosts()); err != errDynamic {
		t.Errorf("example.com/x: %v, want dynamic lookup", err)
	}
}

func TestParseMeta(t *testing.T) {
	page := `<html><head>
<meta name="go-import" content="example.com/a git https://git.example.com/a">
<meta name="go-import" content="example.com/a mod https://proxy.example.com">
<meta name="go-import" content="example.com/b hg https://hg.example.com/b sub">
<meta name="other" content="x">
</head><body><meta name="go-import" content="example.com/c git https://late"></body></html>`
	imports, err := parseMeta(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	want := []metaImport{
		{"example.com/a", "mod", "https://proxy.example.com", ""},
		{"example.com/b", "hg", "https://hg.example.com/b", "sub"},
	}
	if len(imports) != len(want) {
		t.Fatalf("parseMeta = %+v", imports)
	}
	for i := range want {
		if imports[i] != want[i] {
			t.Errorf("import %d = %+v, want %+v", i, imports[i], want[i])
		}
	}
	if _, err := matchMeta(imports, "example.com/zz"); err == nil || err.Error() != "meta tag example.com/a did not match import path example.com/zz, meta tag example.com/b did not match import path example.com/zz" {
		t.Errorf("mismatch error: %v", err)
	}
	if m, err := matchMeta(imports, "example.com/b/pkg"); err != nil || m.VCS != "hg" {
		t.Errorf("match example.com/b/pkg = %+v, %v", m, err)
	}
}

func TestGOVCS(t *testing.T) {
	for _, tc := range []struct {
		govcs, private, vcs, root, err string
	}{
		{root: "github.com/a/b", vcs: "git"},
		{root: "example.com/x", vcs: "svn", err: "GOVCS disallows using svn for public example.com/x; see 'go help vcs'"},
		{root: "example.com/x", vcs: "svn", private: "example.com"},
		{govcs: "example.com:hg", root: "example.com/x", vcs: "git", err: "GOVCS disallows using git for public example.com/x; see 'go help vcs'"},
		{govcs: "private:off", private: "*.corp", root: "a.corp/x", vcs: "git", err: "GOVCS disallows using git for private a.corp/x; see 'go help vcs'"},
		{govcs: "public:all", root: "example.com/x", vcs: "bzr"},
		{govcs: "bad", err: `malformed entry in GOVCS (missing colon): "bad"`},
		{govcs: "a:git,,b:hg", err: "empty entry in GOVCS"},
		{govcs: ":git", err: `empty pattern in GOVCS: ":git"`},
		{govcs: "a:", err: `empty VCS list in GOVCS: "a:"`},
		{govcs: "./x:git", err: `relative pattern not allowed in GOVCS: "./x"`},
		{govcs: "a:git,a:hg", err: `unreachable pattern in GOVCS: "a:hg" after "a:git"`},
		{govcs: "a:git||hg", err: `empty VCS name in GOVCS: "a:git||hg"`},
	} {
		res := &Resolver{GOVCS: tc.govcs, GOPRIVATE: tc.private}
		vcs, root := tc.vcs, tc.root
		if vcs == "" {
			vcs, root = "git", "x.org/y"
		}
		err := res.checkGOVCS(vcs, root)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || err.Error() != tc.err) {
			t.Errorf("GOVCS=%q GOPRIVATE=%q %s %s: %v, want %q", tc.govcs, tc.private, vcs, root, err, tc.err)
		}
	}
}
