package modfetch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"gocmd/internal/gover"
	"gocmd/internal/wire"
)

// QueryOptions refine a version query.
type QueryOptions struct {
	// Current is the version now selected ("" or "none" if none); it
	// anchors "upgrade" and "patch".
	Current string
	// Allowed, if not nil, reports whether a version may be chosen
	// (go.mod exclusions).
	Allowed func(version string) bool
	// SkipRetracted leaves out versions retracted by the go.mod of the
	// module's latest version.
	SkipRetracted bool
	// Replaced marks a module path that the main module replaces:
	// ReplacedVersions (the versions on the left of its replace
	// directives) count as available versions, Replaces reports whether
	// a version that the proxy does not know is replaced, and
	// ReplacedLatest is the latest version the replacements offer
	// (a zero pseudo-version for a replacement of all versions).
	Replaced         bool
	ReplacedVersions []string
	Replaces         func(version string) bool
	ReplacedLatest   string
	// Reuse, if not nil, is an earlier answer to the same query
	// (go mod download -reuse): it is the answer again if its origin
	// still holds.
	Reuse *RevInfo
}

// NoMatchingVersionError is a query that no version satisfies.
type NoMatchingVersionError struct{ Query, Current string }

func (e *NoMatchingVersionError) Error() string {
	s := fmt.Sprintf("no matching versions for query %q", e.Query)
	if (e.Query == "upgrade" || e.Query == "patch") && e.Current != "" && e.Current != "none" {
		s += fmt.Sprintf(" (current version is %s)", e.Current)
	}
	return s
}

func (e *NoMatchingVersionError) Is(target error) bool { return target == fs.ErrNotExist }

// NoPatchBaseError is the failure of a "patch" query for a module
// that has no version to patch.
type NoPatchBaseError struct{ Path string }

func (e *NoPatchBaseError) Error() string {
	return fmt.Sprintf(`can't query version "patch" of module %s: no existing version is required`, e.Path)
}

// IsRevisionQuery reports whether vers names one revision (a version or
// a commit, branch or tag) rather than a range of versions.
func IsRevisionQuery(path, vers string) bool {
	switch {
	case vers == "latest", vers == "upgrade", vers == "patch",
		strings.HasPrefix(vers, "<"), strings.HasPrefix(vers, ">"),
		gover.ModIsValid(path, vers) && isVersionPrefix(vers):
		return false
	}
	return true
}

// isVersionPrefix reports whether a valid semantic version is only a
// prefix such as v1 or v1.2.
func isVersionPrefix(v string) bool {
	dots := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '-', '+':
			return false
		case '.':
			dots++
			if dots >= 2 {
				return false
			}
		}
	}
	return true
}

var errRevQuery = errors.New("query refers to a non-semver revision")

// matcher is a parsed range query.
type matcher struct {
	prefix             string
	filter             func(string) bool
	allowed            func(string) bool
	mayUseLatest       bool
	preferLower        bool
	preferIncompatible bool
	canStat            bool
}

func newMatcher(path, query, current string, allowed func(string) bool) (*matcher, error) {
	bad := func(v string) (*matcher, error) {
		return nil, fmt.Errorf("invalid semantic version %q in range %q", v, query)
	}
	matchesMajor := func(v string) bool {
		_, major, ok := module.SplitPathVersion(path)
		return ok && module.CheckPathMajor(v, major) == nil
	}
	cmp := func(a, b string) int { return gover.ModCompare(path, a, b) }
	m := &matcher{allowed: allowed, preferIncompatible: strings.HasSuffix(current, "+incompatible")}
	rangeOp := func(op string, keep func(int) bool, ambiguousPrefix, lower bool) (*matcher, error) {
		v := query[len(op):]
		if !gover.ModIsValid(path, v) {
			return bad(v)
		}
		if ambiguousPrefix && isVersionPrefix(v) {
			return nil, fmt.Errorf("ambiguous semantic version %q in range %q", v, query)
		}
		m.filter = func(mv string) bool { return keep(cmp(mv, v)) }
		m.preferLower = lower
		if !matchesMajor(v) {
			m.preferIncompatible = true
		}
		return m, nil
	}
	switch {
	case query == "latest":
		m.mayUseLatest = true
	case query == "upgrade":
		if current == "" || current == "none" {
			m.mayUseLatest = true
		} else {
			m.mayUseLatest = module.IsPseudoVersion(current)
			m.filter = func(mv string) bool { return cmp(mv, current) >= 0 }
		}
	case query == "patch":
		if current == "" || current == "none" {
			return nil, &NoPatchBaseError{Path: path}
		}
		m.mayUseLatest = module.IsPseudoVersion(current)
		m.prefix = semver.MajorMinor(current) + "."
		m.filter = func(mv string) bool { return cmp(mv, current) >= 0 }
	case strings.HasPrefix(query, "<="):
		return rangeOp("<=", func(c int) bool { return c <= 0 }, true, false)
	case strings.HasPrefix(query, "<"):
		return rangeOp("<", func(c int) bool { return c < 0 }, false, false)
	case strings.HasPrefix(query, ">="):
		return rangeOp(">=", func(c int) bool { return c >= 0 }, false, true)
	case strings.HasPrefix(query, ">"):
		return rangeOp(">", func(c int) bool { return c > 0 }, true, true)
	case gover.ModIsValid(path, query):
		if isVersionPrefix(query) {
			m.prefix = query + "."
			m.filter = func(mv string) bool { return cmp(mv, query) >= 0 }
		} else {
			m.canStat = true
			m.filter = func(mv string) bool { return cmp(mv, query) == 0 }
			m.prefix = semver.Canonical(query)
		}
		if !matchesMajor(query) {
			m.preferIncompatible = true
		}
	default:
		return nil, errRevQuery
	}
	return m, nil
}

func (m *matcher) allows(v string) bool {
	if m.prefix != "" && !strings.HasPrefix(v, m.prefix) {
		return false
	}
	if m.filter != nil && !m.filter(v) {
		return false
	}
	return m.allowed == nil || m.allowed(v)
}

// Query resolves a version query for path ("latest", "upgrade",
// "patch", "v1.2", "<v1.3.0", "v1.2.3", a commit...) as go does, asking
// each proxy in turn.
func (c *Cache) Query(ctx context.Context, path, query string, opts QueryOptions) (*RevInfo, error) {
	if opts.Current != "" && opts.Current != "none" && !gover.ModIsValid(path, opts.Current) {
		return nil, fmt.Errorf("invalid previous version %v@%v", path, opts.Current)
	}
	allowed := opts.Allowed
	if opts.SkipRetracted {
		excluded := allowed
		allowed = func(v string) bool {
			if excluded != nil && !excluded(v) {
				return false
			}
			return !c.IsRetracted(ctx, path, v)
		}
	}
	var info, errInfo *RevInfo
	err := c.tryProxiesCtx(ctx, func(proxy string) error {
		if opts.Reuse != nil {
			if c.checkReuseRepo(ctx, c.lookup(proxy, path), path, query, opts.Reuse.Origin) == nil {
				i := *opts.Reuse
				info = &i
				return nil
			}
		}
		i, err := c.queryProxy(ctx, proxy, path, query, opts.Current, allowed, &opts)
		if err == nil {
			info = i
		} else if proxy == "direct" || proxy == "noproxy" {
			// A repository's failed answer may carry its origin
			// (go mod download -json shows it with the error).
			errInfo = i
		}
		return err
	})
	if err != nil {
		return errInfo, err
	}
	return info, nil
}

func (c *Cache) queryProxy(ctx context.Context, proxy, path, query, current string, allowed func(string) bool, opts *QueryOptions) (*RevInfo, error) {
	r := c.lookup(proxy, path)
	m, err := newMatcher(path, query, current, allowed)
	if err == errRevQuery || err == nil && m.canStat {
		// On failure, info may still carry the origin of the answer.
		info, err := c.repoStat(ctx, r, path, query)
		if err != nil && opts.Replaced {
			if ri := replacedStat(path, query, opts); ri != nil {
				return ri, nil
			}
		}
		if err != nil {
			qinfo, qerr := info, err
			if canon := module.CanonicalVersion(query); canon != "" && canon != query {
				info, err = c.repoStat(ctx, r, path, canon)
				if err != nil && !errors.Is(err, fs.ErrNotExist) {
					return info, err
				}
			}
			if err != nil {
				return qinfo, qerr
			}
		}
		return info, nil
	} else if err != nil {
		return nil, err
	}
	list, _, err := r.versions(ctx)
	if err != nil {
		if !opts.Replaced {
			return nil, err
		}
		list = nil
	}
	if opts.Replaced && len(opts.ReplacedVersions) > 0 {
		list = append(append([]string(nil), list...), opts.ReplacedVersions...)
		sort.Slice(list, func(i, j int) bool { return gover.ModCompare(path, list[i], list[j]) < 0 })
		list = uniqStrings(list)
	}
	// The answer depends on the list of versions: its origin (for a
	// repository, the checksum of its tags) goes with the result.
	origin := listOrigin(ctx, r, m.prefix)
	withOrigin := func(rev *RevInfo) *RevInfo {
		clone := *rev
		clone.Origin = origin
		return &clone
	}
	releases, prereleases, err := c.filterVersions(ctx, path, m, list)
	if err != nil {
		return nil, err
	}
	lookup := func(v string) (*RevInfo, error) {
		rev, err := c.repoStat(ctx, r, path, v)
		if err != nil && opts.Replaced && opts.Replaces != nil && opts.Replaces(v) {
			return replacementInfo(v), nil
		}
		if err != nil {
			return nil, err
		}
		origin = mergeOrigin(origin, rev.Origin)
		if (query == "upgrade" || query == "patch") && module.IsPseudoVersion(current) && !rev.Time.IsZero() {
			if t, err := module.PseudoVersionTime(current); err == nil && rev.Time.Before(t) {
				rev, err := c.repoStat(ctx, r, path, current)
				if err != nil {
					return nil, err
				}
				origin = mergeOrigin(origin, rev.Origin)
				return withOrigin(rev), nil
			}
		}
		return withOrigin(rev), nil
	}
	pick := func(l []string) string {
		if m.preferLower {
			return l[0]
		}
		return l[len(l)-1]
	}
	if len(releases) > 0 {
		return lookup(pick(releases))
	}
	if len(prereleases) > 0 {
		return lookup(pick(prereleases))
	}
	if m.mayUseLatest {
		latest, err := c.repoLatest(ctx, r, path)
		if latest != nil {
			origin = mergeOrigin(origin, latest.Origin)
		}
		if opts.Replaced && opts.ReplacedLatest != "" && (err != nil || gover.ModCompare(path, opts.ReplacedLatest, latest.Version) > 0) {
			latest, err = replacementInfo(opts.ReplacedLatest), nil
			if m.allows(latest.Version) {
				return latest, nil
			}
		}
		if err == nil {
			if m.allows(latest.Version) {
				return lookup(latest.Version)
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if (query == "upgrade" || query == "patch") && current != "" && current != "none" {
		return lookup(current)
	}
	var errInfo *RevInfo
	if origin != nil {
		errInfo = &RevInfo{Origin: origin}
	}
	return errInfo, &module.ModuleError{Path: path, Err: &NoMatchingVersionError{Query: query, Current: current}}
}

// filterVersions splits the allowed versions into releases and
// prereleases, leaving out +incompatible versions once a compatible
// version has a go.mod file (unless the query prefers them).
func (c *Cache) filterVersions(ctx context.Context, path string, m *matcher, versions []string) (releases, prereleases []string, err error) {
	needIncompatible := m.preferIncompatible
	lastCompatible := ""
	for _, v := range versions {
		if !m.allows(v) {
			continue
		}
		if !needIncompatible {
			if !strings.HasSuffix(v, "+incompatible") {
				lastCompatible = v
			} else if lastCompatible != "" {
				data, err := c.GoModContext(ctx, module.Version{Path: path, Version: lastCompatible})
				if err != nil {
					return nil, nil, err
				}
				if string(data) != "module "+modfile.AutoQuote(path)+"\n" {
					break
				}
				needIncompatible = true
			}
		}
		if semver.Prerelease(v) != "" {
			prereleases = append(prereleases, v)
		} else {
			releases = append(releases, v)
		}
	}
	return releases, prereleases, nil
}

// repoStat is a Stat through one proxy, reading and filling the cache.
func (c *Cache) repoStat(ctx context.Context, r repo, path, rev string) (*RevInfo, error) {
	if _, info, err := c.readDiskStat(path, rev); err == nil {
		return info, nil
	}
	info, err := r.stat(ctx, rev)
	if err != nil {
		return info, err
	}
	file, _ := c.CachePath(module.Version{Path: path, Version: info.Version}, "info")
	if err := c.writeDiskStat(file, info); err != nil && c.Log != nil {
		c.Log(fmt.Sprintf("go: writing stat cache: %v", err))
	}
	return info, nil
}

// repoLatest asks one proxy for the latest version, once per path.
func (c *Cache) repoLatest(ctx context.Context, r repo, path string) (*RevInfo, error) {
	res := c.state().latests.Do(path, func() infoResult {
		info, err := r.latest(ctx)
		if err == nil {
			if file, _, derr := c.readDiskStat(path, info.Version); derr != nil {
				c.writeDiskStat(file, info)
			}
		}
		return infoResult{info: info, err: err}
	})
	if res.info == nil {
		return nil, res.err
	}
	info := *res.info
	return &info, res.err
}

// IsRetracted reports whether the go.mod of path's latest version
// retracts v. Errors finding out count as not retracted.
func (c *Cache) IsRetracted(ctx context.Context, path, v string) bool {
	res := c.state().retractions.Do(path, func() retractResult {
		latest, err := c.Query(ctx, path, "latest", QueryOptions{})
		if err != nil {
			return retractResult{}
		}
		data, err := c.GoModContext(ctx, module.Version{Path: path, Version: latest.Version})
		if err != nil {
			return retractResult{}
		}
		f, err := modfile.ParseLax("go.mod", data, nil)
		if err != nil {
			return retractResult{}
		}
		return retractResult{retract: f.Retract}
	})
	for _, r := range res.retract {
		if semver.Compare(r.Low, v) <= 0 && semver.Compare(v, r.High) <= 0 {
			return true
		}
	}
	return false
}

type retractResult struct {
	retract []*modfile.Retract
}

// Versions returns the tagged versions of path that the first proxy
// able to answer lists, sorted.
func (c *Cache) Versions(ctx context.Context, path string) ([]string, error) {
	res := c.state().lists.Do(path, func() listResult {
		var list []string
		err := c.tryProxies(func(proxy string) error {
			l, _, err := c.lookup(proxy, path).versions(ctx)
			if err == nil {
				list = l
			}
			return err
		})
		return listResult{list: list, err: err}
	})
	return append([]string(nil), res.list...), res.err
}

// replacedStat resolves an exact version query that the proxy does not
// know but a replace directive supplies.
func replacedStat(path, query string, opts *QueryOptions) *RevInfo {
	v := module.CanonicalVersion(query)
	if v != query || opts.Replaces == nil {
		return nil
	}
	if _, major, ok := module.SplitPathVersion(path); ok && major == "" {
		if err := module.CheckPathMajor(v, major); err != nil && semver.Build(v) == "" {
			v += "+incompatible"
		}
	}
	if !opts.Replaces(v) {
		return nil
	}
	return replacementInfo(v)
}

// replacementInfo is the info of a version that only a replacement
// provides.
func replacementInfo(v string) *RevInfo {
	ri := &RevInfo{Version: v}
	if module.IsPseudoVersion(v) {
		ri.Time, _ = module.PseudoVersionTime(v)
	}
	return ri
}

func uniqStrings(list []string) []string {
	var out []string
	for i, s := range list {
		if i == 0 || list[i-1] != s {
			out = append(out, s)
		}
	}
	return out
}

// listOrigin is the origin of the version list of a repository
// (nil for a proxy, whose lists carry none).
func listOrigin(ctx context.Context, r repo, prefix string) *wire.Origin {
	cr, ok := r.(*codeRepo)
	if !ok {
		return nil
	}
	_, o, err := cr.code.Tags(ctx, cr.tagPrefix()+prefix)
	if err != nil || o == nil {
		return nil
	}
	clone := *o
	clone.Subdir = cr.codeDir
	return &clone
}

// mergeOrigin combines two origins of one answer, or returns nil when
// they contradict each other (or either is unknown).
func mergeOrigin(a, b *wire.Origin) *wire.Origin {
	if a == nil || b == nil || a.VCS != b.VCS || a.URL != b.URL || a.Subdir != b.Subdir {
		return nil
	}
	m := *a
	merge := func(dst *string, from string) bool {
		if from == "" {
			return true
		}
		if *dst != "" && *dst != from {
			return false
		}
		*dst = from
		return true
	}
	if !merge(&m.Hash, b.Hash) || !merge(&m.RepoSum, b.RepoSum) || !merge(&m.Ref, b.Ref) {
		return nil
	}
	if b.TagSum != "" {
		if a.TagSum != "" && (a.TagSum != b.TagSum || a.TagPrefix != b.TagPrefix) {
			return nil
		}
		m.TagSum, m.TagPrefix = b.TagSum, b.TagPrefix
	}
	return &m
}
