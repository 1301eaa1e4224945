package modload

import (
	"context"
	"fmt"
	pathpkg "path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
)

// This file answers what 'go mod vendor' and 'go work vendor' need to
// know about the main modules to write vendor/modules.txt.

// ReplacePair is one replace directive: Old is replaced by New.
type ReplacePair struct {
	Old, New module.Version
}

// MainRequires returns the requirements written in the main modules'
// go.mod files, module by module in order.
func (s *State) MainRequires() []module.Version {
	var list []module.Version
	for _, m := range s.mods {
		for _, r := range m.file.Require {
			list = append(list, r.Mod)
		}
	}
	return list
}

// WorkReplaces returns the replace directives of go.work as written (nil
// outside workspace mode).
func (s *State) WorkReplaces() []ReplacePair {
	if s.work == nil {
		return nil
	}
	var list []ReplacePair
	for _, r := range s.work.Replace {
		list = append(list, ReplacePair{Old: r.Old, New: r.New})
	}
	return list
}

// MainReplacedModules returns the Old side of the replace directives of
// each main module's go.mod, module by module in order.
func (s *State) MainReplacedModules() []module.Version {
	var list []module.Version
	for _, m := range s.mods {
		for _, r := range m.file.Replace {
			list = append(list, r.Old)
		}
	}
	return list
}

// HasGoDirective reports whether the (single) main module's go.mod has
// a go line; in workspace mode it is always true, as go treats a
// workspace as declaring its version.
func (s *State) HasGoDirective() bool {
	if s.inWorkspace() {
		return true
	}
	return len(s.mods) == 1 && s.mods[0].file.Go != nil
}

// IsMainModule reports whether path is the path of a main module.
func (s *State) IsMainModule(path string) bool { return s.isMain(path) }

// ModuleGoVersion returns the go line of dependency m's go.mod (after
// replacement), "" when it has none or cannot be read.
func (s *State) ModuleGoVersion(ctx context.Context, m module.Version) string {
	sum, err := s.goModSummary(m)
	if err != nil || sum == nil {
		return ""
	}
	return sum.goVersion
}

// CheckMultiplePaths reports each module version that provides two
// module paths through replacements ("used for two different module
// paths"), over the build list when the module graph has been loaded
// and over the roots otherwise. The errors carry no "go: " prefix.
func (s *State) CheckMultiplePaths() []error {
	var mods []module.Version
	if s.graph != nil {
		mods = s.graph.BuildList()
	} else {
		for _, m := range s.mods {
			mods = append(mods, m.mod)
		}
		roots := append([]module.Version(nil), s.roots...)
		gover.ModSort(roots)
		mods = append(mods, roots...)
	}
	var errs []error
	first := map[module.Version]string{}
	for _, m := range mods {
		src := s.resolveReplacement(m)
		if prev, ok := first[src]; !ok {
			first[src] = m.Path
		} else if prev != m.Path {
			errs = append(errs, fmt.Errorf("%s@%s used for two different module paths (%s and %s)", src.Path, src.Version, prev, m.Path))
		}
	}
	return errs
}

// CheckGoModTidy returns go's error ("go: updates to go.mod needed...")
// when loading packages found that go.mod's requirements would have to
// be rewritten and -mod=readonly forbids it; nil otherwise.
func (s *State) CheckGoModTidy() error {
	if s.buildMod != "readonly" {
		return nil
	}
	if err := s.goModDirty(); err != nil {
		return fmt.Errorf("go: %v", err)
	}
	return nil
}

// MainDirImportPath returns the import path a directory has inside the
// main modules, by path alone: below a main module's vendor directory
// it is the path relative to that directory. Outside the main modules
// it is ".", which no import path has as a prefix. (The internal-package
// check uses it for packages of files named on the command line.)
func (s *State) MainDirImportPath(dir string) string {
	if !s.HasModRoot() {
		return "."
	}
	dir = s.abs(dir)
	longest, result := "", "."
	for _, m := range s.mods {
		if dir == m.root {
			return m.mod.Path
		}
		if !hasFilePathPrefix(dir, m.root) || len(m.mod.Path) <= len(longest) {
			continue
		}
		longest = m.mod.Path
		suffix := filepath.ToSlash(strings.TrimPrefix(strings.TrimPrefix(dir, m.root), string(filepath.Separator)))
		if rest, ok := strings.CutPrefix(suffix, "vendor/"); ok {
			result = rest
			continue
		}
		result = pathpkg.Join(m.mod.Path, suffix)
	}
	return result
}

// CheckFullGraph loads the module graph when the main module's graph
// is not pruned (go before 1.17), where go needs all of it to load
// "all", and returns its error ("go: " included).
func (s *State) CheckFullGraph(ctx context.Context) error {
	if s.pruning != unpruned {
		return nil
	}
	if _, err := s.loadGraph(ctx); err != nil {
		return fmt.Errorf("go: %v", err)
	}
	return nil
}
