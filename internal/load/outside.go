package load

import (
	"context"
	"fmt"
	"go/build"
	pathpkg "path"
	"path/filepath"
	"strings"

	"gocmd/internal/search"
	"gocmd/internal/wire"
)

// LoadOutsideModule loads the packages named by pkg@version arguments
// (go run, go install) outside any module: every argument must name a
// package of the same module at the same version, which becomes the
// root of the build list. The loader's module state must come from
// modload.Init with NoRoot. Errors are go's messages without "go: ".
func (l *Loader) LoadOutsideModule(ctx context.Context, args []string) ([]*Package, error) {
	st := l.init()
	if st.err != nil {
		return nil, st.err
	}
	var version string
	for _, arg := range args {
		if i := strings.Index(arg, "@"); i >= 0 {
			version = arg[i+1:]
			if version == "" {
				return nil, fmt.Errorf("%s: version must not be empty", arg)
			}
			break
		}
	}
	patterns := make([]string, len(args))
	for i, arg := range args {
		p, ok := strings.CutSuffix(arg, "@"+version)
		if !ok {
			return nil, fmt.Errorf("%s: all arguments must refer to packages in the same module at the same version (@%s)", arg, version)
		}
		switch {
		case build.IsLocalImport(p):
			return nil, fmt.Errorf("%s: argument must be a package path, not a relative path", arg)
		case filepath.IsAbs(p):
			return nil, fmt.Errorf("%s: argument must be a package path, not an absolute path", arg)
		case search.IsMetaPackage(p):
			return nil, fmt.Errorf("%s: argument must be a package path, not a meta-package", arg)
		case pathpkg.Clean(p) != p:
			return nil, fmt.Errorf("%s: argument must be a clean package path", arg)
		case !strings.Contains(p, "...") && search.IsStandardImportPath(p) && l.hasGoFiles(filepath.Join(st.gorootSrc, filepath.FromSlash(p))):
			return nil, fmt.Errorf("%s: argument must not be a package in the standard library", arg)
		}
		patterns[i] = p
	}
	patterns = search.CleanPatterns(patterns)
	root, err := l.cfg.Modules.QueryOutsideModule(ctx, args[0], patterns[0], version)
	if err != nil {
		return nil, err
	}
	pkgs, err := l.LoadPackages(ctx, patterns)
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		var perr error
		switch {
		case p.Module == nil:
			perr = fmt.Errorf("package %s not provided by module %s", p.ImportPath, root)
		case p.Module.Path != root.Path || p.Module.Version != root.Version:
			perr = fmt.Errorf("package %s provided by module %s@%s\n\tAll packages must be provided by the same module (%s).", p.ImportPath, p.Module.Path, p.Module.Version, root)
		}
		if perr != nil && p.Error == nil {
			p.Error = &wire.PackageError{Err: perr}
			p.Incomplete = true
		}
	}
	return pkgs, nil
}
