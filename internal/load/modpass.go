package load

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/modload"
	"gocmd/internal/par"
	"gocmd/internal/wire"
)

// This file holds what package loading does with the module state when
// a pass is over: the passes of -mod=mod, and go's checks of the
// requirements against what was loaded.

// loadInPasses loads the packages again as long as looking up the
// imports a pass found missing changes the requirements.
func (l *Loader) loadInPasses(ctx context.Context, patterns []string) ([]*Package, error) {
	for {
		pkgs, err := l.loadPass(ctx, patterns)
		if err != nil {
			return nil, err
		}
		var errs []modload.PassError
		for _, p := range PackageList(pkgs) {
			if p.Error != nil {
				errs = append(errs, modload.PassError{Err: p.Error.Err, Stack: importStackText(p.Error.Pkgs(), p.ImportPath)})
			}
		}
		again, err := l.cfg.Modules.ResolveMissing(ctx, errs)
		if err != nil {
			return nil, err
		}
		if !again && !l.cfg.Modules.PromoteLoadedRoots(ctx, loadedModules(pkgs)) {
			return pkgs, nil
		}
		l.resetPackages()
	}
}

// resetPackages forgets the packages loaded and the imports resolved,
// after the requirements changed.
func (l *Loader) resetPackages() {
	l.resolved = par.Cache[importKey, resolvedImport]{}
	l.data = par.Cache[string, pkgData]{}
	l.packages = map[string]*Package{}
	l.foldPath = map[string]string{}
}

// loadedModules returns the modules, other than the main modules, of
// the packages go requires go.mod to name: those named on the command
// line and those the main modules' packages import, directly or not.
func loadedModules(pkgs []*Package) []module.Version {
	inAll := map[*Package]bool{}
	var queue []*Package
	for _, p := range PackageList(pkgs) {
		if p.Module != nil && p.Module.Main {
			queue = append(queue, p)
		}
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if !inAll[p] {
			inAll[p] = true
			queue = append(queue, p.Internal.Imports...)
		}
	}
	var mods []module.Version
	have := map[module.Version]bool{}
	add := func(p *Package) {
		if m := p.Module; m != nil && !m.Main && m.Path != "" {
			if v := (module.Version{Path: m.Path, Version: m.Version}); !have[v] {
				have[v] = true
				mods = append(mods, v)
			}
		}
	}
	for _, p := range pkgs {
		add(p)
	}
	for p := range inAll {
		add(p)
	}
	return mods
}

// checkDirectImports marks the main-module packages that import a
// package from a module go.mod does not require, as go does in
// -mod=readonly (the error suggests the 'go get' that adds it).
func (l *Loader) checkDirectImports(pkgs []*Package) {
	for _, p := range PackageList(pkgs) {
		if p.Error != nil || p.Module == nil || !p.Module.Main {
			continue
		}
		for _, q := range p.Internal.Imports {
			m := q.Module
			if m == nil || m.Main || m.Path == "" {
				continue
			}
			if err := l.cfg.Modules.CheckDirectImport(p.ImportPath, q.ImportPath, module.Version{Path: m.Path, Version: m.Version}); err != nil {
				p.Error = &wire.PackageError{Err: err}
				p.Incomplete = true
				break
			}
		}
	}
}

// markDirectModules clears Module.Indirect for the modules that provide
// packages the main modules' packages import, as go's requirements
// after loading say (whatever go.mod's "// indirect" comments say) in a
// workspace or with -mod=mod.
func (l *Loader) markDirectModules(pkgs []*Package) {
	ms := l.cfg.Modules
	if ms.BuildMod() != "mod" && (ms.Mode() != modload.WorkspaceMode || ms.BuildMod() == "vendor") {
		// In -mod=readonly (and vendor) go keeps go.mod's markings.
		return
	}
	direct := map[string]bool{}
	all := PackageList(pkgs)
	for _, p := range all {
		if p.Module == nil || !p.Module.Main {
			continue
		}
		for _, q := range p.Internal.Imports {
			m := q.Module
			if m == nil || m.Main || m.Path == "" || !m.Indirect {
				continue
			}
			if l.cfg.Modules.CheckDirectImport(p.ImportPath, q.ImportPath, module.Version{Path: m.Path, Version: m.Version}) == nil {
				direct[m.Path] = true
			}
		}
	}
	if len(direct) == 0 {
		return
	}
	for _, p := range all {
		if p.Module != nil && direct[p.Module.Path] {
			p.Module.Indirect = false
		}
	}
}

// importStackText is go's text of the import stack that led to package
// path ("a imports\n\tb"); a test in the stack reads "p tested by\n\t
// p.test imports".
func importStackText(stack []string, path string) string {
	var parts []string
	add := func(part string) {
		if len(parts) == 0 || parts[len(parts)-1] != part {
			parts = append(parts, part)
		}
	}
	for _, e := range stack {
		test := ""
		if p, ok := strings.CutSuffix(e, " (test)"); ok {
			test = p + ".test"
		} else if pkg, variant, ok := strings.Cut(e, " ["); ok && strings.HasSuffix(variant, ".test]") {
			// The package under test, or a dependency recompiled for it.
			test = strings.TrimSuffix(variant, "]")
			if under := strings.TrimSuffix(test, ".test"); pkg != under && pkg != under+"_test" {
				test = ""
				e = pkg
			}
		} else if strings.HasSuffix(e, ".test") {
			test = e
		}
		if test != "" {
			add(strings.TrimSuffix(test, ".test") + " tested by\n\t" + test)
		} else {
			add(e)
		}
	}
	if len(parts) == 0 || parts[len(parts)-1] != path {
		add(path)
	}
	return strings.Join(parts, " imports\n\t")
}

// addedModuleError returns the error go stops at when perr is that of
// an import whose added module cannot be loaded (its stack now known),
// or nil.
func addedModuleError(perr *wire.PackageError) error {
	var ame *modload.AddedModuleError
	if perr == nil || !errors.As(perr.Err, &ame) {
		return nil
	}
	return &modload.AddedModuleError{Path: ame.Path, Stack: importStackText(perr.Pkgs(), ame.Path), Err: ame.Err}
}
