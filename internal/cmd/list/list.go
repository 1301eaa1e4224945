// Package list implements 'go list': it prints the packages named by
// patterns (or, with -m, modules) through a text/template or as JSON,
// optionally with their dependencies (-deps) and test variants (-test).
package list

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/template"

	"gocmd/internal/base"
	"gocmd/internal/cmd/list/modinfo"
	pkgload "gocmd/internal/load"
	"gocmd/internal/modload"
	"gocmd/internal/wire"
	"gocmd/internal/work"
)

// flags are the settings of one 'go list' run.
type flags struct {
	build base.BuildFlags

	compiled  bool
	deps      bool
	e         bool
	export    bool
	find      bool
	m         bool
	retracted bool
	test      bool
	u         bool
	versions  bool
	format    string
	reuse     string
	json      jsonFlag
}

// New returns the 'go list' command.
func New() *base.Command {
	f := &flags{}
	cmd := &base.Command{
		UsageLine: "go list [-f format] [-json] [-m] [list flags] [build flags] [packages]",
		Short:     "list packages or modules",
		Long:      longHelp,
	}
	fs := cmd.FlagSet()
	// list has its own -json, so the build flags' one is left out.
	base.AddBuildFlags(fs, &f.build, base.OmitJSONFlag)
	base.AddCoverFlags(fs, &f.build, nil)
	fs.Var(&f.json, "json", "")
	fs.BoolVar(&f.compiled, "compiled", false, "")
	fs.BoolVar(&f.deps, "deps", false, "")
	fs.BoolVar(&f.e, "e", false, "")
	fs.BoolVar(&f.export, "export", false, "")
	fs.StringVar(&f.format, "f", "", "")
	fs.BoolVar(&f.find, "find", false, "")
	fs.BoolVar(&f.m, "m", false, "")
	fs.BoolVar(&f.retracted, "retracted", false, "")
	fs.StringVar(&f.reuse, "reuse", "", "")
	fs.BoolVar(&f.test, "test", false, "")
	fs.BoolVar(&f.u, "u", false, "")
	fs.BoolVar(&f.versions, "versions", false, "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		r := &run{flags: f, inv: inv, rep: &reporter{w: inv.Stderr}}
		return r.main(ctx, args)
	}
	return cmd
}

// run is the state of one 'go list' invocation.
type run struct {
	*flags
	inv  *base.Invocation
	rep  *reporter
	mods *modload.State // nil until modules are initialized
	out  *trackingWriter
	// testmainCache holds the generated test mains of -test.
	testmainCache work.Cache
	pr            *printer
	// buildList holds the module paths of the build list, once the
	// template function "module" needs it.
	buildList map[string]bool
	// result, if not nil, is the output being computed for GOCACHE.
	result *listResult
}

func (r *run) main(ctx context.Context, args []string) (err error) {
	if r.format != "" && r.json.on {
		return r.rep.fatalf("go list -f cannot be used with -json")
	}
	if r.reuse != "" && !r.m {
		return r.rep.fatalf("go list -reuse cannot be used without -m")
	}
	if r.reuse != "" {
		if err := r.initModules(ctx); err != nil {
			return err
		}
		if r.mods.HasModRoot() {
			return r.rep.fatalf("go list -reuse cannot be used inside a module")
		}
	}

	// go checks the build flags before it parses the template (and
	// reads go.mod after).
	if err := pkgload.CheckBuildFlags(r.inv.Env, &r.build); err != nil {
		return r.rep.fatalCode(err)
	}

	if lr := r.newListResult(); lr != nil {
		if out, ok := lr.lookup(); ok {
			if _, err := r.inv.Stdout.Write(out); err != nil {
				return r.rep.fatal(err)
			}
			return nil
		}
		lr.watch(r)
		defer func() { lr.finish(err) }()
	}

	r.out = newTrackingWriter(r.inv.Stdout)
	defer func() {
		if ferr := r.out.Flush(); ferr != nil && err == nil {
			err = r.rep.fatal(ferr)
		}
	}()

	format := r.format
	if format == "" {
		switch {
		case r.m && r.versions:
			format = `{{.Path}}{{range .Versions}} {{.}}{{end}}{{if .Deprecated}} (deprecated){{end}}`
		case r.m:
			format = "{{.String}}"
		default:
			format = "{{.ImportPath}}"
		}
	}
	var cachedCtx *Context
	funcs := template.FuncMap{
		"join": strings.Join,
		"context": func() *Context {
			if r.result != nil {
				r.result.sawContext = true
			}
			if cachedCtx == nil {
				cachedCtx = newContext(r.inv.Env, &r.build)
			}
			return cachedCtx
		},
		"module": func(path string) *modinfo.ModulePublic { return r.moduleInfo(ctx, path) },
	}
	r.pr, err = newPrinter(r.out, &r.json, format, funcs)
	if err != nil {
		return r.rep.fatalf("%s", err)
	}

	if err := r.initModules(ctx); err != nil {
		return err
	}
	if r.retracted {
		// Only an explicit -mod=vendor counts here: go has not yet
		// read go.mod to find the default at this point.
		if r.build.Mod == "vendor" {
			return r.rep.fatalf("go list -retracted cannot be used when vendoring is enabled")
		}
		if r.mods.Mode() == modload.GOPATHMode {
			return r.rep.fatalf("go list -retracted can only be used in module-aware mode")
		}
	}
	if r.m {
		return r.listModules(ctx, args)
	}
	return r.listPackages(ctx, args)
}

// initModules determines the module configuration, once.
func (r *run) initModules(ctx context.Context) error {
	if r.mods != nil {
		return nil
	}
	ms, err := modload.Init(ctx, modload.Config{
		Env:                    r.inv.Env,
		Dir:                    r.inv.Dir,
		Flags:                  &r.build,
		GOFLAGS:                r.inv.GOFLAGS,
		AllowMissingMainModule: true,
		CmdName:                "list",
		Warn:                   func(msg string) { fmt.Fprintln(r.inv.Stderr, msg) },
		Observer:               r.result.observer(),
	})
	if err != nil {
		return r.rep.fatal(err)
	}
	r.mods = ms
	return nil
}

// vendoring reports whether packages come from the vendor directory.
func (r *run) vendoring() bool {
	return r.mods.BuildMod() == "vendor"
}

// moduleInfo implements the template function "module": a module of
// the build list by path, or the result of a path@version query.
//
// TODO: use a modload function with go's exact semantics once there is
// one; ListModules reports errors of queries with their own wording.
func (r *run) moduleInfo(ctx context.Context, path string) *modinfo.ModulePublic {
	if r.mods == nil || r.mods.Mode() == modload.GOPATHMode {
		return nil
	}
	if !strings.Contains(path, "@") {
		if r.buildList == nil {
			r.buildList = map[string]bool{}
			all, _ := r.mods.ListModules(ctx, []string{"all"}, modload.ListOptions{Errors: true})
			for _, m := range all {
				r.buildList[m.Path] = true
			}
		}
		if !r.buildList[path] {
			return &modinfo.ModulePublic{Path: path, Error: &wire.ModuleError{Err: "module not in current build"}}
		}
	}
	mods, err := r.mods.ListModules(ctx, []string{path}, modload.ListOptions{Errors: true})
	if len(mods) == 0 {
		msg := "module not in current build"
		if err != nil {
			msg = err.Error()
		}
		return &modinfo.ModulePublic{Path: path, Error: &wire.ModuleError{Err: msg}}
	}
	return (*modinfo.ModulePublic)(mods[0])
}

// reporter prints errors the way go does and remembers whether any was
// printed, which makes the exit status 1.
type reporter struct {
	w      io.Writer
	failed bool
}

// errorf prints a message as is.
func (r *reporter) errorf(format string, args ...any) {
	fmt.Fprintf(r.w, format+"\n", args...)
	r.failed = true
}

// error prints err with the "go: " prefix (unless it has one already),
// each part of a joined error on its own line.
func (r *reporter) error(err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			r.error(e)
		}
		return
	}
	msg := err.Error()
	var plain interface{ NoPrefix() }
	if !strings.HasPrefix(msg, "go: ") && !errors.As(err, &plain) {
		msg = "go: " + msg
	}
	r.errorf("%s", msg)
}

// fatalf prints a message and returns the error that ends the command
// with status 1.
func (r *reporter) fatalf(format string, args ...any) error {
	r.errorf(format, args...)
	return base.Exit(1)
}

// fatal is fatalf for an error, printed as error does.
func (r *reporter) fatal(err error) error {
	var ee *base.ExitError
	if errors.As(err, &ee) {
		return err
	}
	r.error(err)
	return base.Exit(1)
}

// fatalCode prints a *load.BuildFlagError as is and returns the exit
// error with its code.
func (r *reporter) fatalCode(err error) error {
	var fe *pkgload.BuildFlagError
	if !errors.As(err, &fe) {
		return r.fatal(err)
	}
	fmt.Fprint(r.w, strings.TrimSuffix(fe.Msg, "\n")+"\n")
	r.failed = true
	return base.Exit(fe.Code)
}

// exitIfErrors returns the exit error if anything was reported.
func (r *reporter) exitIfErrors() error {
	if r.failed {
		return base.Exit(1)
	}
	return nil
}
