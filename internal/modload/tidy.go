package modload

import (
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
)

// TidyOptions are the flags of go mod tidy.
type TidyOptions struct {
	AllowErrors bool   // -e
	Verbose     bool   // -v: report unused requirements
	GoVersion   string // -go
	Compat      string // -compat
	// Diff computes the changes without writing them.
	Diff bool
	// NoResolve leaves missing imports missing (go work sync), and
	// SilenceErrors does not report package errors.
	NoResolve, SilenceErrors bool
}

// TidyResult is what Tidy computed.
type TidyResult struct {
	// For -diff: the files before and after.
	GoModBefore, GoModAfter []byte
	GoSumBefore, GoSumAfter []byte
}

// Tidy implements go mod tidy: it loads "all" with every build tag,
// adds the modules missing imports need, keeps as requirements only
// the modules that provide packages (plus those pruning needs), and
// writes go.mod and go.sum (unless opts.Diff). Package errors are
// printed through the Warn callback as go prints them ("go: " prefixed
// lines); the returned error (text without "go: ") stops the command.
func (s *State) Tidy(ctx context.Context, opts TidyOptions) (*TidyResult, error) {
	initial := s.Requirements()
	// Redundant roots (the main module itself, a path twice) go first:
	// they must not steer the versions of missing imports.
	if pr := s.pruneRedundantRoots(initial.Roots); len(pr) != len(initial.Roots) {
		req := s.Requirements()
		req.Roots = pr
		s.SetRequirements(req)
	}
	if opts.GoVersion != "" {
		req := s.Requirements()
		if p := pruningFor(opts.GoVersion); p != s.pruning && !s.inWorkspace() {
			// Like go, keep the build list across a change of pruning:
			// every module selected now becomes a root.
			if g, err := s.loadGraph(ctx); err == nil {
				for _, m := range g.BuildList() {
					if !gover.IsToolchain(m.Path) && !s.isMain(m.Path) {
						req.Roots = upsert(req.Roots, m)
					}
				}
			}
		}
		req.Roots = setRoot(req.Roots, module.Version{Path: "go", Version: opts.GoVersion})
		if gover.Compare(opts.GoVersion, gover.GoStrictVersion) < 0 {
			req.Roots = dropRoot(req.Roots, "toolchain")
		}
		s.SetRequirements(req)
	}
	if s.pruning == unpruned {
		// Like go, load the whole unpruned graph before any package:
		// its errors stop tidy at once.
		if _, err := s.loadGraph(ctx); err != nil {
			if !opts.AllowErrors {
				return nil, err
			}
			s.warn("go: " + err.Error())
		}
	}
	all, err := s.tidyLoadAll(ctx, !opts.NoResolve, opts.GoVersion != "")
	if err != nil {
		var tn *gover.TooNewError
		if !opts.AllowErrors || all == nil || !errors.As(err, &tn) {
			return nil, err
		}
		// -e: report it and go on with what was loaded.
		s.warn("go: " + err.Error())
	}
	failed := false
	for _, n := range all.Pkgs {
		if n.Err == nil || n.TestOf != nil || opts.SilenceErrors {
			continue
		}
		var me *ImportMissingError
		if errors.As(n.Err, &me) && me.IsStd {
			continue // a standard package of a later Go, perhaps
		}
		s.warn(fmt.Sprintf("go: %s: %v", n.StackText(), n.Err))
		failed = true
	}
	if failed && !opts.AllowErrors {
		return nil, errSilentExit
	}

	direct := map[string]bool{}
	for _, n := range all.Pkgs {
		if !s.isMain(n.Mod.Path) || n.Mod.Version != "" {
			continue
		}
		for _, d := range n.Imports {
			if d.Mod.Path != "" && !s.isMain(d.Mod.Path) {
				direct[d.Mod.Path] = true
			}
		}
	}
	// Keep direct marks for modules whose packages could not be loaded.
	for p := range initial.Direct {
		for _, n := range all.Pkgs {
			if n.Err != nil && maybeInModule(n.Path, p) {
				direct[p] = true
			}
		}
	}

	var roots []module.Version
	if s.pruning == pruned {
		roots, err = s.tidyPrunedRoots(ctx, all, direct)
	} else {
		roots, err = s.tidyUnprunedRoots(ctx, all, direct)
	}
	if err != nil {
		var ge *tidyGraphError
		if !opts.AllowErrors || !errors.As(err, &ge) {
			return nil, err
		}
		// -e: report the broken graph and go on with what was loaded.
		s.warn("go: " + ge.err.Error())
	}
	s.SetRequirements(Requirements{Roots: roots, Direct: direct})
	if errs := s.CheckMultiplePaths(); len(errs) > 0 {
		for _, err := range errs {
			s.warn("go: " + err.Error())
		}
		if !opts.AllowErrors {
			return nil, errSilentExit
		}
	}
	if opts.GoVersion != "" {
		if err := s.checkTidyGo(ctx, opts.GoVersion, opts.Verbose); err != nil {
			return nil, err
		}
	} else {
		s.raiseGoToGraph(ctx)
	}

	if opts.Verbose {
		g, _ := s.loadGraph(ctx)
		for _, m := range initial.Roots {
			if gover.IsToolchain(m.Path) {
				continue
			}
			unused := false
			if s.pruning == unpruned {
				unused = g != nil && g.Selected(m.Path) == "none"
			} else {
				_, ok := s.rootSelected(m.Path)
				unused = !ok
			}
			if unused {
				s.warn("unused " + m.Path)
			}
		}
	}

	pkgs := tidyKeepPkgs(all)
	keep := s.keepSums(ctx, pkgs, true, false)
	goVersion, _ := s.rootSelected("go")
	compat := opts.Compat
	if compat == "" {
		if gover.Compare(goVersion, gover.GoStrictVersion) < 0 {
			compat = prevGo(goVersion)
		} else {
			compat = goVersion
		}
	}
	if gover.Compare(compat, goVersion) > 0 {
		compat = goVersion
	}
	if cp := pruningFor(compat); cp != s.pruning {
		saved := s.pruning
		s.pruning = cp
		s.resetGraph()
		failed := s.checkTidyCompat(ctx, all, compat, goVersion, opts.AllowErrors)
		if failed && !opts.AllowErrors {
			return nil, errSilentExit
		}
		for m := range s.keepSums(ctx, pkgs, true, false) {
			keep[m] = true
		}
		s.pruning = saved
		s.resetGraph()
		s.loadGraph(ctx)
	}

	wopts := WriteOpts{Tidy: true, Keep: keep, TidyWroteGo: opts.GoVersion != ""}
	if opts.Diff {
		res := &TidyResult{}
		var dirty bool
		res.GoModBefore, res.GoModAfter, dirty, err = s.UpdatedGoMod(wopts)
		_ = dirty
		if err != nil {
			return nil, err
		}
		if gover.Compare(compat, "1.16") > 0 {
			keep = s.keepSums(ctx, pkgs, true, true)
		}
		res.GoSumBefore, res.GoSumAfter = s.sums.TidyBytes(keep)
		return res, nil
	}
	saved := s.buildMod
	s.buildMod = "mod"
	err = s.Commit(ctx, wopts)
	s.buildMod = saved
	if err != nil {
		return nil, err
	}
	return &TidyResult{}, nil
}

// errSilentExit: the errors were printed; exit with status 1.
var errSilentExit = errors.New("")

// IsSilentExit reports an error whose text was already printed.
func IsSilentExit(err error) bool { return err == errSilentExit }

func tidyKeepPkgs(all *AllPackages) []importedPkg {
	var out []importedPkg
	for _, n := range all.Pkgs {
		if n.TestOf != nil || n.Mod.Path == "" && n.Err == nil || n.Std || module.CheckImportPath(n.Path) != nil {
			continue
		}
		out = append(out, importedPkg{n.Path, n.Mod})
	}
	return out
}

// prevGo returns the language version before v ("1.16" for "1.17").
func prevGo(v string) string {
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return v
	}
	minor, err := strconv.Atoi(parts[1])
	if err != nil || minor == 0 {
		return v
	}
	return parts[0] + "." + strconv.Itoa(minor-1)
}

func setRoot(roots []module.Version, m module.Version) []module.Version {
	out := dropRoot(roots, m.Path)
	return append(out, m)
}

func dropRoot(roots []module.Version, path string) []module.Version {
	var out []module.Version
	for _, r := range roots {
		if r.Path != path {
			out = append(out, r)
		}
	}
	return out
}

// tidyPrunedRoots returns the roots of a tidy pruned module: the go and
// toolchain roots, the modules providing packages of "all", and the
// modules whose selected version the pruned graph would otherwise lower
// for test dependencies, nearest packages first.
func (s *State) tidyPrunedRoots(ctx context.Context, all *AllPackages, direct map[string]bool) ([]module.Version, error) {
	var roots []module.Version
	isRoot := map[string]bool{}
	for _, p := range []string{"go", "toolchain"} {
		if v, ok := s.rootSelected(p); ok {
			roots = append(roots, module.Version{Path: p, Version: v})
			isRoot[p] = true
		}
	}
	for _, m := range s.mods {
		isRoot[m.mod.Path] = true
	}
	var queue []*PkgNode
	queued := map[*PkgNode]bool{}
	for _, n := range all.Pkgs {
		if n.TestOf != nil || !n.InAll {
			continue
		}
		if n.Mod.Path != "" && n.Mod.Version != "" || n.Mod.Path != "" && !s.isMain(n.Mod.Path) {
			if !isRoot[n.Mod.Path] {
				roots = append(roots, n.Mod)
				isRoot[n.Mod.Path] = true
			}
		}
		queue = append(queue, n)
		queued[n] = true
	}
	s.SetRequirements(Requirements{Roots: roots, Direct: direct})
	var graphErr error
	for len(queue) > 0 {
		g, err := s.loadGraph(ctx)
		if err != nil {
			if g == nil {
				return nil, err
			}
			graphErr = err
		}
		prev := queue
		queue = nil
		n0 := len(roots)
		for _, n := range prev {
			if n.Mod.Path == "" {
				continue
			}
			for _, d := range n.Imports {
				if !queued[d] {
					queue = append(queue, d)
					queued[d] = true
				}
			}
			if n.Test != nil && !queued[n.Test] {
				queue = append(queue, n.Test)
				queued[n.Test] = true
			}
			if !isRoot[n.Mod.Path] {
				if sel := g.Selected(n.Mod.Path); gover.ModCompare(n.Mod.Path, sel, n.Mod.Version) < 0 {
					roots = append(roots, n.Mod)
					isRoot[n.Mod.Path] = true
				}
			}
		}
		if len(roots) > n0 {
			s.SetRequirements(Requirements{Roots: roots, Direct: direct})
		}
	}
	if _, err := s.loadGraph(ctx); err != nil && graphErr == nil {
		graphErr = err
	}
	// Promote the modules of packages that became ambiguous once their
	// roots were dropped.
	for {
		n0 := len(roots)
		for _, n := range all.Pkgs {
			if n.TestOf != nil || n.Mod.Path == "" || isRoot[n.Mod.Path] {
				continue
			}
			saved := s.skipImportModFiles
			s.skipImportModFiles = true // as go: no go.mod needed to see ambiguity
			_, err := s.importModules(ctx, n.Path)
			s.skipImportModFiles = saved
			var amb *AmbiguousImportError
			if errors.As(err, &amb) {
				roots = append(roots, n.Mod)
				isRoot[n.Mod.Path] = true
			}
		}
		if len(roots) == n0 {
			break
		}
		s.SetRequirements(Requirements{Roots: roots, Direct: direct})
		if _, err := s.loadGraph(ctx); err != nil && graphErr == nil {
			graphErr = err
		}
	}
	gover.ModSort(roots)
	if graphErr != nil {
		return roots, &tidyGraphError{graphErr}
	}
	return roots, nil
}

// tidyGraphError is a module graph that could not be loaded completely
// while computing tidy roots; with -e tidy goes on.
type tidyGraphError struct{ err error }

func (e *tidyGraphError) Error() string { return e.err.Error() }
func (e *tidyGraphError) Unwrap() error { return e.err }

// tidyUnprunedRoots returns the minimal roots of an unpruned module
// that keep selected the modules providing packages, with the direct
// dependencies always listed.
func (s *State) tidyUnprunedRoots(ctx context.Context, all *AllPackages, direct map[string]bool) ([]module.Version, error) {
	var keep []module.Version
	kept := map[string]bool{}
	for _, p := range []string{"go", "toolchain"} {
		if v, ok := s.rootSelected(p); ok {
			keep = append(keep, module.Version{Path: p, Version: v})
			kept[p] = true
		}
	}
	var base []string
	inBase := map[string]bool{}
	for _, n := range all.Pkgs {
		if n.TestOf != nil || n.Mod.Path == "" || s.isMain(n.Mod.Path) && n.Mod.Version == "" {
			continue
		}
		if !kept[n.Mod.Path] {
			keep = append(keep, n.Mod)
			kept[n.Mod.Path] = true
		}
		if direct[n.Mod.Path] && !inBase[n.Mod.Path] {
			base = append(base, n.Mod.Path)
			inBase[n.Mod.Path] = true
		}
	}
	for _, p := range []string{"go", "toolchain"} {
		if kept[p] && !inBase[p] {
			base = append(base, p)
			inBase[p] = true
		}
	}
	altMods := s.tidyAltMods(ctx, all)
	s.SetRequirements(Requirements{Roots: keep, Direct: direct})
	g, err := s.loadGraph(ctx)
	if err != nil {
		if g == nil {
			return nil, err
		}
		return minimalRoots(g, s.mods[0].mod, base), &tidyGraphError{err}
	}
	// A module that was checked for a package and lacked it must not be
	// downgraded: an older version might provide the package too.
	keptAlt := false
	for _, m := range g.BuildList() {
		if v, ok := altMods[m.Path]; ok && gover.ModCompare(m.Path, m.Version, v) < 0 {
			keep = append(keep, module.Version{Path: m.Path, Version: v})
			keptAlt = true
		}
	}
	if keptAlt {
		s.SetRequirements(Requirements{Roots: keep, Direct: direct})
		if g, err = s.loadGraph(ctx); err != nil {
			if g == nil {
				return nil, err
			}
			return minimalRoots(g, s.mods[0].mod, base), &tidyGraphError{err}
		}
	}
	return minimalRoots(g, s.mods[0].mod, base), nil
}

// tidyAltMods returns, for the packages loaded from modules, the
// selected versions of the other modules whose paths prefix a
// package's path (modules that were checked and lack the package).
func (s *State) tidyAltMods(ctx context.Context, all *AllPackages) map[string]string {
	alt := map[string]string{}
	g, _ := s.loadGraph(ctx)
	if g == nil {
		return alt
	}
	for _, n := range all.Pkgs {
		if n.TestOf != nil || !s.isExternal(n) {
			continue
		}
		for prefix := n.Path; prefix != "."; prefix = pathpkg.Dir(prefix) {
			if prefix == n.Mod.Path || gover.IsToolchain(prefix) {
				continue
			}
			if v := g.Selected(prefix); v != "none" {
				alt[prefix] = v
			}
		}
	}
	return alt
}

// minimalRoots returns the smallest set of requirements of the main
// module (listing base paths always) whose selection is the build list
// of g, sorted by path.
func minimalRoots(g interface {
	BuildList() []module.Version
	RequiredBy(module.Version) ([]module.Version, bool)
}, mainMod module.Version, base []string) []module.Version {
	list := g.BuildList()
	selected := map[string]string{}
	for _, m := range list {
		selected[m.Path] = m.Version
	}
	reqs := map[module.Version][]module.Version{mainMod: nil}
	var postorder []module.Version
	var visit func(module.Version)
	visit = func(m module.Version) {
		if _, ok := reqs[m]; ok {
			return
		}
		r, _ := g.RequiredBy(m)
		reqs[m] = r
		for _, d := range r {
			if d.Version != "none" {
				visit(d)
			}
		}
		postorder = append(postorder, m)
	}
	for _, m := range list {
		visit(m)
	}
	have := map[module.Version]bool{}
	var mark func(module.Version)
	mark = func(m module.Version) {
		if have[m] {
			return
		}
		have[m] = true
		for _, d := range reqs[m] {
			mark(d)
		}
	}
	var min []module.Version
	inBase := map[string]bool{}
	for _, p := range base {
		if inBase[p] {
			continue
		}
		inBase[p] = true
		m := module.Version{Path: p, Version: selected[p]}
		min = append(min, m)
		mark(m)
	}
	for i := len(postorder) - 1; i >= 0; i-- {
		m := postorder[i]
		if selected[m.Path] != m.Version || have[m] {
			continue
		}
		min = append(min, m)
		mark(m)
	}
	sort.Slice(min, func(i, j int) bool { return min[i].Path < min[j].Path })
	return min
}

// pruneRedundantRoots drops requirements on the main modules and all but
// the highest requirement of each path.
func (s *State) pruneRedundantRoots(roots []module.Version) []module.Version {
	best := map[string]string{}
	for _, r := range roots {
		if v, ok := best[r.Path]; !ok || gover.ModCompare(r.Path, r.Version, v) > 0 {
			best[r.Path] = r.Version
		}
	}
	var out []module.Version
	for _, r := range roots {
		if s.isMain(r.Path) || best[r.Path] != r.Version {
			continue
		}
		best[r.Path] = "\x00" // keep one
		out = append(out, r)
	}
	return out
}

// checkTidyGo reports go's conflict error when a dependency needs a
// newer go than the -go flag asks for.
func (s *State) checkTidyGo(ctx context.Context, want string, verbose bool) error {
	g, err := s.loadGraph(ctx)
	if err != nil {
		return err
	}
	sel := g.Selected("go")
	if sel == want || sel == "none" {
		return nil
	}
	path := g.FindPath(func(m module.Version) bool { return m.Path == "go" && m.Version == sel })
	if len(path) > 0 {
		path = path[1:]
	}
	if len(path) == 0 {
		return fmt.Errorf("go@%s is above %s", sel, want)
	}
	if verbose {
		var b strings.Builder
		for i, m := range path {
			if i > 0 {
				b.WriteString(" requires\n\t")
			}
			b.WriteString(m.String())
		}
		fmt.Fprintf(&b, ", but %s is requested", want)
		return errors.New(b.String())
	}
	if len(path) == 1 {
		return fmt.Errorf("%s is above %s", path[0], want)
	}
	adverb := ""
	if len(path) > 2 {
		adverb = "indirectly "
	}
	return fmt.Errorf("%s %srequires %s, but %s is requested", path[0], adverb, path[len(path)-1], want)
}

// WorkModuleVersions returns, for go work sync, the module versions that
// provide the packages of "all" of the main module mainPath in the
// workspace (with the tests of every package), sorted.
func (s *State) WorkModuleVersions(ctx context.Context, mainPath string) ([]module.Version, error) {
	all, err := s.LoadAll(ctx, AllOptions{MainModule: mainPath, Tests: true})
	if err != nil {
		return nil, err
	}
	seen := map[module.Version]bool{}
	var out []module.Version
	for _, n := range all.Pkgs {
		if n.TestOf != nil || n.Mod.Version == "" || seen[n.Mod] {
			continue
		}
		seen[n.Mod] = true
		out = append(out, n.Mod)
	}
	gover.ModSort(out)
	return out, nil
}

// SyncRequirements raises the requirements of the single main module so
// that each version in mustSelect is selected, as go work sync does,
// and if that changed anything tidies and writes go.mod and go.sum. It
// returns the main module's go version afterwards.
func (s *State) SyncRequirements(ctx context.Context, mustSelect []module.Version) (string, error) {
	g, err := s.loadGraph(ctx)
	if err != nil {
		return s.rootGoVersion(), err
	}
	req := s.Requirements()
	changed := false
	for _, m := range mustSelect {
		if s.isMain(m.Path) {
			continue
		}
		if cmpVersion(m.Path, g.Selected(m.Path), m.Version) < 0 {
			req.Roots = upsert(req.Roots, m)
			changed = true
		}
	}
	if !changed {
		return s.rootGoVersion(), nil
	}
	gover.ModSort(req.Roots)
	s.SetRequirements(req)
	s.raiseGoToGraph(ctx)
	if _, err := s.Tidy(ctx, TidyOptions{AllowErrors: true, NoResolve: true, SilenceErrors: true}); err != nil {
		return s.rootGoVersion(), err
	}
	return s.rootGoVersion(), nil
}

// checkTidyCompat reports the packages that go compat (whose module
// graph is unpruned) would load from another module version, or not at
// all, printing go's errors and advice; it reports whether there was an
// error. The unpruned pruning is in effect.
func (s *State) checkTidyCompat(ctx context.Context, all *AllPackages, compat, goVersion string, allowErrors bool) bool {
	suggestUpgrade, suggestE := false, false
	mainGo := s.mods[0].goVersion
	if mainGo == "" {
		mainGo = gover.DefaultGoModVersion
	}
	suggest := func() {
		if allowErrors {
			return
		}
		s.warn("")
		goFlag := ""
		if goVersion != mainGo {
			goFlag = " -go=" + goVersion
		}
		compatFlag := ""
		if compat != prevGo(goVersion) {
			compatFlag = " -compat=" + compat
		}
		if suggestUpgrade {
			eDesc, eFlag := "", ""
			if suggestE {
				eDesc, eFlag = ", leaving some packages unresolved", " -e"
			}
			s.warn(fmt.Sprintf("To upgrade to the versions selected by go %s%s:\n\tgo mod tidy%s -go=%s && go mod tidy%s -go=%s%s", compat, eDesc, eFlag, compat, eFlag, goVersion, compatFlag))
		} else if suggestE {
			s.warn(fmt.Sprintf("To proceed despite packages unresolved in go %s:\n\tgo mod tidy -e%s%s", compat, goFlag, compatFlag))
		}
		s.warn(fmt.Sprintf("If reproducibility with go %s is not needed:\n\tgo mod tidy%s -compat=%s", compat, goFlag, goVersion))
		s.warn("For information about 'go mod tidy' compatibility, see:\n\thttps://go.dev/ref/mod#graph-pruning")
	}
	g, err := s.loadGraph(ctx)
	if err != nil {
		s.warn(fmt.Sprintf("go: error loading go %s module graph: %v", compat, err))
		suggest()
		return true
	}
	s.fullGraphImports, s.deferQuery = true, true
	defer func() { s.fullGraphImports, s.deferQuery = false, false }()
	failed := false
	for _, n := range all.Pkgs {
		if n.TestOf != nil || n.Std || n.Mod.Path == "" && n.Err == nil {
			continue
		}
		var mod module.Version
		res, err := s.importModules(ctx, n.Path)
		if err == nil && res.Module != nil {
			mod = module.Version{Path: res.Module.Path, Version: res.Module.Version}
		}
		if mod == n.Mod {
			continue
		}
		failed = true
		var msg string
		switch {
		case err != nil:
			var me *ImportMissingError
			if errors.As(err, &me) {
				sel := module.Version{Path: n.Mod.Path, Version: g.Selected(n.Mod.Path)}
				msg = fmt.Sprintf("%s loaded from %v,\n\tbut go %s would fail to locate it in %s", n.StackText(), n.Mod, compat, sel)
			} else {
				msg = fmt.Sprintf("%s loaded from %v,\n\tbut go %s would fail to locate it:\n\t%v", n.StackText(), n.Mod, compat, err)
			}
			suggestE = true
			if !suggestUpgrade {
				for _, r := range s.roots {
					if g.Selected(r.Path) != r.Version {
						suggestUpgrade = true
						break
					}
				}
			}
		case n.Err != nil:
			suggestUpgrade = true
			msg = fmt.Sprintf("%s failed to load from any module,\n\tbut go %s would load it from %v", n.Path, compat, mod)
		default:
			suggestUpgrade = true
			msg = fmt.Sprintf("%s loaded from %v,\n\tbut go %s would select %v\n", n.StackText(), n.Mod, compat, mod.Version)
		}
		s.warn("go: " + msg)
	}
	if failed {
		suggest()
	}
	return failed
}
