package run

import (
	"context"
	"fmt"
	"go/build"
	"os"
	pathpkg "path"
	"path/filepath"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/search"
	"gocmd/internal/wire"
	"gocmd/internal/work"
)

// isVersionedArg reports whether a 'go run' argument is pkg@version.
func isVersionedArg(arg string) bool {
	return !strings.HasSuffix(arg, ".go") && !strings.HasPrefix(arg, "-") &&
		strings.Contains(arg, "@") && !build.IsLocalImport(arg) && !filepath.IsAbs(arg)
}

// loadVersioned loads the package named by a pkg@version argument
// outside any module: the module providing it at that version is the
// root of the build list.
func loadVersioned(ctx context.Context, inv *base.Invocation, s *work.Session, arg string) ([]*load.Package, error) {
	path, version, _ := strings.Cut(arg, "@")
	if version == "" {
		return nil, fmt.Errorf("%s: version must not be empty", arg)
	}
	switch {
	case build.IsLocalImport(path):
		return nil, fmt.Errorf("%s: argument must be a package path, not a relative path", arg)
	case filepath.IsAbs(path):
		return nil, fmt.Errorf("%s: argument must be a package path, not an absolute path", arg)
	case search.IsMetaPackage(path):
		return nil, fmt.Errorf("%s: argument must be a package path, not a meta-package", arg)
	case pathpkg.Clean(path) != path:
		return nil, fmt.Errorf("%s: argument must be a clean package path", arg)
	case !strings.Contains(path, "...") && search.IsStandardImportPath(path) && isStdPackage(inv, path):
		return nil, fmt.Errorf("%s: argument must not be a package in the standard library", arg)
	}
	root, err := s.Mods.QueryOutsideModule(ctx, arg, path, version)
	if err != nil {
		return nil, err
	}
	pkgs, err := s.Loader.LoadPackages(ctx, []string{path})
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

// isStdPackage reports whether GOROOT/src/path holds Go files.
func isStdPackage(inv *base.Invocation, path string) bool {
	ents, err := os.ReadDir(filepath.Join(inv.Env.GOROOT(), "src", filepath.FromSlash(path)))
	if err != nil {
		return false
	}
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			return true
		}
	}
	return false
}
