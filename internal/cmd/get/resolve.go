package get

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"os"
	pathpkg "path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/search"
	"gocmd/internal/toolchain"
)

// getter carries one 'go get' invocation.
type getter struct {
	ctx   context.Context
	inv   *base.Invocation
	flags *Flags
	ms    *modload.State
	bctx  build.Context

	errs    []string // "go: ..." lines, printed before exiting with status 1
	errVals []error  // the errors behind some of errs

	initialRoots []module.Version
	goModRoots   []module.Version  // the requirements go.mod had
	initial      map[string]string // selected versions at the start
	resolved     map[string]versionReason
	upgrades     map[string]string // -u upgrades and missing imports found
	writeOpts    modload.WriteOpts
	missingErr   map[string]error // failed lookups of missing imports
	ambiguous    []ambiguousQuery
	workMods     []string          // module paths of the workspace around, if any
	current_     map[string]string // build list while retrying wildcards
	queries      []*query

	// loaded packages of the last load: import path -> module path
	pkgMod    map[string]string
	directPkg map[string]bool // modules imported by main-module packages
	// pkgEdges holds the imports go counts for the requirements of a
	// pruned module: non-test imports, and test imports of main-module
	// packages (not those of other packages' tests, with -t).
	pkgEdges map[string][]string
	pkgRoots []string // the packages named, from which pkgEdges go
}

func (g *getter) errorf(format string, args ...any) {
	g.errs = append(g.errs, fmt.Sprintf(format, args...))
}

// queryErr records err as the failure of q. A failure that needs a
// newer Go makes the next flushErrors switch toolchains.
func (g *getter) queryErr(q *query, err error) {
	g.errVals = append(g.errVals, err)
	g.errs = append(g.errs, errorFor(q, err))
}

func (g *getter) warn(msg string) {
	// go get looks up missing imports itself, silently.
	if strings.HasPrefix(msg, "go: finding module for package ") {
		return
	}
	fmt.Fprintln(g.inv.Stderr, msg)
}

// flushErrors prints the collected errors; it returns exit status 1 if
// there were any.
func (g *getter) flushErrors() error {
	if len(g.errs) == 0 {
		return nil
	}
	sw := toolchain.NewSwitcher(g.inv)
	for _, e := range g.errVals {
		sw.Error(e)
	}
	g.errVals = nil
	if sw.NeedSwitch() {
		// Only returns if no newer toolchain could be run.
		serr := sw.SwitchOnly(g.ctx)
		var ee *base.ExitError
		var xe *toolchain.ExecError
		if errors.As(serr, &ee) || errors.As(serr, &xe) {
			g.errs = nil
			return serr
		}
		g.errs = append(g.errs, serr.Error())
	}
	for _, e := range g.errs {
		fmt.Fprintln(g.inv.Stderr, e)
	}
	g.errs = nil
	return base.Exit(1)
}

func (g *getter) run(args []string) error {
	f := g.flags
	ms, err := modload.Init(g.ctx, modload.Config{
		Env:          g.inv.Env,
		Dir:          g.inv.Dir,
		Flags:        &f.BuildFlags,
		GOFLAGS:      g.inv.GOFLAGS,
		ForceModules: true,
		CmdName:      "get",
		// go get edits the go.mod of the module in the current directory;
		// the workspace only tells which imports need no lookup.
		IgnoreWorkspace: true,
		Warn:            g.warn,
		// 'go get' reports a missing go.mod itself.
		AllowMissingMainModule: true,
	})
	if err != nil {
		return err
	}
	g.ms = ms
	ms.NoImportLookups()
	g.workMods = workspaceModules(g.inv.Env.Get("GOWORK"), g.inv.Dir)
	if !ms.HasModRoot() {
		return errors.New("go: go.mod file not found in current directory or any parent directory.\n" +
			"\t'go get' is no longer supported outside a module.\n" +
			"\tTo build and install a command, use 'go install' with a version,\n" +
			"\tlike 'go install example.com/cmd@latest'\n" +
			"\tFor more information, see https://golang.org/doc/go-get-install-deprecation\n" +
			"\tor run 'go help get' or 'go help install'.")
	}
	g.bctx, err = load.BuildContext(g.inv.Env, load.BuildFlagsView{
		Tags: f.Tags, Compiler: f.Compiler, InstallSuffix: f.InstallSuffix,
		Race: f.Race, MSan: f.MSan, ASan: f.ASan,
	}, nil)
	if err != nil {
		return err
	}

	defVersion := "upgrade"
	if f.U.Version != "" {
		defVersion = f.U.Version
	}
	clean := search.CleanPatterns(args)
	for _, arg := range clean {
		q, err := newQuery(arg, defVersion)
		if err != nil {
			g.errorf("go: %v", err)
			continue
		}
		if len(args) == 0 {
			q.raw = ""
		}
		if q.version == "none" && q.pattern == "go" {
			g.errorf("go: cannot use go@none")
			continue
		}
		if strings.HasSuffix(q.raw, ".go") && q.rawVersion == "" {
			if !strings.Contains(q.raw, "/") {
				g.errorf("go: %s: arguments must be package or module paths", q.raw)
				continue
			}
			if fi, err := os.Stat(q.raw); err == nil && !fi.IsDir() {
				g.errorf("go: %s exists as a file, but 'go get' requires package arguments", q.raw)
				continue
			}
		}
		if err := g.validate(q); err != nil {
			g.queryErr(q, err)
			continue
		}
		g.queries = append(g.queries, q)
	}
	if err := g.flushErrors(); err != nil {
		return err
	}

	mg, err := ms.Graph(g.ctx)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	g.initialRoots = ms.Roots()
	g.goModRoots = g.initialRoots
	g.initial = map[string]string{}
	for _, m := range mg.BuildList() {
		g.initial[m.Path] = m.Version
	}
	if !ms.Pruned() {
		// Without graph pruning every module of the build list starts as
		// a candidate requirement, as go edits the whole list.
		g.initialRoots = nil
		for _, m := range mg.BuildList() {
			if !ms.IsMain(m.Path) && m.Path != "command-line-arguments" {
				g.initialRoots = append(g.initialRoots, m)
			}
		}
	}
	g.resolved = map[string]versionReason{}
	g.upgrades = map[string]string{}
	g.missingErr = map[string]error{}

	for _, q := range g.queries {
		g.resolveQuery(q)
	}
	g.resolveAmbiguous()
	g.ambiguous = nil
	if err := g.flushErrors(); err != nil {
		return err
	}
	if err := g.iterate(); err != nil {
		return err
	}
	if err := g.checkWildcardVersions(); err != nil {
		return err
	}
	return g.commit()
}

// validate rejects queries that cannot make sense.
func (g *getter) validate(q *query) error {
	if q.isLocal {
		if q.rawVersion != "" {
			return fmt.Errorf("can't request explicit version %q of path %q in main module", q.rawVersion, q.pattern)
		}
		return nil
	}
	if q.pattern == "all" {
		if q.version != "upgrade" && q.version != "patch" {
			return fmt.Errorf("can't request version %q of pattern \"all\" that includes the main module", q.version)
		}
		return nil
	}
	if search.IsMetaPackage(q.pattern) && q.pattern != q.raw {
		if q.pattern == "tool" {
			return errors.New(`can't request explicit version of "tool" pattern`)
		}
		return fmt.Errorf("can't request explicit version of standard-library pattern %q", q.pattern)
	}
	return nil
}

// resolve records that q selects m, reporting conflicts.
func (g *getter) resolve(q *query, m module.Version) {
	if g.ms.IsMain(m.Path) && m.Version != "" {
		if g.ms.IsMain(q.pattern) {
			g.queryErr(q, fmt.Errorf("can't request version %q of the main module (%s)", q.version, q.pattern))
		} else {
			g.queryErr(q, fmt.Errorf("can't request version %q of pattern %q that includes the main module (%s)", q.version, q.pattern, m.Path))
		}
		return
	}
	if vr, ok := g.resolved[m.Path]; ok && vr.version != m.Version {
		if q.conflicted {
			return
		}
		q.conflicted = true
		proposed, conflict := versionReason{m.Version, q}, vr
		if q.isWildcard() && !vr.reason.isWildcard() {
			proposed, conflict = conflict, proposed
		}
		g.queryErr(q, errors.New(conflictText(m.Path, proposed, conflict)))
		return
	}
	g.resolved[m.Path] = versionReason{m.Version, q}
	q.resolved = append(q.resolved, m)
}

// current returns the initially selected version of path ("none").
func (g *getter) current(path string) string {
	if v, ok := g.initial[path]; ok {
		return v
	}
	return "none"
}

// queryModule runs q's version query for module path.
func (g *getter) queryModule(path, vers string) (module.Version, error) {
	if vers == "none" {
		return module.Version{Path: path, Version: "none"}, nil
	}
	cur := g.current(path)
	if g.ms.IsMain(path) {
		return module.Version{Path: path}, nil
	}
	info, err := g.ms.QueryModule(g.ctx, path, vers, cur)
	if err != nil {
		return module.Version{}, err
	}
	m := module.Version{Path: path, Version: info.Version}
	if g.ms.IsExcluded(m) {
		return module.Version{}, module.VersionError(m, errors.New("excluded by go.mod"))
	}
	return m, nil
}

// resolveQuery resolves one command-line query to module versions.
func (g *getter) resolveQuery(q *query) {
	switch {
	case q.isLocal:
		g.resolveLocal(q)
	case q.pattern == "all":
		q.matchesPackages = true
		q.pkgs = append(q.pkgs, "all")
	case q.pattern == "work":
		var pkgs []string
		for _, mm := range g.ms.MainModules() {
			pkgs = append(pkgs, walkPackages(mm.Dir, mm.Path, func(string) bool { return true })...)
		}
		if len(pkgs) == 0 {
			g.warn(fmt.Sprintf("go: warning: %q matched no packages", q.pattern))
			return
		}
		q.matchesPackages = true
		q.pkgs = append(q.pkgs, pkgs...)
	case q.pattern == "tool":
		tools := g.ms.Tools()
		if len(tools) == 0 {
			g.warn(fmt.Sprintf("go: warning: %q matched no packages", q.pattern))
			return
		}
		for _, t := range tools {
			tq := *q
			tq.pattern = t
			tq.resolved = nil
			g.resolvePath(&tq)
			q.matchesPackages = q.matchesPackages || tq.matchesPackages
			q.pkgs = append(q.pkgs, tq.pkgs...)
			q.resolved = append(q.resolved, tq.resolved...)
		}
	case q.isWildcard():
		g.resolveWildcard(q)
	case gover.IsToolchain(q.pattern):
		g.resolveToolchain(q)
	default:
		g.resolvePath(q)
	}
}

func (g *getter) resolveLocal(q *query) {
	absDetail := ""
	abs := q.pattern
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(g.inv.Dir, abs)
		absDetail = fmt.Sprintf(" (%s)", abs)
	}
	base, wild := abs, false
	if i := strings.Index(base, "..."); i >= 0 {
		base, wild = filepath.Clean(base[:i]), true
		if !strings.HasSuffix(abs[:i], string(filepath.Separator)) {
			base = filepath.Dir(base + "x")
		}
	}
	var mm *modload.MainModule
	var rel string
	mains := g.ms.MainModules()
	for i := range mains {
		r, err := filepath.Rel(mains[i].Dir, base)
		if err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			mm, rel = &mains[i], r
			break
		}
	}
	if mm == nil {
		var roots []string
		for _, m := range mains {
			roots = append(roots, m.Dir)
		}
		plural := ""
		if len(roots) != 1 {
			plural = "s"
		}
		g.errorf("go: %s%s is not within module%s rooted at %s", q.pattern, absDetail, plural, strings.Join(roots, ", "))
		return
	}
	prefix := mm.Path
	if rel != "." {
		prefix += "/" + filepath.ToSlash(rel)
	}
	var pkgs []string
	if wild {
		pat := prefix + "/..."
		if strings.HasSuffix(filepath.ToSlash(q.pattern), "...") && !strings.HasSuffix(filepath.ToSlash(q.pattern), "/...") {
			pat = prefix + "..."
		}
		pkgs = walkPackages(mm.Dir, mm.Path, search.MatchPattern(pat))
	} else if hasGoFiles(base) {
		if _, err := os.Stat(filepath.Join(base, "go.mod")); err != nil || base == mm.Dir {
			pkgs = []string{prefix}
		}
	}
	if len(pkgs) == 0 {
		switch {
		case q.raw == "" || q.raw == ".":
			g.queryErr(q, errors.New("no package to get in current directory"))
		case !wild:
			g.errorf("go: %s%s is not a package in module rooted at %s", q.pattern, absDetail, mm.Dir)
		default:
			g.warn(fmt.Sprintf("go: warning: %q matched no packages", q.pattern))
		}
		return
	}
	q.matchesPackages = true
	q.pkgs = append(q.pkgs, pkgs...)
}

// resolvePath resolves a literal package or module path.
func (g *getter) resolvePath(q *query) {
	if q.version == "none" && g.flags.Tool {
		// go get -tool pkg@none only drops the tool line.
		return
	}
	if q.version == "none" {
		// Remove the module of that path, and the module providing the
		// package of that path if it is in the build list.
		found := false
		if _, ok := g.initial[q.pattern]; ok && !g.ms.IsMain(q.pattern) {
			g.resolve(q, module.Version{Path: q.pattern, Version: "none"})
			found = true
		}
		if !found {
			for p := q.pattern; p != "." && p != "/"; p = pathpkg.Dir(p) {
				if v, ok := g.initial[p]; ok && p != q.pattern && !g.ms.IsMain(p) {
					if _, has, _ := g.ms.PackageInModule(g.ctx, module.Version{Path: p, Version: v}, q.pattern); has {
						g.resolve(q, module.Version{Path: p, Version: "none"})
						found = true
						break
					}
				}
			}
		}
		return
	}
	if isStd(q.pattern) && hasGoFiles(filepath.Join(g.inv.Env.GOROOT(), "src", q.pattern)) {
		if q.rawVersion != "" {
			g.queryErr(q, fmt.Errorf("can't request explicit version %q of standard library package %s", q.version, q.pattern))
			return
		}
		q.matchesPackages = true
		q.pkgs = append(q.pkgs, q.pattern)
		return
	}
	// Main module packages.
	for _, mm := range g.ms.MainModules() {
		if q.pattern == mm.Path || strings.HasPrefix(q.pattern, mm.Path+"/") {
			if _, has, _ := g.ms.PackageInModule(g.ctx, module.Version{Path: mm.Path}, q.pattern); has || q.pattern == mm.Path {
				if q.version != "upgrade" && q.version != "patch" {
					if q.pattern == mm.Path {
						g.resolve(q, module.Version{Path: mm.Path, Version: q.version})
					} else {
						g.queryErr(q, fmt.Errorf("package %s is in the main module, so can't request version %s", q.pattern, q.version))
					}
					return
				}
				if has {
					q.matchesPackages = true
					q.pkgs = append(q.pkgs, q.pattern)
				}
				return
			}
		}
	}

	type cand struct {
		m   module.Version
		err error
		has bool
	}
	var cands []cand
	// All path prefixes are looked up through one GOPROXY entry before
	// the next is tried, as go does; the outcome is that of the entry
	// the lookup stopped at, or of the one with the most useful error.
	var passes [][]cand
	outer := g.ctx
	defer func() { g.ctx = outer }()
	best, _ := g.ms.TryProxies(outer, func(ctx context.Context) error {
		g.ctx = ctx
		cands = nil
		defer func() { passes = append(passes, cands) }()
		for p := q.pattern; p != "." && p != "/" && p != ""; p = pathpkg.Dir(p) {
			if g.ms.IsMain(p) {
				continue
			}
			if module.CheckPath(p) != nil && p != q.pattern && !g.known(p) {
				if !strings.Contains(p, "/") {
					break
				}
				continue
			}
			m, err := g.queryModule(p, q.version)
			c := cand{m: m, err: err}
			if err == nil {
				_, c.has, c.err = g.ms.PackageInModule(g.ctx, m, q.pattern)
			}
			cands = append(cands, c)
			if !strings.Contains(p, "/") {
				break
			}
		}
		for _, c := range cands {
			if c.err == nil {
				return nil
			}
		}
		if len(cands) > 0 {
			return cands[0].err
		}
		return nil
	})
	g.ctx = outer
	if best >= 0 && best < len(passes) {
		cands = passes[best]
	}
	var pkgMods []module.Version
	sawNoPackage := false
	for _, c := range cands {
		switch {
		case c.err == nil && c.has:
			pkgMods = append(pkgMods, c.m)
		case c.err == nil:
			sawNoPackage = true
		case isNoSuchVersion(c.err) || isInvalidPath(c.err) || isNoPatchBase(c.err):
		default:
			// A real failure at the longest path that could provide the
			// package stops the query, as in go.
			if len(pkgMods) == 0 && !sawNoPackage {
				g.queryErr(q, c.err)
				return
			}
		}
	}
	if len(pkgMods) > 0 {
		q.matchesPackages = true
		q.pkgs = append(q.pkgs, q.pattern)
		if len(pkgMods) > 1 {
			g.ambiguous = append(g.ambiguous, ambiguousQuery{q, pkgMods})
			return
		}
		g.resolve(q, pkgMods[0])
		return
	}
	if len(cands) > 0 && cands[0].err == nil && cands[0].m.Path == q.pattern {
		// A module without a package at its root.
		g.resolve(q, cands[0].m)
		return
	}
	// Prefer "found, but does not contain package" from the longest
	// module that exists.
	for _, c := range cands {
		if c.err == nil {
			g.queryErr(q, &packageNotInModule{mod: c.m, repl: g.ms.Replacement(c.m), query: q.version, pattern: q.pattern})
			return
		}
	}
	if len(cands) > 0 {
		var errs []error
		for _, c := range cands {
			errs = append(errs, c.err)
		}
		g.queryErr(q, mostHelpfulErr(errs))
		return
	}
	g.queryErr(q, fmt.Errorf("malformed module path %q", q.pattern))
}

// known reports whether path is a module of the build list or replaced
// by the main module (and so worth querying even without a dot).
func (g *getter) known(path string) bool {
	if _, ok := g.initial[path]; ok {
		return true
	}
	return g.ms.Replacement(module.Version{Path: path}).Path != "" || g.ms.IsReplaced(path)
}

// ambiguousQuery is a package query that several modules can satisfy.
type ambiguousQuery struct {
	q     *query
	cands []module.Version // longest module path first
}

// resolveAmbiguous settles the ambiguous package queries once the
// others are resolved: candidates that conflict with other resolutions
// drop out, a candidate already selected at its version wins, and
// otherwise the longest module path does (the final load reports an
// ambiguity that remains in the build list).
func (g *getter) resolveAmbiguous() {
	for _, a := range g.ambiguous {
		var ok []module.Version
		for _, m := range a.cands {
			if vr, done := g.resolved[m.Path]; done && vr.version != m.Version {
				continue
			}
			ok = append(ok, m)
		}
		if len(ok) == 0 {
			ok = a.cands
		}
		choice := ok[0]
		for _, m := range ok {
			if g.current(m.Path) == m.Version {
				choice = m
				break
			}
		}
		g.resolve(a.q, choice)
	}
}

// resolveToolchain handles go@version and toolchain@version.
func (g *getter) resolveToolchain(q *query) {
	if q.version == "none" {
		// toolchain@none drops the toolchain line.
		g.writeOpts.DropToolchain = true
		return
	}
	v, err := g.ms.QueryToolchain(g.ctx, q.pattern, q.version, g.initial[q.pattern])
	if err != nil {
		g.queryErr(q, err)
		return
	}
	if q.pattern == "toolchain" {
		g.writeOpts.ExplicitToolchain = true
	}
	g.resolve(q, module.Version{Path: q.pattern, Version: v})
}

func hasGoFiles(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".go") && !e.IsDir() {
			return true
		}
	}
	return false
}

// workspaceModules returns the module paths of the modules that the
// go.work file applying to dir uses.
func workspaceModules(gowork, dir string) []string {
	file := gowork
	switch gowork {
	case "off":
		return nil
	case "", "auto":
		file = modload.FindGoWork(dir)
	}
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	wf, err := modfile.ParseWork(file, data, nil)
	if err != nil {
		return nil
	}
	var paths []string
	for _, u := range wf.Use {
		d := u.Path
		if !filepath.IsAbs(d) {
			d = filepath.Join(filepath.Dir(file), d)
		}
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err != nil {
			continue
		}
		if p := modfile.ModulePath(data); p != "" {
			paths = append(paths, p)
		}
	}
	return paths
}

// inWorkspaceModule reports whether an import path belongs to a module
// of the surrounding workspace.
func (g *getter) inWorkspaceModule(path string) bool {
	for _, mp := range g.workMods {
		if path == mp || strings.HasPrefix(path, mp+"/") {
			return true
		}
	}
	return false
}
