package modload

import (
	"context"
	"fmt"
	"go/build"
	"os"
	pathpkg "path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/search"
)

// This file serves 'go install pkg@version' and 'go run pkg@version':
// commands that ignore the current module (Config.NoRoot) and build
// packages of one module version as if it were the main module's only
// requirement.

// NotInModuleError is go's error for a module that a query found but
// that lacks the package (or any package matching a pattern).
type NotInModuleError struct {
	Mod         module.Version
	Replacement module.Version
	Query       string
	Pattern     string
}

func (e *NotInModuleError) Error() string {
	found := ""
	if r := e.Replacement; r.Path != "" {
		rs := r.Path
		if r.Version != "" {
			rs = r.Path + "@" + r.Version
		}
		if e.Query == e.Mod.Version {
			found = fmt.Sprintf(" (replaced by %s)", rs)
		} else {
			found = fmt.Sprintf(" (%s, replaced by %s)", e.Mod.Version, rs)
		}
	} else if e.Query != e.Mod.Version {
		found = fmt.Sprintf(" (%s)", e.Mod.Version)
	}
	what := "package"
	if strings.Contains(e.Pattern, "...") {
		what = "packages matching"
	}
	return fmt.Sprintf("module %s@%s found%s, but does not contain %s %s", e.Mod.Path, e.Query, found, what, e.Pattern)
}

// SetupVersionedRoot checks the path@version arguments of go install or
// go run, finds the module providing them and makes it the only
// requirement. It returns the package patterns (the arguments without
// their version) and that module. Errors are go's text without "go: ".
func (s *State) SetupVersionedRoot(ctx context.Context, args []string, compiler string) ([]string, module.Version, error) {
	var version, firstPath string
	for _, arg := range args {
		if i := strings.Index(arg, "@"); i >= 0 {
			firstPath, version = arg[:i], arg[i+1:]
			if version == "" {
				return nil, module.Version{}, fmt.Errorf("%s: version must not be empty", arg)
			}
			break
		}
	}
	patterns := make([]string, len(args))
	for i, arg := range args {
		p, found := strings.CutSuffix(arg, "@"+version)
		if !found {
			return nil, module.Version{}, fmt.Errorf("%s: all arguments must refer to packages in the same module at the same version (@%s)", arg, version)
		}
		switch {
		case build.IsLocalImport(p):
			return nil, module.Version{}, fmt.Errorf("%s: argument must be a package path, not a relative path", arg)
		case filepath.IsAbs(p):
			return nil, module.Version{}, fmt.Errorf("%s: argument must be a package path, not an absolute path", arg)
		case search.IsMetaPackage(p):
			return nil, module.Version{}, fmt.Errorf("%s: argument must be a package path, not a meta-package", arg)
		case pathpkg.Clean(p) != p:
			return nil, module.Version{}, fmt.Errorf("%s: argument must be a clean package path", arg)
		case !strings.Contains(p, "...") && search.IsStandardImportPath(p) && s.isStdPackage(p):
			return nil, module.Version{}, fmt.Errorf("%s: argument must not be a package in the standard library", arg)
		}
		patterns[i] = p
	}
	patterns = search.CleanPatterns(patterns)

	root, err := s.queryPackageModule(ctx, patterns[0], version, !IsRevisionQuery(firstPath, version))
	if err != nil {
		return nil, module.Version{}, fmt.Errorf("%s: %w", args[0], err)
	}
	if msg, err := s.Deprecation(ctx, root); err != nil {
		return nil, module.Version{}, fmt.Errorf("%s: loading deprecation for %s: %w", args[0], root.Path, err)
	} else if msg != "" {
		s.warn(fmt.Sprintf("go: module %s is deprecated: %s", root.Path, ShortMessage(msg, "")))
	}
	data, err := s.cache.GoMod(root)
	if err != nil {
		return nil, module.Version{}, fmt.Errorf("%s: %w", args[0], err)
	}
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return nil, module.Version{}, fmt.Errorf("%s (in %s): %w", args[0], root, err)
	}
	directive := "%s (in %s):\n" +
		"\tThe go.mod file for the module providing named packages contains one or\n" +
		"\tmore %s directives. It must not contain directives that would cause\n" +
		"\tit to be interpreted differently than if it were the main module."
	if len(f.Replace) > 0 {
		return nil, module.Version{}, fmt.Errorf(directive, args[0], root, "replace")
	}
	if len(f.Exclude) > 0 {
		return nil, module.Version{}, fmt.Errorf(directive, args[0], root, "exclude")
	}
	roots := s.Roots()
	edited, err := s.EditRoots(ctx, roots, []module.Version{root}, nil)
	if err != nil {
		return nil, module.Version{}, fmt.Errorf("%s: %w", args[0], err)
	}
	s.SetRequirements(Requirements{Roots: edited, Direct: map[string]bool{root.Path: true}})
	return patterns, root, nil
}

// QueryInstallModule finds the module providing the package (or the
// packages matching the pattern) path at version, as 'go install
// path@version' would, downloading it. A module needing a newer Go
// gives a *gover.TooNewError.
func (s *State) QueryInstallModule(ctx context.Context, path, version string) (module.Version, error) {
	return s.queryPackageModule(ctx, path, version, !IsRevisionQuery(path, version))
}

// IsRevisionQuery reports whether vers names one revision of path
// rather than a range of versions.
func IsRevisionQuery(path, vers string) bool {
	if vers == "latest" || vers == "upgrade" || vers == "patch" || strings.HasPrefix(vers, "<") || strings.HasPrefix(vers, ">") {
		return false
	}
	if gover.ModIsValid(path, vers) && module.CanonicalVersion(vers) == vers {
		return true
	}
	return !isVersionPrefixQuery(vers)
}

func isVersionPrefixQuery(v string) bool {
	if !strings.HasPrefix(v, "v") {
		return false
	}
	parts := strings.Split(v[1:], ".")
	if len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

func (s *State) isStdPackage(p string) bool {
	fi, err := os.Stat(filepath.Join(s.goroot, "src", p))
	return err == nil && fi.IsDir()
}

// queryPackageModule finds the module providing pattern (a package path
// or a pattern with "...") at version, trying each path prefix.
func (s *State) queryPackageModule(ctx context.Context, pattern, version string, checkAllowed bool) (module.Version, error) {
	base := pattern
	var match func(string) bool
	if strings.Contains(pattern, "...") {
		base, _, _ = strings.Cut(pattern, "...")
		base = strings.TrimSuffix(base, "/")
		match = search.MatchPattern(pattern)
	}
	var firstErr, notIn error
	for p := base; p != "." && p != "" && p != "/"; p = pathpkg.Dir(p) {
		if module.CheckPath(p) != nil {
			if firstErr == nil && p == base {
				firstErr = module.CheckPath(p)
			}
			if !strings.Contains(p, "/") {
				break
			}
			continue
		}
		info, err := s.queryForInstall(ctx, p, version, checkAllowed)
		if err != nil {
			if firstErr == nil || p == base {
				if p == base || firstErr == nil {
					firstErr = err
				}
			}
			continue
		}
		m := module.Version{Path: p, Version: info}
		root, local, err := s.fetch(m)
		if err != nil {
			return module.Version{}, err
		}
		if match == nil {
			if _, ok, _ := s.dirInModule(pattern, p, root, local); ok {
				return m, nil
			}
		} else if moduleHasMatch(root, p, match) {
			return m, nil
		}
		if notIn == nil {
			notIn = &NotInModuleError{Mod: m, Query: version, Pattern: pattern}
		}
	}
	if notIn != nil {
		return module.Version{}, notIn
	}
	return module.Version{}, firstErr
}

func (s *State) queryForInstall(ctx context.Context, path, version string, checkAllowed bool) (string, error) {
	info, err := s.queryVersion(ctx, path, version, "")
	if err != nil {
		return "", err
	}
	return info.Version, nil
}

// moduleHasMatch reports whether the module tree at root has a package
// whose import path matches.
func moduleHasMatch(root, modPath string, match func(string) bool) bool {
	found := false
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if found || err != nil || !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if rel != "." {
			name := d.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		ip := modPath
		if rel != "." {
			ip += "/" + filepath.ToSlash(rel)
		}
		if match(ip) {
			ents, _ := os.ReadDir(p)
			for _, e := range ents {
				if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
					found = true
				}
			}
		}
		return nil
	})
	return found
}
