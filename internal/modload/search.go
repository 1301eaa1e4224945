package modload

import (
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/wire"
)

// PackageNotInModuleError reports a directory or pattern inside a main
// module's tree that belongs to no package of it (a nested module).
// With Mod set it is a module version found by a query (Query) that
// lacks the package.
type PackageNotInModuleError struct {
	MainModules []module.Version
	Pattern     string

	Mod         module.Version
	Replacement module.Version
	Query       string
}

func (e *PackageNotInModuleError) Error() string {
	if e.Mod.Path != "" {
		return e.queryNotFoundText()
	}
	prefix := "workspace modules do"
	if len(e.MainModules) == 1 {
		prefix = fmt.Sprintf("main module (%s) does", e.MainModules[0])
	}
	if strings.Contains(e.Pattern, "...") {
		return fmt.Sprintf("%s not contain packages matching %s", prefix, e.Pattern)
	}
	return fmt.Sprintf("%s not contain package %s", prefix, e.Pattern)
}

var (
	// ErrPkgIsGorootSrc is the error for GOROOT/src as a main module root.
	ErrPkgIsGorootSrc = errors.New("GOROOT/src is not an importable package")
	// ErrPkgIsBuiltin is the error for the builtin pseudo-package.
	ErrPkgIsBuiltin = errors.New(`"builtin" is a pseudo-package, not an importable package`)
)

func hasFilePathPrefix(s, prefix string) bool {
	if prefix == "" {
		return true
	}
	if !strings.HasPrefix(s, prefix) {
		return false
	}
	return len(s) == len(prefix) || s[len(prefix)] == filepath.Separator || strings.HasSuffix(prefix, string(filepath.Separator))
}

func (s *State) dirImportPath(ctx context.Context, dir string) (string, *wire.Module, error) {
	abs := dir
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(s.cfg.Dir, dir)
	}
	abs = filepath.Clean(abs)
	gorootSrc := filepath.Join(s.goroot, "src")

	for _, m := range s.mods {
		if abs == m.root {
			if abs == gorootSrc {
				return "", nil, ErrPkgIsGorootSrc
			}
			return m.mod.Path, s.moduleInfo(m.mod, true), nil
		}
	}
	var notFound error
	longest := ""
	for _, m := range s.mods {
		if !hasFilePathPrefix(abs, m.root) || strings.Contains(abs[len(m.root):], "@") {
			continue
		}
		suffix := filepath.ToSlash(strings.TrimPrefix(strings.TrimPrefix(abs, m.root), string(filepath.Separator)))
		if pkg, ok := strings.CutPrefix(suffix, "vendor/"); ok {
			if s.buildMod != "vendor" {
				return "", nil, fmt.Errorf("without -mod=vendor, directory %s has no package path", abs)
			}
			v, err := s.vendorList()
			if err != nil {
				return "", nil, err
			}
			vm, listed := v.pkgMod[pkg]
			if !listed {
				return "", nil, fmt.Errorf("directory %s is not a package listed in vendor/modules.txt", abs)
			}
			var info *wire.Module
			if vm.Path != "" {
				info = s.moduleInfo(vm, true)
			}
			return pkg, info, nil
		}
		if m.mod.Path == "std" && inDir(m.root, gorootSrc) != "" {
			if suffix == "builtin" {
				return "", nil, ErrPkgIsBuiltin
			}
			return suffix, s.moduleInfo(m.mod, true), nil
		}
		pkg := pathpkg.Join(m.mod.Path, suffix)
		if _, ok, err := s.dirInModule(pkg, m.mod.Path, m.root, true); err != nil {
			return "", nil, err
		} else if !ok {
			if len(m.mod.Path) > len(longest) {
				longest = m.mod.Path
				notFound = &PackageNotInModuleError{MainModules: []module.Version{m.mod}, Pattern: pkg}
			}
			continue
		}
		return pkg, s.moduleInfo(m.mod, true), nil
	}
	if notFound != nil {
		return "", nil, notFound
	}
	if sub := inDir(abs, gorootSrc); sub != "" && sub != "." && !strings.Contains(sub, "@") {
		pkg := filepath.ToSlash(sub)
		if pkg == "builtin" {
			return "", nil, ErrPkgIsBuiltin
		}
		return pkg, nil, nil
	}
	if pkg, m, ok := s.pathInModuleCache(ctx, abs); ok {
		return pkg, s.moduleInfo(m, true), nil
	}
	where := fmt.Sprintf("directory %s", s.shortPath(abs))
	if where == "directory ." {
		where = "current directory"
	}
	if s.inWorkspace() {
		if mr := s.findModuleRoot(abs); mr != "" {
			return "", nil, fmt.Errorf("%s is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use %s", where, s.shortPath(mr))
		}
		return "", nil, fmt.Errorf("%s outside modules listed in go.work or their selected dependencies", where)
	}
	return "", nil, fmt.Errorf("%s outside main module or its selected dependencies", where)
}

// pathInModuleCache maps a directory inside a dependency's tree to its
// import path.
func (s *State) pathInModuleCache(ctx context.Context, dir string) (string, module.Version, bool) {
	try := func(m module.Version) (string, bool) {
		if gover.IsToolchain(m.Path) || s.isMain(m.Path) {
			return "", false
		}
		var root string
		var err error
		if r := s.Replacement(m); r.Path != "" && r.Version == "" {
			root = r.Path
			if !filepath.IsAbs(root) {
				root = filepath.Join(s.replaceRelativeTo(), root)
			}
		} else if r.Path != "" {
			root, err = s.cache.DownloadDir(r)
		} else {
			root, err = s.cache.DownloadDir(m)
		}
		if err != nil {
			return "", false
		}
		sub := inDir(dir, root)
		if sub == "" {
			return "", false
		}
		sub = filepath.ToSlash(sub)
		if strings.Contains(sub, "/vendor/") || strings.HasPrefix(sub, "vendor/") || strings.Contains(sub, "@") {
			return "", false
		}
		return pathpkg.Join(m.Path, sub), true
	}
	if s.pruning == pruned {
		for _, m := range s.roots {
			if v, _ := s.rootSelected(m.Path); v != m.Version {
				continue
			}
			if p, ok := try(m); ok {
				return p, m, true
			}
		}
	}
	g, _ := s.loadGraph(ctx)
	if g == nil {
		return "", module.Version{}, false
	}
	for _, m := range g.BuildList() {
		if p, ok := try(m); ok {
			return p, m, true
		}
	}
	return "", module.Version{}, false
}

func (s *State) patternRoots(ctx context.Context) ([]ModuleRoot, error) {
	var roots []ModuleRoot
	for _, m := range s.mods {
		prefix := m.mod.Path
		if prefix == "std" && inDir(m.root, filepath.Join(s.goroot, "src")) != "" {
			// The standard library's packages have no module prefix.
			prefix = ""
		}
		roots = append(roots, ModuleRoot{
			Module: s.moduleInfo(m.mod, true),
			Dir:    m.root,
			Prefix: prefix,
			Main:   true,
			Ignore: m.ignore,
		})
	}
	if s.buildMod == "vendor" {
		if vd := s.VendorDir(); vd != "" && s.HasModRoot() {
			roots = append(roots, ModuleRoot{Dir: vd, Vendor: true})
		}
		return roots, nil
	}
	if !s.HasModRoot() && !s.cfg.NoRoot {
		return roots, nil
	}
	g, err := s.loadGraph(ctx)
	if g == nil {
		return roots, err
	}
	for _, m := range g.BuildList() {
		if s.isMain(m.Path) || gover.IsToolchain(m.Path) || m.Path == "command-line-arguments" {
			continue
		}
		root := ModuleRoot{Module: s.moduleInfo(m, true), Prefix: m.Path}
		dir, _, ferr := s.fetch(m)
		if ferr != nil {
			root.Err = ferr
		} else {
			root.Dir = dir
			if sum, err := s.goModSummary(m); err == nil {
				root.Ignore = sum.ignore
			}
		}
		roots = append(roots, root)
	}
	return roots, err
}
