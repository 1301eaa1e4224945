package list

import (
	"context"
	"strings"

	"gocmd/internal/cmd/list/modinfo"
	"gocmd/internal/modload"
)

// listModules implements 'go list -m'.
func (r *run) listModules(ctx context.Context, args []string) error {
	for _, c := range []struct {
		set  bool
		name string
	}{
		{r.compiled, "-compiled"},
		{r.deps, "-deps"},
		{r.export, "-export"},
		{r.find, "-find"},
		{r.test, "-test"},
	} {
		if c.set {
			return r.rep.fatalf("go list %s cannot be used with -m", c.name)
		}
	}
	if r.mods.Mode() == modload.GOPATHMode {
		return r.rep.fatalf("go: list -m cannot be used with GO111MODULE=off")
	}
	if r.vendoring() {
		const disabled = "go: can't %s using the vendor directory\n\t(Use -mod=mod or -mod=readonly to bypass.)"
		if r.versions {
			return r.rep.fatalf(disabled, "determine available versions")
		}
		if r.u {
			return r.rep.fatalf(disabled, "determine available upgrades")
		}
		for _, arg := range args {
			if arg == "all" {
				return r.rep.fatalf(disabled, "compute 'all'")
			}
			if strings.Contains(arg, "...") {
				return r.rep.fatalf(disabled, "match module patterns")
			}
		}
	}
	if r.reuse != "" && len(args) == 0 {
		return r.rep.fatalf("go: list -m -reuse only has an effect with module@version arguments")
	}

	mods, err := r.mods.ListModules(ctx, args, modload.ListOptions{
		Update:    r.u,
		Versions:  r.versions,
		Retracted: r.retracted,
		Errors:    r.e,
		Reuse:     r.reuse,
	})
	if !r.e {
		for _, m := range mods {
			if m.Error != nil {
				r.rep.errorf("%s", goPrefixed(m.Error.Err))
			}
		}
		if err != nil {
			r.rep.error(err)
		}
		if err := r.rep.exitIfErrors(); err != nil {
			return err
		}
	}
	for _, m := range mods {
		if err := r.pr.print((*modinfo.ModulePublic)(m)); err != nil {
			return r.rep.fatalf("%s", err)
		}
	}
	return r.rep.exitIfErrors()
}

// goPrefixed returns msg with the "go: " prefix of go's error lines.
func goPrefixed(msg string) string {
	if strings.HasPrefix(msg, "go: ") {
		return msg
	}
	return "go: " + msg
}
