package modload

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/fsys"
	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// initState selects the mode and reads the main modules.
func initState(ctx context.Context, cfg Config) (*State, error) {
	if cfg.Env == nil {
		return nil, errors.New("go: internal error: modload.Init without Env")
	}
	s := &State{cfg: cfg}
	s.goroot = cfg.Env.GOROOT()
	s.localGo = gover.FromToolchain(cfg.Env.GOVERSION())
	s.toolchain = cfg.Env.Get("GOTOOLCHAIN")
	if cfg.NoRoot {
		cfg.ForceModules = true
		cfg.AllowMissingMainModule = true
		s.cfg = cfg
	}
	s.allowNoMod = cfg.AllowMissingMainModule
	var tags []string
	if cfg.Flags != nil {
		tags = cfg.Flags.Tags
	}
	if err := CheckFIPS(cfg.Env, tags, cfg.Flags != nil && cfg.Flags.ModCacheRW); err != nil {
		return nil, err
	}
	s.gopath = firstGOPATH(cfg.Env.Get("GOPATH"), cfg.Env.Get("HOME"))
	modFile := ""
	if cfg.Flags != nil {
		modFile = cfg.Flags.ModFile
		s.buildMod = cfg.Flags.Mod
		s.buildModExplicit = cfg.Flags.ModExplicit || (cfg.Flags.Mod != "")
	}

	mustUseModules := false
	switch v := cfg.Env.Get("GO111MODULE"); v {
	default:
		return nil, fmt.Errorf("go: unknown environment setting GO111MODULE=%s", v)
	case "auto":
		mustUseModules = cfg.ForceModules
	case "on", "":
		mustUseModules = true
	case "off":
		if cfg.ForceModules {
			return nil, errors.New("go: modules disabled by GO111MODULE=off; see 'go help modules'")
		}
		return s.gopathMode()
	}

	overlay := ""
	if cfg.Flags != nil {
		overlay = cfg.Flags.Overlay
	}
	fs, err := fsys.LoadTracedOverlay(overlay, cfg.Dir, cfg.Env.FSTracer())
	if err != nil {
		return nil, fmt.Errorf("go: %v", err)
	}
	if cfg.Observer != nil {
		fs = fs.WithObserver(cfg.Observer.ObserveFile)
	}
	s.fs = fs

	if cfg.NoRoot {
		mustUseModules = true
		if modFile != "" && !inGOFLAGS(cfg.GOFLAGS, "-modfile") {
			return nil, errors.New("go: -modfile cannot be used with commands that ignore the current module")
		}
	} else if !cfg.IgnoreWorkspace {
		wf, err := s.findGoWork()
		if err != nil {
			return nil, err
		}
		s.workFile = wf
	}
	if cfg.NoRoot {
		modFile = ""
	} else if s.workFile != "" {
		if modFile != "" {
			return nil, errors.New("go: -modfile cannot be used in workspace mode")
		}
	} else {
		root := ""
		if !cfg.NoRoot {
			root = s.findModuleRoot(cfg.Dir)
		}
		if root != "" && root == filepath.Clean(os.TempDir()) {
			s.warn(fmt.Sprintf("go: warning: ignoring go.mod in system temp root %v", os.TempDir()))
			root = ""
			if !mustUseModules {
				return s.gopathMode()
			}
		}
		if root == "" {
			if modFile != "" {
				return nil, errors.New("go: cannot find main module, but -modfile was set.\n\t-modfile cannot be used to set the module root directory.")
			}
			if !mustUseModules {
				return s.gopathMode()
			}
		} else {
			s.modRoots = []string{root}
		}
	}
	if modFile != "" && !strings.HasSuffix(modFile, ".mod") {
		return nil, fmt.Errorf("go: -modfile=%s: file does not have .mod extension", modFile)
	}
	s.mode = ModuleMode
	if s.workFile != "" {
		s.mode = WorkspaceMode
	}
	if err := s.checkModFlag(); err != nil {
		return nil, err
	}
	if s.gopath != "" {
		if fi, err := s.fs.Stat(filepath.Join(s.gopath, "go.mod")); err == nil && !fi.IsDir() {
			s.warn(fmt.Sprintf("go: warning: ignoring go.mod in $GOPATH %v", s.gopath))
			if !s.allowNoMod {
				// Commands that need a main module stop here.
				return nil, s.noMainModuleError()
			}
			if !mustUseModules {
				return s.gopathMode()
			}
		}
	}

	s.cache = modfetch.NewCache(cfg.Env, modCacheDir(cfg.Env.Get("GOMODCACHE"), s.gopath))
	s.cache.Log = s.warn
	s.cache.Observer = cfg.Observer
	if cfg.Flags != nil {
		s.cache.ModCacheRW = cfg.Flags.ModCacheRW
		if cfg.Flags.X {
			s.cache.Trace = s.warn
		}
	}
	s.cache.Quiet = cfg.CmdName == "mod download"
	if err := s.loadMainModules(ctx); err != nil {
		return nil, err
	}
	s.cache.Sums = s.sums
	s.addMissingGoLine(ctx)
	if !s.HasModRoot() && !s.allowNoMod {
		return nil, s.noMainModuleError()
	}
	return s, nil
}

func (s *State) gopathMode() (*State, error) {
	s.mode = GOPATHMode
	s.buildMod = ""
	if s.cfg.Flags != nil {
		switch s.cfg.Flags.Mod {
		case "", "readonly", "vendor", "mod":
		default:
			return nil, &FlagError{fmt.Sprintf("-mod=%s not supported (can be '', 'mod', 'readonly', or 'vendor')", s.cfg.Flags.Mod)}
		}
		if s.cfg.Flags.Mod != "" && !inGOFLAGS(s.cfg.GOFLAGS, "-mod") {
			return nil, &FlagError{fmt.Sprintf("build flag -mod=%s only valid when using modules", s.cfg.Flags.Mod)}
		}
		if s.cfg.Flags.ModCacheRW && !inGOFLAGS(s.cfg.GOFLAGS, "-modcacherw") {
			return nil, &FlagError{"build flag -modcacherw only valid when using modules"}
		}
		if s.cfg.Flags.ModFile != "" && !inGOFLAGS(s.cfg.GOFLAGS, "-mod") {
			return nil, &FlagError{"build flag -modfile only valid when using modules"}
		}
	}
	return s, nil
}

// inGOFLAGS reports whether GOFLAGS sets the flag (as -flag or --flag,
// with or without a value).
func inGOFLAGS(goflags []string, flag string) bool {
	for _, f := range goflags {
		name := f
		if strings.HasPrefix(name, "--") {
			name = name[1:]
		}
		if i := strings.Index(name, "="); i >= 0 {
			name = name[:i]
		}
		if name == flag {
			return true
		}
	}
	return false
}

func (s *State) checkModFlag() error {
	switch s.buildMod {
	case "", "readonly", "vendor", "mod":
		return nil
	}
	return &FlagError{fmt.Sprintf("-mod=%s not supported (can be '', 'mod', 'readonly', or 'vendor')", s.buildMod)}
}

// FlagError is a build flag go rejects in this mode (-mod, -modfile,
// -modcacherw); go prints it without the "go: " prefix.
type FlagError struct{ Msg string }

func (e *FlagError) Error() string { return e.Msg }

// NoPrefix marks the message as complete: printers add no "go: ".
func (e *FlagError) NoPrefix() {}

func firstGOPATH(gopath, home string) string {
	if gopath == "" {
		if home == "" {
			return ""
		}
		return filepath.Join(home, "go")
	}
	list := filepath.SplitList(gopath)
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

// modCacheDir returns GOMODCACHE, defaulting to GOPATH/pkg/mod.
func modCacheDir(gomodcache, gopath string) string {
	if gomodcache != "" {
		return gomodcache
	}
	if gopath == "" {
		return ""
	}
	return filepath.Join(gopath, "pkg", "mod")
}

// findGoWork returns the go.work file to use, "" for none.
func (s *State) findGoWork() (string, error) {
	switch gowork := s.cfg.Env.Get("GOWORK"); gowork {
	case "off":
		return "", nil
	case "", "auto":
		if d := findAbove(s.cfg.Dir, "go.work", s.fs.Stat); d != "" {
			return filepath.Join(d, "go.work"), nil
		}
		return "", nil
	default:
		if !filepath.IsAbs(gowork) {
			return "", errors.New("go: invalid GOWORK: not an absolute path")
		}
		return gowork, nil
	}
}

// noMainModuleError is go's error for a command that needs a main module
// and has none.
func (s *State) noMainModuleError() error {
	if s.cfg.Env.Get("GO111MODULE") == "off" {
		return errors.New("go: modules disabled by GO111MODULE=off; see 'go help modules'")
	}
	if !s.inWorkspace() {
		if dir, name := s.findAltConfig(s.cfg.Dir); dir != "" {
			rel, err := filepath.Rel(s.cfg.Dir, dir)
			if err != nil {
				rel = dir
			}
			cd := ""
			if rel != "." {
				cd = fmt.Sprintf("cd %s && ", rel)
			}
			return fmt.Errorf("go: cannot find main module, but found %s in %s\n\tto create a module there, run:\n\t%sgo mod init", name, dir, cd)
		}
	}
	return errors.New("go: " + s.noMainModulesText())
}

func (s *State) noMainModulesText() string {
	if s.inWorkspace() {
		return "no modules were found in the current workspace; see 'go help work'"
	}
	return "go.mod file not found in current directory or any parent directory; see 'go help modules'"
}

// MustHaveModRoot returns go's error when there is no main module.
func (s *State) MustHaveModRoot() error {
	if s.HasModRoot() {
		return nil
	}
	return s.noMainModuleError()
}

func (s *State) findAltConfig(dir string) (string, string) {
	dir = filepath.Clean(dir)
	if s.goroot != "" && inDir(dir, s.goroot) != "" {
		return "", ""
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, ".git", "config")); err == nil && !fi.IsDir() {
			return dir, ".git/config"
		}
		d := filepath.Dir(dir)
		if d == dir {
			return "", ""
		}
		dir = d
	}
}

// inDir returns the path of dir relative to root, "" if dir is not in
// root, "." if they are the same.
func inDir(dir, root string) string {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ""
	}
	return rel
}

// loadMainModules reads go.work and the main modules' go.mod files.
func (s *State) loadMainModules(ctx context.Context) error {
	if s.inWorkspace() {
		wf, roots, err := s.loadWorkFile(s.workFile)
		if err != nil {
			return err
		}
		s.work = wf
		s.modRoots = roots
	}
	if len(s.modRoots) == 0 {
		s.setDefaultBuildMod()
		gv := s.localGo
		if s.inWorkspace() {
			gv = gover.FromGoWork(s.work)
			s.pruning = workspace
		} else {
			s.pruning = pruningFor(gv)
		}
		s.roots = []module.Version{{Path: "go", Version: gv}, {Path: "toolchain", Version: "go" + s.localGo}}
		s.direct = map[string]bool{"go": true}
		s.goVersions = map[module.Version]string{{Path: "command-line-arguments"}: gv}
		s.sums = modfetch.LoadSumsFrom(s.fs.ReadFile)
		if s.inWorkspace() {
			s.sums = modfetch.LoadSumsFrom(s.fs.ReadFile, s.workFile+".sum")
		}
		return nil
	}

	s.goVersions = map[module.Version]string{}
	var errs []string
	var wrapped []error // errors behind some of errs, for callers to find
	for _, root := range s.modRoots {
		gomod := s.modFilePath(root)
		f, needsFix, err := s.readModFile(ctx, gomod)
		if err != nil {
			if s.inWorkspace() {
				var tooNew *gover.TooNewError
				if errors.As(err, &tooNew) && !strings.HasPrefix(s.cfg.CmdName, "work ") {
					// A newer toolchain would not help: go.work is
					// what is out of date. 'go work use' and 'go work
					// sync' fix that, so they report the plain error.
					errs = append(errs, "go: "+s.workTooOld(gomod, tooNew.GoVersion))
				} else {
					errs = append(errs, fmt.Sprintf("go: cannot load module %s listed in go.work file: %v", s.shortPath(filepath.Dir(gomod)), s.shortPathError(err)))
					// 'go work sync' may switch to a newer toolchain.
					wrapped = append(wrapped, err)
				}
			} else {
				errs = append(errs, "go: "+err.Error())
			}
			continue
		}
		if s.inWorkspace() && !strings.HasPrefix(s.cfg.CmdName, "work ") {
			mv := gover.FromGoMod(f)
			wv := gover.FromGoWork(s.work)
			if gover.Compare(mv, wv) > 0 && gover.Compare(mv, gover.GoStrictVersion) >= 0 {
				errs = append(errs, "go: "+s.workTooOld(gomod, mv))
				continue
			}
		}
		if !s.inWorkspace() {
			ok := true
			for _, g := range f.Godebug {
				if err := s.checkGodebug("godebug", g.Key, g.Value); err != nil {
					errs = append(errs, fmt.Sprintf("go: error loading go.mod:\n%s:%d: %v", s.shortPath(gomod), g.Syntax.Start.Line, err))
					ok = false
				}
			}
			if !ok {
				continue
			}
		}
		mi := &mainInfo{mod: f.Module.Mod, root: root, gomod: gomod, file: f, require: map[module.Version]bool{}, needsFix: needsFix}
		if f.Go != nil {
			mi.goVersion = f.Go.Version
		}
		for _, r := range f.Require {
			mi.require[r.Mod] = true
		}
		for _, ig := range f.Ignore {
			mi.ignore = append(mi.ignore, ig.Path)
		}
		s.mods = append(s.mods, mi)
		s.goVersions[f.Module.Mod] = mi.goVersion
		if err := module.CheckImportPath(f.Module.Mod.Path); err != nil {
			var pe *module.InvalidPathError
			if errors.As(err, &pe) {
				pe.Kind = "module"
			}
			errs = append(errs, "go: "+err.Error())
		}
	}
	if len(errs) > 0 {
		return newLinesError(errs, wrapped)
	}
	if err := s.makeMainModules(); err != nil {
		return err
	}
	s.setDefaultBuildMod()
	if s.buildModExplicit && s.inWorkspace() && s.buildMod != "readonly" && s.buildMod != "vendor" {
		return fmt.Errorf("go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to %q"+
			"\n\tRemove the -mod flag to use the default readonly value, "+
			"\n\tor set GOWORK=off to disable workspace mode.", s.buildMod)
	}

	// go.sum files.
	if s.inWorkspace() {
		var files []string
		for _, m := range s.mods {
			files = append(files, s.abs(sumFileFor(m.gomod)))
		}
		files = append(files, s.workFile+".sum")
		s.sums = modfetch.LoadSumsFrom(s.fs.ReadFile, files...)
	} else {
		s.sums = modfetch.LoadSumsFrom(s.fs.ReadFile, s.abs(sumFileFor(s.mods[0].gomod)))
	}
	if s.cfg.CmdName == "mod tidy" {
		s.sums.IgnoreMalformed()
	}

	if err := s.rootsFromModFiles(); err != nil {
		return err
	}
	if s.buildMod == "vendor" {
		if err := s.checkVendorConsistency(); err != nil {
			return err
		}
	}
	if !s.inWorkspace() && s.mods[0].goVersion == "" {
		s.goVersions[s.mods[0].mod] = gover.DefaultGoModVersion
	}
	return nil
}

func (s *State) workTooOld(gomod, goVers string) string {
	verb := "lists"
	if s.work == nil || s.work.Go == nil {
		verb = "implicitly requires"
	}
	return fmt.Sprintf("module %s listed in go.work file requires go >= %s, but go.work %s go %s; to update it:\n\tgo work use",
		s.shortPath(filepath.Dir(gomod)), goVers, verb, gover.FromGoWork(s.work))
}

func (s *State) shortPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		pe.Path = s.shortPath(pe.Path)
	}
	return err
}

// tooNew returns go's error for a file needing a newer Go.
func (s *State) tooNew(what, goVersion string) *gover.TooNewError {
	return &gover.TooNewError{What: what, GoVersion: goVersion, Local: s.localGo, Explain: s.cfg.Env.TooNewExplain()}
}

// readModFile reads and parses a main module's go.mod, resolving
// non-canonical versions as go does; needsFix reports that some had to
// change.
func (s *State) readModFile(ctx context.Context, gomod string) (f *modfile.File, needsFix bool, err error) {
	data, err := s.fs.ReadFile(s.abs(gomod))
	if override, ok := s.cfg.GoModOverride[s.abs(gomod)]; ok {
		data, err = override, nil
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			pe.Path = gomod
		}
		return nil, false, err
	}
	f, err = modfile.Parse(gomod, data, s.versionFixer(ctx, &needsFix))
	if err != nil {
		if lax, laxErr := modfile.ParseLax(gomod, data, nil); laxErr == nil {
			if lax.Go != nil && gover.Compare(lax.Go.Version, s.localGo) > 0 {
				return nil, false, s.tooNew(s.shortPath(gomod), lax.Go.Version)
			}
		}
		var list modfile.ErrorList
		if errors.As(err, &list) {
			for i := range list {
				list[i].Filename = s.shortPath(list[i].Filename)
			}
		}
		return nil, false, fmt.Errorf("errors parsing %s:\n%w", s.shortPath(gomod), err)
	}
	if f.Go != nil && gover.Compare(f.Go.Version, s.localGo) > 0 {
		return nil, false, s.tooNew(s.shortPath(gomod), f.Go.Version)
	}
	if f.Module == nil {
		return nil, false, fmt.Errorf("error reading %s: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod", s.shortPath(gomod))
	}
	if gover.IsToolchain(f.Module.Mod.Path) {
		return nil, false, fmt.Errorf("error reading %s: invalid module path: %q", s.shortPath(gomod), f.Module.Mod.Path)
	}
	return f, needsFix, nil
}

// loadWorkFile parses go.work and returns the module roots it uses.
func (s *State) loadWorkFile(path string) (*modfile.WorkFile, []string, error) {
	short := s.shortPath(path)
	data, err := s.fs.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("go: reading go.work: %w", s.shortPathError(err))
	}
	wf, err := modfile.ParseWork(short, data, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("go: errors parsing go.work:\n%w", err)
	}
	if wf.Go != nil && gover.Compare(wf.Go.Version, s.localGo) > 0 && s.cfg.CmdName != "work edit" {
		return nil, nil, errors.New("go: " + s.tooNew(short, wf.Go.Version).Error())
	}
	dir := filepath.Dir(path)
	seen := map[string]bool{}
	var roots []string
	for _, u := range wf.Use {
		root := u.Path
		if !filepath.IsAbs(root) {
			root = filepath.Join(dir, root)
		}
		if seen[root] {
			return nil, nil, fmt.Errorf("go: error loading go.work:\n%s:%d: path %s appears multiple times in workspace", short, u.Syntax.Start.Line, root)
		}
		seen[root] = true
		roots = append(roots, root)
	}
	for _, g := range wf.Godebug {
		if err := s.checkGodebug("godebug", g.Key, g.Value); err != nil {
			return nil, nil, fmt.Errorf("go: error loading go.work:\n%s:%d: %w", short, g.Syntax.Start.Line, err)
		}
	}
	return wf, roots, nil
}

// makeMainModules records the main modules, replacements and tools.
func (s *State) makeMainModules() error {
	cwdRoot := FindModuleRoot(s.cfg.Dir)
	s.replace = map[module.Version]module.Version{}
	s.replaceFrom = map[module.Version]replaceSource{}
	s.exclude = map[module.Version]bool{}
	s.highestRepl = map[string]string{}
	var errs []string
	paths := map[string]bool{}
	for _, m := range s.mods {
		if paths[m.mod.Path] {
			errs = append(errs, fmt.Sprintf("go: module %s appears multiple times in workspace", m.mod.Path))
		}
		paths[m.mod.Path] = true
	}
	byWork := map[string]bool{}
	if s.work != nil {
		s.workReplace = map[module.Version]module.Version{}
		for _, r := range s.work.Replace {
			if prev, dup := s.workReplace[r.Old]; dup && prev != r.New {
				return fmt.Errorf("go: conflicting replacements for %v:\n\t%v\n\t%v", r.Old, prev, r.New)
			}
			s.workReplace[r.Old] = r.New
			if paths[r.Old.Path] && r.Old.Version == "" {
				errs = append(errs, fmt.Sprintf("go: workspace module %v is replaced at all versions in the go.work file. To fix, remove the replacement from the go.work file or specify the version at which to replace the module.", r.Old.Path))
			}
			byWork[r.Old.Path] = true
			s.noteReplaced(r.Old)
			s.replace[r.Old] = r.New
			s.replaceFrom[r.Old] = replaceSource{file: s.workFile, raw: r.New}
		}
	}
	absRepl := map[module.Version]module.Version{}
	for _, m := range s.mods {
		if m.root == cwdRoot {
			s.cwdMain = m.mod.Path
		}
		cur := map[module.Version]bool{}
		seenInFile := map[module.Version]module.Version{}
		for _, r := range m.file.Replace {
			if prev, dup := seenInFile[r.Old]; dup && prev != r.New {
				return fmt.Errorf("go: conflicting replacements for %v:\n\t%v\n\t%v", r.Old, prev, r.New)
			}
			seenInFile[r.Old] = r.New
			if byWork[r.Old.Path] {
				continue
			}
			// Conflicts are judged (and reported) with directories made
			// absolute; the replacement is kept relative to go.work's
			// directory, as go records it.
			nv := r.New
			if s.inWorkspace() && nv.Version == "" && !filepath.IsAbs(nv.Path) {
				nv.Path = filepath.Join(m.root, nv.Path)
			}
			if prev, ok := absRepl[r.Old]; ok && !cur[r.Old] && prev != nv {
				return fmt.Errorf("go: conflicting replacements for %v:\n\t%v\n\t%v\nuse \"go work edit -replace %v=[override]\" to resolve", r.Old, prev, nv, r.Old)
			}
			cur[r.Old] = true
			absRepl[r.Old] = nv
			s.replace[r.Old] = s.canonicalizeReplacePath(r.New, m.root)
			s.replaceFrom[r.Old] = replaceSource{modRoot: m.root, file: m.gomod, raw: r.New}
			s.noteReplaced(r.Old)
		}
		for _, x := range m.file.Exclude {
			s.exclude[x.Mod] = true
		}
		for _, t := range m.file.Tool {
			if err := module.CheckImportPath(t.Path); err != nil {
				var pe *module.InvalidPathError
				if errors.As(err, &pe) {
					pe.Kind = "tool"
				}
				return errors.New("go: " + err.Error())
			}
			s.tools = append(s.tools, t.Path)
		}
	}
	for _, m := range s.mods {
		s.main = append(s.main, MainModule{Path: m.mod.Path, Dir: m.root, GoMod: m.gomod})
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

func (s *State) noteReplaced(old module.Version) {
	v, ok := s.highestRepl[old.Path]
	if !ok || gover.ModCompare(old.Path, old.Version, v) > 0 {
		s.highestRepl[old.Path] = old.Version
	}
}

// setDefaultBuildMod decides -mod when it was not given.
func (s *State) setDefaultBuildMod() {
	if s.buildModExplicit {
		return
	}
	switch s.cfg.CmdName {
	case "get", "mod download", "mod init", "mod tidy", "work sync", "mod graph", "mod verify", "mod why":
		s.buildMod = "mod"
		return
	case "mod vendor", "work vendor":
		s.buildMod = "readonly"
		return
	}
	if len(s.modRoots) == 0 {
		s.buildMod = "readonly"
		if s.cfg.NoRoot {
			s.buildMod = "mod"
		}
		return
	}
	var goVersion, source, vendorDir string
	if s.inWorkspace() {
		source = "go.work"
		if s.work != nil && s.work.Go != nil {
			goVersion = s.work.Go.Version
		}
		vendorDir = filepath.Join(filepath.Dir(s.workFile), "vendor")
	} else {
		source = "go.mod"
		if len(s.mods) == 1 {
			goVersion = s.mods[0].goVersion
		}
		vendorDir = filepath.Join(s.modRoots[0], "vendor")
	}
	s.buildMod = "readonly"
	fi, err := s.fs.Stat(vendorDir)
	if err != nil || !fi.IsDir() {
		return
	}
	if goVersion == "" {
		s.buildModReason = fmt.Sprintf("Go version in %s is unspecified, so vendor directory was not used.", source)
		return
	}
	if gover.Compare(goVersion, gover.AutoVendorVersion) < 0 {
		s.buildModReason = fmt.Sprintf("Go version in %s is %s, so vendor directory was not used.", source, goVersion)
		return
	}
	forWork := s.modulesTextIsForWorkspace(vendorDir)
	if forWork != (source == "go.work") {
		if forWork {
			s.buildModReason = "Outside workspace mode, but vendor directory is for a workspace."
		} else {
			s.buildModReason = "In workspace mode, but vendor directory is not for a workspace"
		}
		return
	}
	s.buildMod = "vendor"
	s.buildModReason = "Go version in " + source + " is at least 1.14 and vendor directory exists."
}

// modulesTextIsForWorkspace reports whether vendor/modules.txt starts
// with a "## workspace" annotation.
func (s *State) modulesTextIsForWorkspace(vendorDir string) bool {
	data, err := s.fs.ReadFile(filepath.Join(vendorDir, "modules.txt"))
	if err != nil {
		return false
	}
	if len(data) > 512 {
		data = data[:512]
	}
	line, _, _ := strings.Cut(string(data), "\n")
	if ann, ok := strings.CutPrefix(line, "## "); ok {
		for _, e := range strings.Split(ann, ";") {
			if strings.TrimSpace(e) == "workspace" {
				return true
			}
		}
	}
	return false
}

func pruningFor(goVersion string) modPruning {
	if gover.Compare(goVersion, gover.ExplicitIndirectVersion) < 0 {
		return unpruned
	}
	return pruned
}
