package modload

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/mvs"
)

// Conflict is a chain of requirements from a module version that must be
// selected to a module version that makes another one unattainable
// (Constraint set), or whose requirements could not be read (Err set).
type Conflict struct {
	Path       []module.Version
	Constraint module.Version
	Err        error
}

// ConstraintError lists the conflicts found by EditRoots.
type ConstraintError struct{ Conflicts []Conflict }

func (e *ConstraintError) Error() string {
	b := new(strings.Builder)
	b.WriteString("version constraints conflict:")
	for _, c := range e.Conflicts {
		fmt.Fprintf(b, "\n\t%s", c.Summary())
	}
	return b.String()
}

// Summary describes the first and last modules of the conflict.
func (c Conflict) Summary() string {
	if len(c.Path) == 0 {
		return "(internal error: invalid Conflict struct)"
	}
	first, last := c.Path[0], c.Path[len(c.Path)-1]
	if len(c.Path) == 1 {
		if c.Err != nil {
			return fmt.Sprintf("%s: %v", first, c.UnwrapModuleError())
		}
		return fmt.Sprintf("%s is above %s", first, c.Constraint.Version)
	}
	adverb := ""
	if len(c.Path) > 2 {
		adverb = "indirectly "
	}
	if c.Err != nil {
		return fmt.Sprintf("%s %srequires %s: %v", first, adverb, last, c.UnwrapModuleError())
	}
	return fmt.Sprintf("%s %srequires %s, but %s is requested", first, adverb, last, c.Constraint.Version)
}

// String describes the whole chain of the conflict.
func (c Conflict) String() string {
	if len(c.Path) == 0 {
		return "(internal error: invalid Conflict struct)"
	}
	b := new(strings.Builder)
	fmt.Fprintf(b, "%v", c.Path[0])
	if len(c.Path) == 1 {
		b.WriteString(" found")
	}
	for _, r := range c.Path[1:] {
		fmt.Fprintf(b, " requires\n\t%v", r)
	}
	if c.Constraint != (module.Version{}) {
		fmt.Fprintf(b, ", but %v is requested", c.Constraint.Version)
	}
	if c.Err != nil {
		fmt.Fprintf(b, ": %v", c.UnwrapModuleError())
	}
	return b.String()
}

// UnwrapModuleError returns c.Err without the module prefix when it
// names the last module of the chain.
func (c Conflict) UnwrapModuleError() error {
	var me *module.ModuleError
	if errors.As(c.Err, &me) && me == c.Err && len(c.Path) > 0 {
		last := c.Path[len(c.Path)-1]
		if me.Path == last.Path && me.Version == last.Version {
			return me.Err
		}
	}
	return c.Err
}

// Roots returns the current requirements of the main module(s),
// including the synthetic go and toolchain entries.
func (s *State) Roots() []module.Version { return append([]module.Version(nil), s.roots...) }

// GraphFor loads the module graph that roots would give.
func (s *State) GraphFor(ctx context.Context, roots []module.Version) (*mvs.Graph, error) {
	return s.graphFromRoots(roots)
}

// Graph loads the module graph of the current requirements.
func (s *State) Graph(ctx context.Context) (*mvs.Graph, error) { return s.loadGraph(ctx) }

// Pruned reports whether the main module's graph is pruned (go >= 1.17).
func (s *State) Pruned() bool { return s.pruning == pruned }

// Direct returns the module paths that go.mod requires directly.
func (s *State) Direct() map[string]bool {
	d := map[string]bool{}
	for p, ok := range s.direct {
		d[p] = ok
	}
	return d
}

// IsMain reports whether path is the path of a main module.
func (s *State) IsMain(path string) bool { return s.isMain(path) }

// editor computes requirement edits with version limits.
type editor struct {
	s       *State
	ctx     context.Context
	limit   map[string]string // path -> highest allowed version ("none": none)
	vlists  map[string][]string
	vlistOK map[string]error
	// origGraph is the graph of the roots before the edit, loaded
	// when a downgrade is logged.
	origGraph *mvs.Graph
}

// violation returns the shortest chain of requirements from m to a
// module version above its limit, or to one whose requirements cannot
// be read (err set).
func (e *editor) violation(m module.Version) ([]module.Version, error) {
	type node struct {
		m    module.Version
		from int
	}
	nodes := []node{{m, -1}}
	seen := map[module.Version]bool{m: true}
	chain := func(i int) []module.Version {
		var p []module.Version
		for ; i >= 0; i = nodes[i].from {
			p = append(p, nodes[i].m)
		}
		reverse(p)
		return p
	}
	for i := 0; i < len(nodes); i++ {
		n := nodes[i].m
		if i > 0 && e.exceeds(n) {
			return chain(i), nil
		}
		if gover.IsToolchain(n.Path) || e.s.isMain(n.Path) {
			continue
		}
		sum, err := e.s.goModSummary(n)
		if err != nil {
			return chain(i), err
		}
		for _, r := range sum.require {
			if r.Version == "none" || seen[r] || e.s.isMain(r.Path) {
				continue
			}
			seen[r] = true
			nodes = append(nodes, node{r, i})
		}
	}
	return nil, nil
}

func (e *editor) exceeds(m module.Version) bool {
	lim, ok := e.limit[m.Path]
	if !ok {
		return false
	}
	return lim == "none" || cmpVersion(m.Path, m.Version, lim) > 0
}

// previous returns the highest allowed version of m.Path below m.Version,
// or "none".
func (e *editor) previous(m module.Version) module.Version {
	list, ok := e.vlists[m.Path]
	if !ok {
		l, err := e.s.cache.Versions(e.ctx, m.Path)
		if err == nil {
			for _, v := range l {
				if !e.s.exclude[module.Version{Path: m.Path, Version: v}] && !e.s.cache.IsRetracted(e.ctx, m.Path, v) {
					list = append(list, v)
				}
			}
		}
		for old := range e.s.replace {
			if old.Path == m.Path && old.Version != "" && !module.IsPseudoVersion(old.Version) && !e.s.exclude[old] {
				list = append(list, old.Version)
			}
		}
		sort.Slice(list, func(i, j int) bool { return gover.ModCompare(m.Path, list[i], list[j]) < 0 })
		list = uniq(list)
		e.vlists[m.Path] = list
	}
	for i := len(list) - 1; i >= 0; i-- {
		if gover.ModCompare(m.Path, list[i], m.Version) < 0 {
			return module.Version{Path: m.Path, Version: list[i]}
		}
	}
	return module.Version{Path: m.Path, Version: "none"}
}

// logDowngrade tells why m is being replaced by the lower prev, as go
// does when m's requirements cannot be loaded (and for every downgrade
// with -v).
func (e *editor) logDowngrade(roots []module.Version, c Conflict, m, prev module.Version) {
	verbose := e.s.cfg.Flags != nil && e.s.cfg.Flags.V
	if c.Err == nil && !verbose {
		return
	}
	if e.origGraph == nil {
		g, err := e.s.graphFromRoots(roots)
		if err != nil {
			return
		}
		e.origGraph = g
	}
	var action string
	switch {
	case prev.Version == "none":
		action = fmt.Sprintf("removing %s", m)
	case prev.Version == e.origGraph.Selected(m.Path):
		action = fmt.Sprintf("restoring %s", prev)
	default:
		action = fmt.Sprintf("trying %s", prev)
	}
	if c.Err == nil {
		last := c.Path[len(c.Path)-1]
		c.Constraint = module.Version{Path: last.Path, Version: e.limit[last.Path]}
	}
	e.s.warn(fmt.Sprintf("go: %s\n\t%s", c.Summary(), action))
}

// EditRoots returns roots changed so that every module in mustSelect is
// selected at exactly its version ("none": not at all) and the modules in
// add are selected at least at theirs where that does not conflict.
// Other roots are downgraded (possibly away) as needed. Conflicts among
// mustSelect are reported as a *ConstraintError.
func (s *State) EditRoots(ctx context.Context, roots []module.Version, mustSelect, add []module.Version) ([]module.Version, error) {
	e := &editor{s: s, ctx: ctx, limit: map[string]string{}, vlists: map[string][]string{}}
	for _, m := range mustSelect {
		if !s.isMain(m.Path) && !gover.IsToolchain(m.Path) {
			e.limit[m.Path] = m.Version
		}
	}
	cur := map[string]string{}
	var order []string
	set := func(path, v string) {
		if _, ok := cur[path]; !ok {
			order = append(order, path)
		}
		cur[path] = v
	}
	for _, r := range roots {
		if old, ok := cur[r.Path]; !ok || cmpVersion(r.Path, old, r.Version) < 0 {
			set(r.Path, r.Version)
		}
	}
	for _, m := range add {
		if _, fixed := e.limit[m.Path]; fixed {
			continue
		}
		if old, ok := cur[m.Path]; !ok || cmpVersion(m.Path, old, m.Version) < 0 {
			set(m.Path, m.Version)
		}
	}
	for _, m := range mustSelect {
		if s.isMain(m.Path) {
			continue
		}
		set(m.Path, m.Version)
	}
	sort.Strings(order)
	for _, p := range order {
		if _, fixed := e.limit[p]; fixed || gover.IsToolchain(p) || cur[p] == "none" {
			continue
		}
		m := module.Version{Path: p, Version: cur[p]}
		for m.Version != "none" {
			c, err := e.violation(m)
			if c == nil {
				break
			}
			prev := e.previous(m)
			e.logDowngrade(roots, Conflict{Path: c, Err: err}, m, prev)
			m = prev
		}
		cur[p] = m.Version
	}
	var conflicts []Conflict
	for _, m := range mustSelect {
		if m.Version == "none" || s.isMain(m.Path) || gover.IsToolchain(m.Path) {
			continue
		}
		c, err := e.violation(m)
		if c == nil {
			continue
		}
		cf := Conflict{Path: c, Err: err}
		if err == nil {
			last := c[len(c)-1]
			cf.Constraint = module.Version{Path: last.Path, Version: e.limit[last.Path]}
		}
		conflicts = append(conflicts, cf)
	}
	if len(conflicts) > 0 {
		return nil, &ConstraintError{Conflicts: conflicts}
	}
	var out []module.Version
	for _, p := range order {
		if v := cur[p]; v != "none" {
			out = append(out, module.Version{Path: p, Version: v})
		}
	}
	gover.ModSort(out)
	// Roots are listed at their selected versions.
	if g, err := s.graphFromRoots(out); err == nil {
		for i, m := range out {
			if v := g.Selected(m.Path); v != "none" && !s.isMain(m.Path) && !gover.IsToolchain(m.Path) {
				out[i].Version = v
			}
		}
	}
	return out, nil
}

// TryProxies runs a lookup that may query several module paths
// against each GOPROXY entry in turn (see modfetch.Cache.TryProxies).
func (s *State) TryProxies(ctx context.Context, f func(ctx context.Context) error) (int, error) {
	return s.cache.TryProxies(ctx, f)
}

// QueryModule resolves a version query for the module path as 'go get'
// does: relative to current (the selected version, "" or "none" if not
// in the build list), ruling out excluded and, for non-revision
// queries, retracted versions.
func (s *State) QueryModule(ctx context.Context, path, query, current string) (*modfetch.RevInfo, error) {
	if current == "none" {
		current = ""
	}
	return s.queryVersion(ctx, path, query, current)
}

// PackageInModule returns the directory that would hold package pkg in
// module m (fetching m if needed) and whether it holds Go files.
func (s *State) PackageInModule(ctx context.Context, m module.Version, pkg string) (string, bool, error) {
	root, local, err := s.fetch(m)
	if err != nil {
		return "", false, err
	}
	return s.dirInModule(pkg, m.Path, root, local)
}

// ModuleRootDir returns the directory holding module m (after
// replacement, fetching it if needed) and whether it is a local tree.
func (s *State) ModuleRootDir(ctx context.Context, m module.Version) (string, bool, error) {
	return s.fetch(m)
}

// MainGoMod returns the parsed go.mod of the single main module (nil in
// workspace mode or outside a module).
func (s *State) MainGoMod() *modfile.File {
	if len(s.mods) != 1 || s.inWorkspace() {
		return nil
	}
	return s.mods[0].file
}

// GoVersionOfModule returns the go line of m's go.mod as read while
// loading the graph ("" when unknown or absent).
func (s *State) GoVersionOfModule(m module.Version) string {
	v, _ := s.goVersionOf(m)
	return v
}

// addReplacedQueryOptions lets a query for a replaced module path see
// the versions that the replace directives supply, as go does.
func (s *State) addReplacedQueryOptions(path string, opts *modfetch.QueryOptions) {
	hv, ok := s.highestRepl[path]
	if !ok {
		return
	}
	opts.Replaced = true
	for old := range s.replace {
		if old.Path == path && old.Version != "" && !module.IsPseudoVersion(old.Version) {
			opts.ReplacedVersions = append(opts.ReplacedVersions, old.Version)
		}
	}
	opts.Replaces = func(v string) bool {
		_, _, ok := s.replacementFrom(module.Version{Path: path, Version: v})
		return ok
	}
	if hv == "" {
		if _, major, ok := module.SplitPathVersion(path); ok && len(major) > 0 {
			hv = module.ZeroPseudoVersion(major[1:])
		} else {
			hv = module.ZeroPseudoVersion("v0")
		}
	}
	opts.ReplacedLatest = hv
}

// IsReplaced reports whether some version of path is replaced.
func (s *State) IsReplaced(path string) bool {
	_, ok := s.highestRepl[path]
	return ok
}

// NoImportLookups stops Import from looking up modules for missing
// imports (-mod=mod): go get resolves them itself.
func (s *State) NoImportLookups() { s.deferQuery = true }

// MinimalUnprunedRoots reduces edited requirements of an unpruned main
// module to those go would list: the modules of mustSelect, former roots
// whose version did not change or that are direct, and whatever else is
// needed to keep every selected version.
func (s *State) MinimalUnprunedRoots(ctx context.Context, roots, origRoots []module.Version, direct map[string]bool, mustSelect []module.Version) ([]module.Version, error) {
	if len(s.mods) != 1 {
		return roots, nil
	}
	g, err := s.graphFromRoots(roots)
	if err != nil {
		return nil, err
	}
	orig := map[string]string{}
	for _, r := range origRoots {
		orig[r.Path] = r.Version
	}
	var paths []string
	for _, m := range mustSelect {
		if m.Version != "none" && !s.isMain(m.Path) && !gover.IsToolchain(m.Path) {
			paths = append(paths, m.Path)
		}
	}
	for _, m := range roots {
		if gover.IsToolchain(m.Path) {
			continue
		}
		if v, ok := orig[m.Path]; ok && (v == m.Version || direct[m.Path]) {
			paths = append(paths, m.Path)
		}
	}
	min := g.Req(s.mods[0].mod, paths)
	for _, m := range roots {
		if gover.IsToolchain(m.Path) {
			min = append(min, m)
		}
	}
	gover.ModSort(min)
	return min, nil
}

// IsExcluded reports whether a main module's go.mod excludes m.
func (s *State) IsExcluded(m module.Version) bool { return s.exclude[m] }

// QueryToolchain resolves a version query for the go or toolchain
// pseudo-module against the Go releases the module proxy offers
// (golang.org/toolchain) plus the running toolchain. Results for
// "toolchain" carry the "go" prefix.
func (s *State) QueryToolchain(ctx context.Context, path, query, current string) (string, error) {
	prefix := ""
	if path == "toolchain" {
		prefix = "go"
	}
	q := strings.TrimPrefix(query, "go")
	cur := strings.TrimPrefix(current, "go")
	listed := func() []string {
		var list []string
		seen := map[string]bool{}
		vs, _ := s.cache.Versions(ctx, "golang.org/toolchain")
		for _, dl := range vs {
			_, v, ok := strings.Cut(dl, "-")
			if !ok {
				continue
			}
			i := strings.LastIndex(v, ".")
			if i < 0 || !strings.Contains(v[i+1:], "-") {
				continue
			}
			v = strings.TrimPrefix(v[:i], "go")
			if gover.IsValid(v) && !seen[v] {
				seen[v] = true
				list = append(list, v)
			}
		}
		if !seen[s.localGo] {
			list = append(list, s.localGo)
		}
		sort.Slice(list, func(i, j int) bool { return gover.Compare(list[i], list[j]) < 0 })
		return list
	}
	best := func(match func(string) bool) (string, error) {
		list := listed()
		for i := len(list) - 1; i >= 0; i-- {
			if match(list[i]) {
				return prefix + list[i], nil
			}
		}
		return "", fmt.Errorf("no matching versions for query %q", query)
	}
	isRelease := func(v string) bool { return !strings.Contains(v, "rc") && !strings.Contains(v, "beta") }
	switch query {
	case "latest":
		return best(isRelease)
	case "upgrade":
		v, err := best(isRelease)
		if err == nil && cur != "" && gover.Compare(strings.TrimPrefix(v, "go"), cur) < 0 {
			return prefix + cur, nil
		}
		return v, err
	case "patch":
		if cur == "" {
			return best(isRelease)
		}
		lang := gover.Lang(cur)
		return best(func(v string) bool { return isRelease(v) && gover.Lang(v) == lang && gover.Compare(v, cur) >= 0 })
	}
	if !gover.IsValid(q) {
		return "", fmt.Errorf("invalid %s version %s", path, query)
	}
	if gover.Lang(q) == q && gover.Compare(q, "1.21") >= 0 {
		return best(func(v string) bool { return strings.HasPrefix(v, q+".") && isRelease(v) })
	}
	if path == "go" && gover.Compare(q, s.localGo) <= 0 || q == s.localGo {
		return prefix + q, nil
	}
	for _, v := range listed() {
		if v == q {
			return prefix + q, nil
		}
	}
	return "", fmt.Errorf("no matching versions for query %q", query)
}
