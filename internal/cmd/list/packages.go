package list

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gocmd/internal/cache"
	"gocmd/internal/cmd/list/load"
	pkgload "gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/wire"
	"gocmd/internal/work"
)

// listPackages implements 'go list' without -m.
func (r *run) listPackages(ctx context.Context, args []string) error {
	if r.u {
		return r.rep.fatalf("go list -u can only be used with -m")
	}
	if r.versions {
		return r.rep.fatalf("go list -versions can only be used with -m")
	}
	if r.find && r.deps {
		return r.rep.fatalf("go list -deps cannot be used with -find")
	}
	if r.find && r.test {
		return r.rep.fatalf("go list -test cannot be used with -find")
	}
	if r.find && r.export {
		return r.rep.fatalf("go list -export cannot be used with -find")
	}
	if len(args) == 0 {
		args = []string{"."}
	}

	cfg := pkgload.Config{
		Env:     r.inv.Env,
		Dir:     r.inv.Dir,
		Flags:   &r.build,
		GOFLAGS: r.inv.GOFLAGS,
		Find:    r.find,
		// -e reports the errors go would stop on and goes on.
		AllowErrors: r.e,
		// go skips matching the embed patterns when their files are
		// not printed.
		SuppressEmbedFiles: !r.export && r.json.on && !r.json.wants("EmbedFiles", "TestEmbedFiles", "XTestEmbedFiles"),
		Warn:               func(msg string) { fmt.Fprintln(r.inv.Stderr, msg) },
	}
	if r.mods.Mode() != modload.GOPATHMode {
		cfg.Modules = r.mods
	}
	loader := pkgload.NewLoader(cfg)
	pkgs, err := loader.LoadPackages(ctx, args)
	if err != nil {
		return r.rep.fatal(err)
	}
	if r.export || !r.json.on || r.json.wants("Stale", "StaleReason") {
		// As go does while loading, unless nothing printed needs it: the
		// build information of main packages, whose VCS errors become
		// the packages' errors.
		work.SetBuildInfo(ctx, r.inv, &r.build, loader, pkgs, true)
	}
	if !r.e {
		good := pkgs[:0]
		for _, p := range pkgs {
			if p.Error != nil {
				r.rep.errorf("%v", p.Error)
				continue
			}
			good = append(good, p)
		}
		pkgs = good
		if err := r.rep.exitIfErrors(); err != nil {
			return err
		}
	}

	if r.test {
		if pkgs, err = r.addTestPackages(ctx, loader, pkgs); err != nil {
			return err
		}
	}

	// The packages named on the command line (and their tests); the
	// others are listed only as dependencies.
	cmdline := map[*pkgload.Package]bool{}
	for _, p := range pkgs {
		cmdline[p] = true
	}
	if r.deps {
		// Dependencies first, depth-first post-order.
		pkgs = r.packageList(pkgs)
	}

	needStale := r.json.on && r.json.wants("Stale", "StaleReason") || strings.Contains(r.format, ".Stale")
	if r.export || needStale || r.compiled {
		if err := work.ListBuild(ctx, r.inv, &r.build, loader, pkgs, work.ListOptions{Export: r.export, Compiled: r.compiled, AllowErrors: r.e}); err != nil {
			return err
		}
	}
	if r.compiled {
		r.fillCompiledGoFiles(pkgs)
	}
	for _, p := range pkgs {
		p.DepOnly = !cmdline[p]
		if r.compiled {
			// The imports of the files cgo generates count too.
			p.Imports = slices.Concat(p.Imports, p.Internal.CompiledImports)
		}
	}
	// Test variants, and with -pgo=auto and several packages the copies
	// of dependencies built for one main package's profile, get their
	// descriptive names only now, once nothing looks them up by path.
	pgo := r.build.PGO
	if pgo == "" {
		pgo = "auto"
	}
	if r.test || (pgo == "auto" && len(cmdline) > 1) {
		all := pkgs
		if !r.deps {
			// This walk reports the dependencies' errors, as -deps
			// does, which go has always done here.
			all = r.packageList(pkgs)
		}
		pkgload.RenameVariants(all)
		for _, p := range all {
			p.DepOnly = !cmdline[p]
		}
	}
	if r.json.wants("Deps", "DepsErrors") {
		// Again, with the final names. The order of the walk matters
		// when there are cycles: -deps keeps the order it printed.
		all := pkgs
		if !r.deps {
			all = pkgload.PackageList(pkgs)
		}
		if r.json.wants("Deps") {
			pkgload.SetDeps(all)
		}
		for _, p := range all {
			if r.json.wants("DepsErrors") {
				collectDepsErrors(p)
			}
		}
	}
	if r.retracted {
		r.addRetractions(ctx, pkgs)
	}
	for _, p := range pkgs {
		pkgload.SetImportMap(p)
	}
	for _, p := range pkgs {
		if err := r.pr.print((*load.PackagePublic)(&p.Package)); err != nil {
			return r.rep.fatalf("%s", err)
		}
	}
	return r.rep.exitIfErrors()
}

// packageList is pkgload.PackageList, reporting the errors of the
// dependencies unless -e is set. Listing goes on, but the exit status
// will be 1.
func (r *run) packageList(roots []*pkgload.Package) []*pkgload.Package {
	all := pkgload.PackageList(roots)
	if !r.e {
		for _, p := range all {
			if p.Error != nil {
				r.rep.errorf("%v", p.Error)
			}
		}
	}
	return all
}

// addTestPackages appends, for each package with test files, its test
// main package, its test variant (if it differs from the package) and
// its external test package.
func (r *run) addTestPackages(ctx context.Context, loader *pkgload.Loader, pkgs []*pkgload.Package) ([]*pkgload.Package, error) {
	out := slices.Clone(pkgs)
	for _, p := range pkgs {
		if len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
			continue
		}
		var pmain, ptest, pxtest *pkgload.Package
		if r.e {
			pmain, ptest, pxtest = loader.TestPackagesAndErrors(ctx, p)
		} else {
			var err error
			pmain, ptest, pxtest, err = loader.TestPackagesFor(ctx, p)
			if err != nil {
				var ame *modload.AddedModuleError
				if errors.As(err, &ame) && ame.Stack != "" {
					return nil, r.rep.fatalf("%s", err)
				}
				return nil, r.rep.fatalf("go: can't load test package: %s", err)
			}
		}
		if pmain != nil {
			out = append(out, pmain)
			if err := r.cacheTestmain(ctx, pmain); err != nil {
				return nil, r.rep.fatalf("%s", err)
			}
		}
		if ptest != nil && ptest != p {
			out = append(out, ptest)
		}
		if pxtest != nil {
			out = append(out, pxtest)
		}
	}
	return out, nil
}

// fillCompiledGoFiles sets CompiledGoFiles of the packages that would
// be compiled and that the build engine left without (it sets them,
// with the files cgo generates, for the packages it processed): those
// with Go files, no error of their own or in their dependencies, and
// not the built-in "unsafe".
func (r *run) fillCompiledGoFiles(pkgs []*pkgload.Package) {
	for _, p := range pkgs {
		if len(p.GoFiles)+len(p.CgoFiles) == 0 || p.CompiledGoFiles != nil || p.Error != nil || p.Incomplete {
			continue
		}
		if p.Standard && (p.ImportPath == "unsafe" || p.ImportPath == "builtin") {
			continue
		}
		p.CompiledGoFiles = slices.Clone(p.GoFiles)
	}
}

// addRetractions fills in the Retracted field of the modules providing
// the listed packages (-retracted without -m).
func (r *run) addRetractions(ctx context.Context, pkgs []*pkgload.Package) {
	byArg := map[string][]*wire.Module{}
	var args []string
	add := func(m *wire.Module) {
		if m == nil || m.Version == "" {
			return
		}
		arg := m.Path + "@" + m.Version
		if byArg[arg] == nil {
			args = append(args, arg)
		}
		byArg[arg] = append(byArg[arg], m)
	}
	for _, p := range pkgs {
		if p.Module != nil {
			add(p.Module)
			add(p.Module.Replace)
		}
	}
	if len(args) == 0 {
		return
	}
	mods, err := r.mods.ListModules(ctx, args, modload.ListOptions{Retracted: true, Errors: r.e, Reuse: r.reuse})
	if err != nil && !r.e {
		r.rep.error(err)
	}
	for i, arg := range args {
		if i >= len(mods) {
			break
		}
		for _, m := range byArg[arg] {
			m.Retracted = mods[i].Retracted
			if mods[i].Error != nil && m.Error == nil {
				m.Error = mods[i].Error
			}
		}
	}
}

// collectDepsErrors sets p.DepsErrors to the errors of every package p
// imports, directly or not, sorted by the package they are about. The
// errors of p's imports must be collected first.
func collectDepsErrors(p *pkgload.Package) {
	set := map[*wire.PackageError]bool{}
	for _, q := range p.Internal.Imports {
		if q.Error != nil {
			set[q.Error] = true
		}
		for _, e := range q.DepsErrors {
			set[e] = true
		}
	}
	p.DepsErrors = make([]*wire.PackageError, 0, len(set))
	for e := range set {
		p.DepsErrors = append(p.DepsErrors, e)
	}
	sort.Slice(p.DepsErrors, func(i, j int) bool {
		si, sj := p.DepsErrors[i].ImportStack, p.DepsErrors[j].ImportStack
		switch {
		case len(si) == 0 && len(sj) == 0:
			return p.DepsErrors[i].Err.Error() < p.DepsErrors[j].Err.Error()
		case len(si) == 0:
			return true
		case len(sj) == 0:
			return false
		}
		return si[len(si)-1].Pkg < sj[len(sj)-1].Pkg
	})
}

// cacheTestmain stores the generated _testmain.go of the test main
// package pmain in the build cache and lists it there, as go does.
func (r *run) cacheTestmain(ctx context.Context, pmain *pkgload.Package) error {
	if pmain.Internal.TestmainGo == nil {
		return nil
	}
	if r.testmainCache == nil {
		c, err := work.OpenCache(ctx, r.inv)
		if err != nil {
			return err
		}
		r.testmainCache = c
	}
	data := *pmain.Internal.TestmainGo
	hr := cache.NewHasher(cache.HasherConfig{Salt: cache.Salt(r.inv.Env.GOVERSION())})
	h := hr.NewHash("testmain")
	h.Write([]byte("testmain\n"))
	h.Write(data)
	file, err := r.testmainCache.Put(h.Sum(), bytes.NewReader(data))
	if err != nil {
		return err
	}
	pmain.GoFiles = []string{file}
	return nil
}
