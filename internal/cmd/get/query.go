package get

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/module"

	"gocmd/internal/modfetch"
	"gocmd/internal/search"
)

// query is one command-line argument: a pattern and a version query.
type query struct {
	raw        string
	rawVersion string
	pattern    string
	version    string // "upgrade", "patch", "none", "latest", a version...
	isLocal    bool

	match     func(string) bool // wildcard matcher; nil for literal paths
	treeMatch func(string) bool

	// matchesPackages is set once the query is known to name packages
	// (rather than only modules).
	matchesPackages bool
	pkgs            []string // packages the query resolved to
	resolved        []module.Version
	conflicted      bool
	pendingWildcard bool // a wildcard that matched nothing yet
}

func (q *query) String() string { return q.raw }

func (q *query) isWildcard() bool { return q.match != nil }

// resolvedString describes m as the result of q.
func (q *query) resolvedString(m module.Version) string {
	if m.Path != q.pattern {
		if m.Version != q.version {
			return fmt.Sprintf("%v (matching %s@%s)", m, q.pattern, q.version)
		}
		return fmt.Sprintf("%v (matching %v)", m, q)
	}
	if m.Version != q.version {
		return fmt.Sprintf("%s@%s (%s)", q.pattern, q.version, m.Version)
	}
	return q.String()
}

// newQuery parses one argument; defVersion is the version of an argument
// without one ("upgrade", or "patch" with -u=patch).
func newQuery(raw, defVersion string) (*query, error) {
	pattern, rawVers, found := strings.Cut(raw, "@")
	if found && (strings.Contains(rawVers, "@") || rawVers == "") {
		return nil, fmt.Errorf("invalid module version syntax %q", raw)
	}
	version := rawVers
	if version == "" {
		version = defVersion
	}
	q := &query{
		raw:        raw,
		rawVersion: rawVers,
		pattern:    pattern,
		version:    version,
		isLocal:    filepath.IsAbs(pattern) || search.IsRelativePath(pattern),
	}
	if strings.Contains(pattern, "...") {
		q.match = search.MatchPattern(pattern)
		q.treeMatch = search.TreeCanMatchPattern(pattern)
	}
	return q, nil
}

// errorFor formats err for q as go does: q is named unless err already
// mentions it.
func errorFor(q *query, err error) string {
	if line, ok := modfetch.FatalText(err); ok {
		return line
	}
	s := err.Error()
	if !utf8.ValidString(q.pattern) || !utf8.ValidString(q.version) {
		return "go: " + s
	}
	pat := regexp.MustCompile("(?m)(?:[ \t(\"`]|^)" + regexp.QuoteMeta(q.pattern) + "(?:[ @:;)\"`]|$)")
	if pat.MatchString(s) {
		if q.rawVersion == "" {
			return "go: " + s
		}
		ver := regexp.MustCompile("(?m)(?:[ @(\"`]|^)" + regexp.QuoteMeta(q.version) + "(?:[ :;)\"`]|$)")
		if ver.MatchString(s) {
			return "go: " + s
		}
	}
	if qs := q.String(); qs != "" {
		return fmt.Sprintf("go: %s: %s", qs, s)
	}
	return "go: " + s
}

// versionReason is a module version and the query that selected it.
type versionReason struct {
	version string
	reason  *query
}

func conflictText(mPath string, proposed, conflict versionReason) string {
	arg := func(q *query, v string) string {
		if v != q.version {
			return fmt.Sprintf("%s@%s (%s)", q.pattern, q.version, v)
		}
		return q.String()
	}
	detail := ""
	if mPath != proposed.reason.pattern {
		detail = fmt.Sprintf("for module %s, ", mPath)
	}
	return fmt.Sprintf("%s%s conflicts with %s", detail, arg(proposed.reason, proposed.version), arg(conflict.reason, conflict.version))
}

// packageNotInModule is go's error for a module found by a query that
// lacks the package.
type packageNotInModule struct {
	mod     module.Version
	repl    module.Version
	query   string
	pattern string
}

func (e *packageNotInModule) Error() string {
	found := ""
	if r := e.repl; r.Path != "" {
		rs := r.Path
		if r.Version != "" {
			rs = r.Path + "@" + r.Version
		}
		if e.query == e.mod.Version {
			found = fmt.Sprintf(" (replaced by %s)", rs)
		} else {
			found = fmt.Sprintf(" (%s, replaced by %s)", e.mod.Version, rs)
		}
	} else if e.query != e.mod.Version {
		found = fmt.Sprintf(" (%s)", e.mod.Version)
	}
	what := "package"
	if strings.Contains(e.pattern, "...") {
		what = "packages matching"
	}
	return fmt.Sprintf("module %s@%s found%s, but does not contain %s %s", e.mod.Path, e.query, found, what, e.pattern)
}
