package modload

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"gocmd/internal/gover"
	"gocmd/internal/mvs"
)

// vendorInfo is the content of vendor/modules.txt.
type vendorInfo struct {
	list     []module.Version          // modules providing packages, in order
	replaced []module.Version          // modules marked as replaced
	version  map[string]string         // module path -> vendored version
	pkgMod   map[string]module.Version // package -> module
	meta     map[module.Version]vendorMeta
}

type vendorMeta struct {
	explicit    bool
	replacement module.Version
	goVersion   string
}

// VendorDir returns the vendor directory of the main module (or of the
// workspace), "" when there is no main module.
func (s *State) VendorDir() string {
	if s.inWorkspace() {
		return filepath.Join(filepath.Dir(s.workFile), "vendor")
	}
	if len(s.mods) != 1 {
		return ""
	}
	return filepath.Join(s.mods[0].root, "vendor")
}

// vendorList reads vendor/modules.txt once.
func (s *State) vendorList() (*vendorInfo, error) {
	s.vendorOnce.Do(func() {
		s.vendor, s.vendorErr = s.readVendorList(s.VendorDir())
	})
	return s.vendor, s.vendorErr
}

func (s *State) readVendorList(dir string) (*vendorInfo, error) {
	v := &vendorInfo{
		version: map[string]string{},
		pkgMod:  map[string]module.Version{},
		meta:    map[module.Version]vendorMeta{},
	}
	if dir == "" {
		return v, nil
	}
	file := filepath.Join(dir, "modules.txt")
	data, err := s.fs.ReadFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return v, nil
		}
		return v, fmt.Errorf("go: %s", err)
	}
	var mod module.Version
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "# ") {
			f := strings.Fields(line)
			if len(f) < 3 {
				continue
			}
			switch {
			case semver.IsValid(f[2]):
				mod = module.Version{Path: f[1], Version: f[2]}
				f = f[3:]
			case f[2] == "=>":
				mod = module.Version{Path: f[1]}
				f = f[2:]
			default:
				mod = module.Version{}
				continue
			}
			if len(f) >= 2 && f[0] == "=>" {
				meta := v.meta[mod]
				if len(f) == 2 {
					meta.replacement = module.Version{Path: f[1]}
					v.replaced = append(v.replaced, mod)
				} else if len(f) == 3 && semver.IsValid(f[2]) {
					meta.replacement = module.Version{Path: f[1], Version: f[2]}
					v.replaced = append(v.replaced, mod)
				}
				v.meta[mod] = meta
			}
			continue
		}
		if mod.Path == "" {
			continue
		}
		if ann, ok := strings.CutPrefix(line, "## "); ok {
			meta := v.meta[mod]
			for _, e := range strings.Split(ann, ";") {
				e = strings.TrimSpace(e)
				if e == "explicit" {
					meta.explicit = true
				}
				if gv, ok := strings.CutPrefix(e, "go "); ok {
					meta.goVersion = gv
					s.mu.Lock()
					s.goVersions[mod] = gv
					s.mu.Unlock()
					if gover.Compare(gv, s.localGo) > 0 {
						return v, errors.New("go: " + s.tooNew(mod.Path+" in "+s.shortPath(file), gv).Error())
					}
				}
			}
			v.meta[mod] = meta
			continue
		}
		if f := strings.Fields(line); len(f) == 1 && module.CheckImportPath(f[0]) == nil {
			v.pkgMod[f[0]] = mod
			if old, ok := v.version[mod.Path]; !ok || gover.ModCompare(mod.Path, old, mod.Version) < 0 {
				v.list = append(v.list, mod)
				v.version[mod.Path] = mod.Version
			}
		}
	}
	return v, nil
}

// checkVendorConsistency compares vendor/modules.txt with go.mod (or the
// workspace), failing as go does when they disagree.
func (s *State) checkVendorConsistency() error {
	v, err := s.vendorList()
	if err != nil {
		return err
	}
	pre114 := !s.inWorkspace() && gover.Compare(s.mods[0].goVersion, "1.14") < 0
	var b strings.Builder
	errorf := func(mod module.Version, format string, args ...any) {
		detail := fmt.Sprintf(format, args...)
		if mod.Version == "" {
			fmt.Fprintf(&b, "\n\t%s: %s", mod.Path, detail)
		} else {
			fmt.Fprintf(&b, "\n\t%s@%s: %s", mod.Path, mod.Version, detail)
		}
	}
	for _, m := range s.mods {
		for _, r := range m.file.Require {
			if v.meta[r.Mod].explicit {
				continue
			}
			if pre114 {
				if vv, ok := v.version[r.Mod.Path]; ok && vv != r.Mod.Version {
					errorf(r.Mod, "is explicitly required in go.mod, but vendor/modules.txt indicates %s@%s", r.Mod.Path, vv)
				}
			} else {
				errorf(r.Mod, "is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt")
			}
		}
	}
	describe := func(m module.Version) string {
		if m.Version == "" {
			return m.Path
		}
		return m.Path + "@" + m.Version
	}
	seen := map[module.Version]bool{}
	check := func(olds []module.Version) {
		for _, old := range olds {
			if seen[old] {
				continue
			}
			seen[old] = true
			rNew, src, _ := s.replacementFrom(old)
			canon := rNew // stored relative to go.work in workspace mode
			from := src.file
			if src.modRoot == "" && src.file == "" {
				from = s.workFile
			}
			vr := v.meta[old].replacement
			if vr == (module.Version{}) {
				if canon == (module.Version{}) {
					continue
				}
				if pre114 && (old.Version == "" || v.version[old.Path] != old.Version) {
					continue
				}
				errorf(old, "is replaced in %s, but not marked as replaced in vendor/modules.txt", s.shortPath(from))
			} else if vr != canon {
				errorf(old, "is replaced by %s in %s, but marked as replaced by %s in vendor/modules.txt", describe(src.raw), s.shortPath(from), describe(vr))
			}
		}
	}
	for _, m := range s.mods {
		var olds []module.Version
		for _, r := range m.file.Replace {
			olds = append(olds, r.Old)
		}
		check(olds)
	}
	if s.work != nil {
		var olds []module.Version
		for _, r := range s.work.Replace {
			olds = append(olds, r.Old)
		}
		check(olds)
	}
	for _, mod := range v.list {
		if !v.meta[mod].explicit {
			continue
		}
		found := false
		for _, m := range s.mods {
			if m.require[mod] {
				found = true
			}
		}
		if !found {
			article := ""
			if s.inWorkspace() {
				article = "a "
			}
			errorf(mod, "is marked as explicit in vendor/modules.txt, but not explicitly required in %vgo.mod", article)
		}
	}
	for _, mod := range v.replaced {
		if r := s.Replacement(mod); r == (module.Version{}) {
			src := "go.mod"
			if s.inWorkspace() {
				src = "the workspace"
			}
			errorf(mod, "is marked as replaced in vendor/modules.txt, but not replaced in %s", src)
		}
	}
	if b.Len() > 0 {
		sub := "mod"
		if s.inWorkspace() {
			sub = "work"
		}
		return fmt.Errorf("go: inconsistent vendoring in %s:%s\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo %s vendor", filepath.Dir(s.VendorDir()), b.String(), sub)
	}
	return nil
}

// vendorGraph builds the module graph from vendor/modules.txt.
func (s *State) vendorGraph() (*mvs.Graph, error) {
	v, err := s.vendorList()
	if err != nil {
		return nil, err
	}
	var roots []module.Version
	for _, m := range s.mods {
		roots = append(roots, m.mod)
	}
	if len(s.mods) == 0 {
		roots = []module.Version{{Path: "command-line-arguments"}}
	}
	if s.inWorkspace() {
		roots = s.roots
	}
	g := mvs.NewGraph(cmpVersion, roots)
	if s.pruning == pruned && len(s.mods) == 1 {
		var bad []string
		for _, m := range v.list {
			if rv, ok := s.rootSelected(m.Path); !ok || rv != m.Version {
				bad = append(bad, fmt.Sprintf("go: vendored module %v should be required explicitly in go.mod", m))
			}
		}
		if len(bad) > 0 {
			return g, errors.New(strings.Join(bad, "\n") + "\ngo: " + s.goModDirtyText())
		}
		g.Require(s.mods[0].mod, s.roots)
		return g, nil
	}
	vendorMod := module.Version{Path: "vendor/modules.txt"}
	if s.inWorkspace() {
		for _, m := range s.mods {
			var reqs []module.Version
			for _, r := range m.file.Require {
				if !s.exclude[r.Mod] {
					reqs = append(reqs, r.Mod)
				}
			}
			reqs = append(reqs, module.Version{Path: "go", Version: gover.FromGoMod(m.file)})
			g.Require(m.mod, append(reqs, vendorMod))
		}
	} else {
		g.Require(roots[0], append(append([]module.Version(nil), s.roots...), vendorMod))
	}
	g.Require(vendorMod, v.list)
	return g, nil
}

// goModDirtyText is go's message when go.mod would need changes.
func (s *State) goModDirtyText() string {
	if s.buildModExplicit {
		return fmt.Sprintf("updates to go.mod needed, disabled by -mod=%v; to update it:\n\tgo mod tidy", s.buildMod)
	}
	if s.buildModReason != "" {
		return fmt.Sprintf("updates to go.mod needed, disabled by -mod=%s\n\t(%s)\n\tto update it:\n\tgo mod tidy", s.buildMod, s.buildModReason)
	}
	return "updates to go.mod needed; to update it:\n\tgo mod tidy"
}
