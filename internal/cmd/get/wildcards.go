package get

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	pathpkg "path"
	"sort"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// checkWildcardVersions reports wildcard queries that the final build
// list does not satisfy: a module whose packages match the pattern at
// its selected version, but whose version the query would change to one
// without such packages (so that running the same 'go get' again would
// not see the module as matching).
func (g *getter) checkWildcardVersions() error {
	mg, err := g.ms.Graph(g.ctx)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	for _, q := range g.queries {
		if !q.isWildcard() || q.isLocal || q.version == "none" {
			continue
		}
		for _, cur := range mg.BuildList() {
			if g.ms.IsMain(cur.Path) || gover.IsToolchain(cur.Path) || !q.treeMatch(cur.Path) {
				continue
			}
			if !q.match(cur.Path) && len(g.packagesMatching(cur, q)) == 0 {
				continue
			}
			rev, err := g.queryModule(cur.Path, q.version)
			if err != nil {
				g.queryErr(q, err)
				continue
			}
			if rev.Version == cur.Version || q.match(cur.Path) {
				continue
			}
			if len(g.packagesMatching(rev, q)) == 0 {
				var version any = rev
				if rev.Version != q.version {
					version = fmt.Sprintf("%s@%s (%s)", rev.Path, q.version, rev.Version)
				}
				g.queryErr(q, fmt.Errorf("%v matches packages in %v but not %v: specify a different version for module %s", q, cur, version, rev.Path))
			}
		}
	}
	return g.flushErrors()
}

// resolveWildcard matches a pattern with "..." against modules of the
// build list and the module named by its literal prefix.
func (g *getter) resolveWildcard(q *query) {
	prefix, _, _ := strings.Cut(q.pattern, "...")
	prefix = strings.TrimSuffix(prefix, "/")
	var paths []string
	seen := map[string]bool{}
	for p := range g.wildcardBase() {
		if q.treeMatch(p) && !gover.IsToolchain(p) {
			paths = append(paths, p)
			seen[p] = true
		}
	}
	sort.Strings(paths)
	matched := false
	for _, p := range paths {
		if g.ms.IsMain(p) && q.version != "upgrade" && q.version != "patch" {
			if q.match(p) {
				g.queryErr(q, fmt.Errorf("can't request version %q of pattern %q that includes the main module (%s)", q.version, q.pattern, p))
				return
			}
			var mdir string
			for _, mm := range g.ms.MainModules() {
				if mm.Path == p {
					mdir = mm.Dir
				}
			}
			if pkgs := walkPackages(mdir, p, q.match); len(pkgs) > 1 {
				g.queryErr(q, fmt.Errorf("pattern %s matches %d packages in the main module, so can't request version %s", q.pattern, len(pkgs), q.version))
				return
			} else if len(pkgs) == 1 {
				g.queryErr(q, fmt.Errorf("pattern %s matches package %s in the main module, so can't request version %s", q.pattern, pkgs[0], q.version))
				return
			}
			continue
		}
		if g.ms.IsMain(p) {
			var mdir string
			for _, mm := range g.ms.MainModules() {
				if mm.Path == p {
					mdir = mm.Dir
				}
			}
			if len(walkPackages(mdir, p, q.match)) > 0 {
				q.matchesPackages = true
				if len(q.pkgs) == 0 || q.pkgs[len(q.pkgs)-1] != q.pattern {
					q.pkgs = append(q.pkgs, q.pattern)
				}
				matched = true
			}
			continue
		}
		if q.version == "none" {
			if _, ok := g.initial[p]; ok && q.match(p) {
				g.resolve(q, module.Version{Path: p, Version: "none"})
				matched = true
			}
			continue
		}
		m, err := g.queryModule(p, q.version)
		if err != nil {
			if seen[p] && !isNoSuchVersion(err) {
				g.queryErr(q, err)
			}
			continue
		}
		pkgs := g.packagesMatching(m, q)
		if len(pkgs) > 0 {
			q.matchesPackages = true
			q.pkgs = append(q.pkgs, pkgs...)
		}
		if len(pkgs) > 0 || q.match(p) {
			g.resolve(q, m)
			matched = true
		}
	}
	if !matched && !q.matchesPackages && q.version != "none" {
		q.pendingWildcard = true
	}
}

// wildcardBase returns the modules a wildcard is matched against: the
// initial build list, or the current one once requirements changed.
func (g *getter) wildcardBase() map[string]string {
	if g.current_ != nil {
		return g.current_
	}
	return g.initial
}

// resolveMissingWildcard looks for a module providing packages that
// match a wildcard that matched nothing in the build list, among the
// path prefixes of the pattern.
func (g *getter) resolveMissingWildcard(q *query) {
	i := strings.Index(q.pattern, "...")
	base := pathpkg.Dir(q.pattern[:i+3])
	if base == "." {
		g.errorf("go: no modules to query for %s@%s because first path element contains a wildcard", q.pattern, q.version)
		return
	}
	var found []module.Version
	var modOnly *module.Version
	var firstErr, noPackage, noVersion, notExist, invalidPath error
	for p := base; p != "." && p != "/" && p != ""; p = pathpkg.Dir(p) {
		if g.ms.IsMain(p) {
			continue
		}
		if err := module.CheckPath(p); err != nil && !g.known(p) {
			if invalidPath == nil {
				invalidPath = err
			}
			if !strings.Contains(p, "/") {
				break
			}
			continue
		}
		m, err := g.queryModule(p, q.version)
		switch {
		case err == nil:
			if pkgs := g.packagesMatching(m, q); len(pkgs) > 0 {
				found = append(found, m)
			} else if q.match(p) {
				if modOnly == nil {
					mm := m
					modOnly = &mm
				}
			} else if noPackage == nil {
				noPackage = &packageNotInModule{mod: m, repl: g.ms.Replacement(m), query: q.version, pattern: q.pattern}
			}
		case isNoSuchVersion(err):
			var nm *modfetch.NoMatchingVersionError
			if errors.As(err, &nm) {
				if noVersion == nil {
					noVersion = err
				}
			} else if notExist == nil {
				notExist = err
			}
		default:
			if firstErr == nil && len(found) == 0 && noPackage == nil {
				firstErr = err
			}
		}
		if !strings.Contains(p, "/") {
			break
		}
	}
	switch {
	case len(found) > 0:
		q.matchesPackages = true
		for _, m := range found {
			q.pkgs = append(q.pkgs, g.packagesMatching(m, q)...)
		}
		if len(found) > 1 {
			g.ambiguous = append(g.ambiguous, ambiguousQuery{q, found})
			return
		}
		g.resolve(q, found[0])
	case modOnly != nil:
		g.resolve(q, *modOnly)
	case firstErr != nil:
		g.queryErr(q, firstErr)
	case noPackage != nil:
		g.queryErr(q, noPackage)
	case noVersion != nil:
		g.queryErr(q, noVersion)
	case invalidPath != nil:
		g.queryErr(q, invalidPath)
	case notExist != nil:
		g.queryErr(q, notExist)
	default:
		g.queryErr(q, fmt.Errorf("no modules matching %s", q.pattern))
	}
}

func isNoPatchBase(err error) bool {
	var np *modfetch.NoPatchBaseError
	return errors.As(err, &np)
}

func isInvalidPath(err error) bool {
	var ip *module.InvalidPathError
	return errors.As(err, &ip)
}

func isNoSuchVersion(err error) bool {
	var nm *modfetch.NoMatchingVersionError
	return errors.Is(err, fs.ErrNotExist) || errors.As(err, &nm)
}

// packagesMatching walks module m for packages matching q's pattern.
func (g *getter) packagesMatching(m module.Version, q *query) []string {
	root, _, err := g.ms.ModuleRootDir(g.ctx, m)
	if err != nil {
		return nil
	}
	var pkgs []string
	_ = fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != "." {
			name := d.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" {
				return fs.SkipDir
			}
			if _, err := os.Stat(root + "/" + p + "/go.mod"); err == nil {
				return fs.SkipDir
			}
		}
		ip := m.Path
		if p != "." {
			ip = m.Path + "/" + p
		}
		if !q.treeMatch(ip) {
			return fs.SkipDir
		}
		if q.match(ip) && hasGoFiles(root+"/"+p) {
			pkgs = append(pkgs, ip)
		}
		return nil
	})
	return pkgs
}
