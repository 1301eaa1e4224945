package modload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/wire"
)

// moduleInfo describes m as 'go list -m -json' does. inGraph is false
// for modules named by a path@version query, which are described
// without regard to the build list (no replacement, no indirect flag).
func (s *State) moduleInfo(m module.Version, inGraph bool) *wire.Module {
	if m.Version == "" && (s.isMain(m.Path) || (len(s.mods) == 0 && m.Path == "command-line-arguments")) {
		info := &wire.Module{Path: m.Path, Main: true}
		info.GoVersion, _ = s.goVersionOf(m)
		if mi := s.mainByPath(m.Path); mi != nil {
			info.Dir = mi.root
			info.GoMod = mi.gomod
		}
		return info
	}
	info := &wire.Module{Path: m.Path, Version: m.Version, Indirect: inGraph && !s.direct[m.Path]}
	if v, ok := s.goVersionOf(m); ok {
		info.GoVersion = v
	}
	if !inGraph {
		s.completeFromCache(info, false)
		return info
	}
	r := s.Replacement(m)
	if r.Path == "" {
		if s.buildMod != "vendor" {
			s.completeFromCache(info, true)
		}
		return info
	}
	info.Replace = &wire.Module{Path: r.Path, Version: r.Version}
	if v, ok := s.goVersionOf(m); ok {
		info.Replace.GoVersion = v
	}
	if r.Version == "" {
		if filepath.IsAbs(r.Path) {
			info.Replace.Dir = r.Path
		} else {
			info.Replace.Dir = filepath.Join(s.replaceRelativeTo(), r.Path)
		}
		info.Replace.GoMod = filepath.Join(info.Replace.Dir, "go.mod")
	}
	if s.buildMod != "vendor" {
		s.completeFromCache(info.Replace, true)
		info.Dir = info.Replace.Dir
		info.GoMod = info.Replace.GoMod
		info.Retracted = info.Replace.Retracted
	}
	info.GoVersion = info.Replace.GoVersion
	return info
}

// completeFromCache fills in what the module cache knows about m.
func (s *State) completeFromCache(m *wire.Module, inGraph bool) {
	if gover.IsToolchain(m.Path) {
		return
	}
	checksumOK := func(suffix string) bool {
		return !inGraph || m.Version == "" || !s.mustHaveSums() ||
			s.sums.Have(module.Version{Path: m.Path, Version: m.Version + suffix})
	}
	mod := module.Version{Path: m.Path, Version: m.Version}
	if m.Version != "" {
		if old := s.reuse[mod]; old != nil && s.cache.CheckReuse(context.Background(), mod.Path, mod.Version, old.Origin) == nil {
			*m = *old
			m.Query = ""
			m.Dir = ""
			return
		}
		if info, err := s.queryExact(m.Path, m.Version); err != nil {
			m.Error = &wire.ModuleError{Err: err.Error()}
		} else {
			m.Version = info.Version
			t := info.Time
			m.Time = &t
		}
	}
	if m.GoVersion == "" && checksumOK("/go.mod") {
		if sum, err := s.rawSummary(mod); err == nil && sum.goVersion != "" {
			m.GoVersion = sum.goVersion
		}
	}
	if m.Version == "" {
		return
	}
	if checksumOK("/go.mod") {
		if file, err := s.cache.CachePath(mod, "mod"); err == nil {
			if s.cfg.Observer != nil {
				s.cfg.Observer.ObserveFile(file)
			}
			if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() {
				m.GoMod = file
			}
		}
		if sum, ok := s.sums.Recorded(module.Version{Path: m.Path, Version: m.Version + "/go.mod"}); ok {
			m.GoModSum = sum
		}
	}
	if checksumOK("") {
		if dir, err := s.cache.DownloadDir(mod); err == nil {
			m.Dir = dir
		}
		if sum, ok := s.sums.Recorded(mod); ok {
			m.Sum = sum
		}
	}
}

// queryExact resolves path@vers offline: only a canonical version whose
// .info file is in the module cache can be answered.
func (s *State) queryExact(path, vers string) (*struct {
	Version string
	Time    time.Time
}, error) {
	if gover.IsToolchain(path) {
		return nil, s.cache.LookupError()
	}
	if !gover.ModIsValid(path, vers) || module.CanonicalVersion(vers) != vers {
		return nil, s.cache.LookupError()
	}
	info, err := s.cache.Stat(module.Version{Path: path, Version: vers})
	if err != nil {
		return nil, err
	}
	return &struct {
		Version string
		Time    time.Time
	}{info.Version, info.Time}, nil
}

// listModules implements ListModules.
func (s *State) listModules(ctx context.Context, args []string, opts ListOptions) ([]*wire.Module, error) {
	if s.mode == GOPATHMode {
		return nil, errors.New("go: list -m cannot be used with GO111MODULE=off")
	}
	if s.buildMod == "vendor" {
		const disabled = "go: can't %s using the vendor directory\n\t(Use -mod=mod or -mod=readonly to bypass.)"
		if opts.Versions {
			return nil, fmt.Errorf(disabled, "determine available versions")
		}
		if opts.Update {
			return nil, fmt.Errorf(disabled, "determine available upgrades")
		}
		for _, arg := range args {
			if arg == "all" {
				return nil, fmt.Errorf(disabled, "compute 'all'")
			}
			if strings.Contains(arg, "...") {
				return nil, fmt.Errorf(disabled, "match module patterns")
			}
		}
	}
	if opts.Reuse != "" && len(args) == 0 {
		return nil, errors.New("go: list -m -reuse only has an effect with module@version arguments")
	}
	if opts.Reuse != "" {
		reuse, err := readReuse(opts.Reuse)
		if err != nil {
			return nil, fmt.Errorf("go: %v", err)
		}
		s.reuse = reuse
	}
	if len(args) == 0 {
		var mods []*wire.Module
		if len(s.mods) == 0 {
			mods = append(mods, s.moduleInfo(module.Version{Path: "command-line-arguments"}, true))
		}
		for _, m := range s.mods {
			mods = append(mods, s.moduleInfo(m.mod, true))
		}
		if opts.Versions {
			s.addVersions(mods, opts.Retracted)
		}
		return s.finishList(mods, s.goModDirty(), opts)
	}

	needFull := false
	for _, arg := range args {
		if strings.Contains(arg, `\`) {
			return nil, errors.New("go: module paths never use backslash")
		}
		if isRelativePath(arg) {
			return nil, fmt.Errorf("go: cannot use relative path %s to specify module", arg)
		}
		if arg == "all" || strings.Contains(arg, "...") {
			needFull = true
			if !s.HasModRoot() {
				return nil, fmt.Errorf("go: cannot match %q: %v", arg, s.noMainModulesText())
			}
			continue
		}
		path, vers, found, err := parsePathVersion(arg)
		if err != nil {
			return nil, fmt.Errorf("go: %v", err)
		}
		if found {
			if vers == "upgrade" || vers == "patch" {
				if _, ok := s.rootSelected(path); !ok || s.pruning == unpruned {
					needFull = true
					if !s.HasModRoot() {
						return nil, fmt.Errorf("go: cannot match %q: %v", arg, s.noMainModulesText())
					}
				}
			}
			continue
		}
		if _, ok := s.rootSelected(arg); !ok || s.pruning == unpruned {
			needFull = true
			if !opts.Versions && !s.HasModRoot() {
				return nil, fmt.Errorf("go: cannot match %q without -versions or an explicit version: %v", arg, s.noMainModulesText())
			}
		}
	}

	if err := s.malformedSums(); err != nil {
		// go stops at once, without its usual "go: " prefix.
		return nil, err
	}
	var sel func(string) string
	var buildList []module.Version
	var mgErr error
	if needFull {
		g, err := s.loadGraph(ctx)
		mgErr = err
		if g != nil {
			sel = g.Selected
			for _, m := range g.BuildList() {
				if m.Path != "vendor/modules.txt" {
					buildList = append(buildList, m)
				}
			}
			if mgErr == nil && s.rootsInconsistent(g.Selected) && s.buildMod != "mod" && !s.inWorkspace() {
				mgErr = errors.New(s.goModDirtyText())
			}
		}
	}

	var mods []*wire.Module
	// Modules of the graph are described after the loop, when their
	// .info files can be fetched together (see prefetchInfos).
	var later []graphModule
	describe := func(m module.Version) {
		later = append(later, graphModule{len(mods), m})
		mods = append(mods, nil)
	}
	matched := map[module.Version]bool{}
	for _, arg := range args {
		path, vers, found, _ := parsePathVersion(arg)
		if found {
			current := ""
			if sel != nil {
				current = sel(path)
			} else {
				current, _ = s.rootSelected(path)
			}
			if current == "none" && mgErr != nil && (vers == "upgrade" || vers == "patch") {
				continue
			}
			info, err := s.queryVersionReuse(ctx, path, vers, current, s.reuse[module.Version{Path: path, Version: vers}], opts.Retracted)
			if err != nil {
				m := &wire.Module{Path: path, Version: vers, Error: modinfoError(path, vers, err)}
				if info != nil {
					m.Origin = info.Origin
				}
				mods = append(mods, m)
				continue
			}
			m := s.moduleInfo(module.Version{Path: path, Version: info.Version}, false)
			if vers != m.Version {
				m.Query = vers
			}
			m.Origin = info.Origin
			mods = append(mods, m)
			continue
		}
		var match func(string) bool
		switch {
		case arg == "all":
			match = func(p string) bool { return !gover.IsToolchain(p) }
		case strings.Contains(arg, "..."):
			mp := matchPattern(arg)
			match = func(p string) bool { return mp(p) && !gover.IsToolchain(p) }
		default:
			var v string
			if sel == nil {
				v, _ = s.rootSelected(arg)
			} else {
				v = sel(arg)
			}
			if v == "none" && mgErr != nil {
				continue
			}
			switch {
			case v != "none":
				describe(module.Version{Path: arg, Version: v})
			case s.buildMod == "vendor":
				mods = append(mods, &wire.Module{Path: arg, Error: modinfoError(arg, "", errors.New("can't resolve module using the vendor directory\n\t(Use -mod=mod or -mod=readonly to bypass.)"))})
			case opts.Versions:
				mods = append(mods, &wire.Module{Path: arg})
			default:
				mods = append(mods, &wire.Module{Path: arg, Error: modinfoError(arg, "", errors.New("not a known dependency"))})
			}
			continue
		}
		var matches []module.Version
		for _, m := range buildList {
			if match(m.Path) && !matched[m] {
				matched[m] = true
				matches = append(matches, m)
			}
		}
		if len(matches) == 0 {
			s.warn(fmt.Sprintf("warning: pattern %q matched no module dependencies", arg))
		}
		for _, m := range matches {
			describe(m)
		}
	}
	s.prefetchInfos(later)
	for _, g := range later {
		mods[g.index] = s.moduleInfo(g.mod, true)
	}
	if mgErr == nil {
		mgErr = s.goModDirty()
	}
	if opts.Versions && errors.Is(s.cache.LookupError(), modfetch.ErrLookupDisabled) {
		// No proxy to ask: list the versions known locally.
		s.addVersions(mods, opts.Retracted)
		offline := opts
		offline.Versions = false
		s.addNetworkInfo(ctx, mods, offline)
	} else {
		s.addNetworkInfo(ctx, mods, opts)
	}
	return s.finishList(mods, mgErr, opts)
}

// graphModule is a module of the graph to be described at index of a
// listing.
type graphModule struct {
	index int
	mod   module.Version
}

// prefetchInfos fetches the .info files that describing the modules
// will need and the module cache lacks, several at once: go fetches them
// one after another, which for a listing of fresh modules costs a round
// trip to the proxy each.
func (s *State) prefetchInfos(mods []graphModule) {
	if len(mods) < 2 || s.buildMod == "vendor" {
		return
	}
	var want []module.Version
	for _, g := range mods {
		m := g.mod
		if r := s.Replacement(m); r.Path != "" {
			m = r
		}
		if m.Version == "" || s.reuse[m] != nil || gover.IsToolchain(m.Path) ||
			!gover.ModIsValid(m.Path, m.Version) || module.CanonicalVersion(m.Version) != m.Version ||
			s.cache.IsCached(m, "info") {
			// Reading a cached file in turn costs less than a goroutine.
			continue
		}
		want = append(want, m)
	}
	if len(want) < 2 {
		return
	}
	fetchEach(want, func(m module.Version) {
		s.cache.Stat(m) // remembered by the cache for moduleInfo
	})
}

// goModDirty returns go's error when go.mod would need rewriting and
// may not be written, nil otherwise. (With -mod=mod go would rewrite
// go.mod; that is not implemented, so nothing is reported.)
func (s *State) goModDirty() error {
	if !s.dirtyRoots || s.inWorkspace() || s.buildMod == "mod" {
		return nil
	}
	return errors.New(s.goModDirtyText())
}

// finishList applies go's error policy: without -e any error stops the
// listing; with -e errors stay in Module.Error and the graph error is
// dropped.
func (s *State) finishList(mods []*wire.Module, mgErr error, opts ListOptions) ([]*wire.Module, error) {
	if opts.Errors {
		if opts.GraphError && mgErr != nil {
			return mods, &ListError{Text: "go: " + mgErr.Error(), Modules: mods, Err: mgErr}
		}
		return mods, nil
	}
	var lines []string
	for _, m := range mods {
		if m.Error != nil {
			lines = append(lines, "go: "+m.Error.Err)
		}
	}
	if mgErr != nil {
		lines = append(lines, "go: "+mgErr.Error())
	}
	if len(lines) > 0 {
		return nil, &ListError{Text: strings.Join(lines, "\n"), Modules: mods}
	}
	return mods, nil
}

// ListError reports the errors of a 'go list -m' without -e: Text is
// what go prints on stderr before exiting with status 1.
type ListError struct {
	Text    string
	Modules []*wire.Module
	Err     error // the module graph's error behind Text, if that is all
}

func (e *ListError) Error() string { return e.Text }
func (e *ListError) Unwrap() error { return e.Err }

// rootsInconsistent reports whether some requirement of the main module
// is not the selected version, so that go.mod would need updating.
func (s *State) rootsInconsistent(selected func(string) string) bool {
	if s.inWorkspace() || len(s.mods) != 1 || s.buildMod == "vendor" {
		return false
	}
	for _, r := range s.roots {
		if s.isMain(r.Path) && s.pruning != unpruned {
			continue // never selected; go keeps the requirement
		}
		if selected(r.Path) != r.Version {
			return true
		}
	}
	return false
}

func modinfoError(path, vers string, err error) *wire.ModuleError {
	var me *module.ModuleError
	if !errors.As(err, &me) {
		err = &module.ModuleError{Path: path, Version: vers, Err: err}
	}
	return &wire.ModuleError{Err: err.Error()}
}

func parsePathVersion(arg string) (path, vers string, found bool, err error) {
	path, vers, found = strings.Cut(arg, "@")
	if !found {
		return arg, "", false, nil
	}
	if len(vers) > 0 && (vers[0] == '-' || vers[0] == '/') {
		return "", "", false, fmt.Errorf("invalid module version %q", vers)
	}
	return path, vers, true, nil
}

// isRelativePath reports whether pattern starts with ./ or ../ or is
// . or ..
func isRelativePath(p string) bool {
	return p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../")
}

// matchPattern returns a matcher for a package pattern with "..."
// wildcards; "x/..." also matches "x".
func matchPattern(pattern string) func(string) bool {
	re := regexp.QuoteMeta(pattern)
	re = strings.ReplaceAll(re, `\.\.\.`, `.*`)
	if strings.HasSuffix(re, `/.*`) {
		re = strings.TrimSuffix(re, `/.*`) + `(/.*)?`
	}
	reg := regexp.MustCompile(`^` + re + `$`)
	return reg.MatchString
}

// readReuse reads the modules of an earlier 'go mod download -json' or
// 'go list -m -json' output that have an origin to check, by
// path@version and path@query.
func readReuse(file string) (map[module.Version]*wire.Module, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	reuse := map[module.Version]*wire.Module{}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		// go mod download -json writes Error as a string, go list -m
		// -json as an object: accept both.
		var entry struct {
			wire.Module
			Error json.RawMessage
		}
		if err := dec.Decode(&entry); err != nil {
			if err == io.EOF {
				break
			}
			return nil, fmt.Errorf("parsing %s: %v", file, err)
		}
		m := &entry.Module
		if len(entry.Error) > 0 && string(entry.Error) != "null" {
			m.Error = new(wire.ModuleError)
			if entry.Error[0] == '"' {
				err = json.Unmarshal(entry.Error, &m.Error.Err)
			} else {
				err = json.Unmarshal(entry.Error, m.Error)
			}
			if err != nil {
				return nil, fmt.Errorf("parsing %s: %v", file, err)
			}
		}
		if m.Origin == nil {
			continue
		}
		m.Reuse = true
		reuse[module.Version{Path: m.Path, Version: m.Version}] = m
		if m.Query != "" {
			reuse[module.Version{Path: m.Path, Version: m.Query}] = m
		}
	}
	return reuse, nil
}
