package load

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gocmd/internal/trace"
	"gocmd/internal/wire"
)

// LoadPackages loads the packages matched by the command-line patterns
// (import paths, ./dir, pattern/..., std, cmd, all, work, tool, or a list
// of .go files) and all their dependencies. Packages are returned in
// command-line order; per-package problems are in Package.Error and
// DepsErrors, not in the returned error, which reports only failures that
// stop loading altogether (bad go.mod and the like).
func (l *Loader) LoadPackages(ctx context.Context, patterns []string) ([]*Package, error) {
	ctx, span := trace.StartSpan(ctx, "load.PackagesAndErrors")
	defer span.Done()
	s := l.init()
	if s.err != nil {
		return nil, s.err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.modules {
		if err := l.cfg.Modules.LoadGraphIfUnpruned(ctx); err != nil {
			return nil, fmt.Errorf("go: %w", err)
		}
	}
	var pkgs []*Package
	var err error
	if s.modules && l.cfg.Modules.BeginMissingBatch() {
		// As go does with -mod=mod: load, look up every missing import
		// at once, add their modules, and load again.
		pkgs, err = l.loadInPasses(ctx, patterns)
		l.cfg.Modules.EndMissingBatch()
	} else {
		pkgs, err = l.loadPass(ctx, patterns)
	}
	if err != nil {
		return nil, err
	}
	if err := l.commitModules(ctx, pkgs); err != nil {
		return nil, err
	}
	if err := l.setPGOProfilePath(pkgs); err != nil {
		return nil, err
	}
	CollectDeps(pkgs)
	return pkgs, nil
}

// loadPass loads the packages matching patterns and their imports once.
func (l *Loader) loadPass(ctx context.Context, patterns []string) ([]*Package, error) {
	s := l.st
	for _, p := range patterns {
		if strings.HasSuffix(p, ".go") {
			if fi, err := s.fs.Stat(abs(l.cfg.Dir, p)); err == nil && !fi.IsDir() {
				p, err := l.goFilesPackage(ctx, patterns)
				if err != nil {
					return nil, err
				}
				return []*Package{p}, nil
			}
		}
	}
	matches, err := l.matchPatterns(ctx, patterns)
	if err != nil {
		return nil, err
	}
	if s.modules {
		for _, m := range matches {
			if m.Pattern() == "all" {
				m.Pkgs = l.expandAll(ctx, m.Pkgs)
			}
		}
	}
	for _, m := range matches {
		for _, pkg := range m.Pkgs {
			mode := cmdlinePkg
			if m.IsLiteral() {
				mode |= cmdlinePkgLiteral
			}
			l.preloadPath(ctx, pkg, l.cfg.Dir, mode)
		}
	}
	var pkgs []*Package
	seen := map[*Package]bool{}
	var stk importStack
	for _, m := range matches {
		for _, pkg := range m.Pkgs {
			mode := cmdlinePkg
			if m.IsLiteral() {
				mode |= cmdlinePkgLiteral
			}
			p, _ := l.loadImport(ctx, pkg, l.cfg.Dir, nil, &stk, nil, mode)
			p.Match = append(p.Match, m.Pattern())
			if seen[p] {
				continue
			}
			seen[p] = true
			pkgs = append(pkgs, p)
		}
		if len(m.Errs) > 0 {
			p := &Package{}
			p.ImportPath = m.Pattern()
			var stk importStack
			l.setLoadPackageDataError(p, m.Errs[0], m.Pattern(), &stk, nil)
			p.Incomplete = true
			p.Match = append(p.Match, m.Pattern())
			p.Internal.CmdlinePkg = true
			p.Internal.CmdlinePkgLiteral = m.IsLiteral()
			pkgs = append(pkgs, p)
		}
	}
	l.queue.Wait()
	if err := l.fatalModuleError(pkgs); err != nil {
		return nil, err
	}
	if s.modules {
		if err := l.cfg.Modules.FatalError(); err != nil {
			return nil, err
		}
		if errs := l.cfg.Modules.CheckMultiplePaths(); len(errs) > 0 {
			for i, err := range errs {
				errs[i] = fmt.Errorf("go: %w", err)
			}
			return nil, errors.Join(errs...)
		}
		if err := l.cfg.Modules.CheckGoModTidy(); err != nil {
			return nil, err
		}
		if err := l.cfg.Modules.CheckLoadedRequirements(ctx, loadedModules(pkgs)); err != nil {
			return nil, err
		}
		l.checkDirectImports(pkgs)
		l.markDirectModules(pkgs)
	}
	l.resolveTestImports(ctx, PackageList(pkgs))
	return pkgs, nil
}

// setPGOProfilePath applies -pgo: with "auto", each main package with a
// default.pgo file is built with it, and when several packages are
// named, its dependencies are copied into variants for that main
// package (ForMain); with a file name, every package uses that file.
func (l *Loader) setPGOProfilePath(pkgs []*Package) error {
	pgo := "auto"
	if l.cfg.Flags != nil && l.cfg.Flags.PGO != "" {
		pgo = l.cfg.Flags.PGO
	}
	switch pgo {
	case "off":
		return nil
	case "auto":
		for _, pmain := range pkgs {
			if pmain.Name != "main" {
				continue
			}
			file := filepath.Join(pmain.Dir, "default.pgo")
			if _, err := os.Stat(file); err != nil {
				continue
			}
			visited := map[*Package]*Package{}
			var split func(p *Package) *Package
			split = func(p *Package) *Package {
				if p1 := visited[p]; p1 != nil {
					return p1
				}
				if len(pkgs) > 1 && p != pmain {
					p1 := new(Package)
					*p1 = *p
					p1.Imports = append([]string(nil), p.Imports...)
					p1.Internal.Imports = append([]*Package(nil), p.Internal.Imports...)
					p1.Internal.ForMain = pmain.ImportPath
					visited[p] = p1
					p = p1
				} else {
					visited[p] = p
				}
				p.Internal.PGOProfile = file
				for i, q := range p.Internal.Imports {
					p.Internal.Imports[i] = split(q)
				}
				return p
			}
			split(pmain)
		}
	default:
		file := abs(l.cfg.Dir, pgo)
		for _, p := range PackageList(pkgs) {
			p.Internal.PGOProfile = file
		}
	}
	return nil
}

// Desc is the package's description in build output: its import path,
// with " [p.test]" for test variants or " [main]" for PGO variants.
func (p *Package) Desc() string {
	if p.ForTest != "" {
		return p.ImportPath + " [" + p.ForTest + ".test]"
	}
	if p.Internal.ForMain != "" {
		return p.ImportPath + " [" + p.Internal.ForMain + "]"
	}
	return p.ImportPath
}

// RenameVariants gives test and PGO variants among all (a PackageList)
// their descriptive import paths ("p [q.test]", "p [cmd/compile]") and
// updates the Imports lists that name them, as go list shows them.
// Deps must be collected again afterwards (CollectDeps).
func RenameVariants(all []*Package) {
	old := map[string]string{}
	for _, p := range all {
		if p.ForTest != "" || p.Internal.ForMain != "" {
			n := p.Desc()
			old[n] = p.ImportPath
			p.ImportPath = n
		}
	}
	m := map[string]string{}
	for _, p := range all {
		for _, q := range p.Internal.Imports {
			if q.ForTest != "" || q.Internal.ForMain != "" {
				m[old[q.ImportPath]] = q.ImportPath
			}
		}
		for i, o := range p.Imports {
			if n := m[o]; n != "" {
				p.Imports[i] = n
			}
		}
		clear(m)
	}
}

// resolveTestImports shows the test imports vendor-expanded, sorted and
// without duplicates, as go list prints them.
func (l *Loader) resolveTestImports(ctx context.Context, pkgs []*Package) {
	for _, p := range pkgs {
		if p.Internal.Build == nil {
			continue
		}
		p.TestImports = l.resolveList(ctx, p, p.Internal.RawTestImports)
		p.XTestImports = l.resolveList(ctx, p, p.Internal.RawXTestImports)
	}
}

func (l *Loader) resolveList(ctx context.Context, p *Package, imports []string) []string {
	if l.cfg.Find || len(imports) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, path := range imports {
		path = l.ResolveImportPath(ctx, p, path)
		if !seen[path] {
			seen[path] = true
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}

// ResolveImportPath returns the canonical path of an import in parent
// (vendor expansion; the path itself when it cannot be resolved).
func (l *Loader) ResolveImportPath(ctx context.Context, parent *Package, path string) string {
	s := l.init()
	if s.modules {
		if !parent.Standard {
			// Outside the standard library (and its vendor directory)
			// an import path is the package's path: no module lookup,
			// which could download or query modules only tests need.
			return path
		}
		r := l.resolved.Do(importKey{path, parent.ImportPath, parent.Dir, parent.Root, parent.Standard, resolveImport}, func() resolvedImport {
			return l.lookupModule(ctx, parent.ImportPath, parent.Standard, path)
		})
		if r.err != nil {
			return path
		}
		return r.path
	}
	if build.IsLocalImport(path) {
		return path
	}
	return l.vendoredImportPath(path, parent.ImportPath, parent.Dir, parent.Root)
}

// CollectDeps sets Deps (sorted transitive import paths) and DepsErrors
// for roots and everything they import.
func CollectDeps(roots []*Package) {
	all := PackageList(roots)
	for _, p := range all {
		p.Deps, p.DepsErrors = nil, nil
	}
	SetDeps(all)
	for _, p := range all {
		errs := map[*wire.PackageError]bool{}
		for _, q := range p.Internal.Imports {
			if q.Error != nil {
				errs[q.Error] = true
			}
			for _, e := range q.DepsErrors {
				errs[e] = true
			}
		}
		p.DepsErrors = nil
		for e := range errs {
			p.DepsErrors = append(p.DepsErrors, e)
		}
		sortDepsErrors(p.DepsErrors)
	}
}

func sortDepsErrors(list []*wire.PackageError) {
	sort.Slice(list, func(i, j int) bool {
		si, sj := list[i].ImportStack, list[j].ImportStack
		if len(si) == 0 {
			if len(sj) != 0 {
				return true
			}
			return list[i].Err.Error() < list[j].Err.Error()
		} else if len(sj) == 0 {
			return false
		}
		return si[len(si)-1].Pkg < sj[len(sj)-1].Pkg
	})
}

// SetImportMap records in ImportMap each import whose resolved path
// differs from the path written in the source.
func SetImportMap(p *Package) {
	nRaw := len(p.Internal.RawImports)
	for i, path := range p.Imports {
		var src string
		if i < nRaw {
			src = p.Internal.RawImports[i]
		} else if i-nRaw < len(p.Internal.CompiledImports) {
			src = p.Internal.CompiledImports[i-nRaw]
		} else {
			continue
		}
		if path != src {
			if p.ImportMap == nil {
				p.ImportMap = map[string]string{}
			}
			p.ImportMap[src] = path
		}
	}
}

func abs(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}
