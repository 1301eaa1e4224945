// Package envcmd implements 'go env': printing the configuration as a
// shell script or JSON, and changing the user's go env file (-w, -u).
package envcmd

import (
	"context"
	"fmt"
	"os"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/modload"
)

// flags are the command line flags of 'go env'.
type flags struct {
	json, unset, write, changed bool
	bf                          base.BuildFlags // -n and -x
}

// New returns the 'go env' command.
func New() *base.Command {
	f := &flags{}
	cmd := &base.Command{
		UsageLine: "go env [-json] [-changed] [-u] [-w] [var ...]",
		Short:     "print Go environment information",
		Long:      "",
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddBuildFlagsNX(fs, &f.bf)
	fs.BoolVar(&f.json, "json", false, "")
	fs.BoolVar(&f.unset, "u", false, "")
	fs.BoolVar(&f.write, "w", false, "")
	fs.BoolVar(&f.changed, "changed", false, "")
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

func run(ctx context.Context, inv *base.Invocation, f *flags, args []string) error {
	switch {
	case f.json && f.unset:
		return fmt.Errorf("go: cannot use -json with -u")
	case f.json && f.write:
		return fmt.Errorf("go: cannot use -json with -w")
	case f.unset && f.write:
		return fmt.Errorf("go: cannot use -u with -w")
	}
	// -w and -u come before the configuration checks, so that they can
	// repair a bad configuration.
	if f.write {
		return runWrite(inv, args)
	}
	if f.unset {
		return runUnset(inv, args)
	}

	e := inv.Env
	if err := e.BuildcfgError(); err != nil {
		fmt.Fprintf(inv.Stderr, "go: %v\n", err)
		return base.Exit(2)
	}
	if err := e.ExperimentError(); err != nil {
		return fmt.Errorf("go: %v", err)
	}
	for _, arg := range args {
		if strings.Contains(arg, "=") {
			return fmt.Errorf("go: invalid variable name %q (use -w to set variable)", arg)
		}
	}

	if err := modload.CheckFIPS(e, nil, false); err != nil {
		return err
	}
	vars := e.Vars()
	mod := e.Module()
	for _, w := range mod.Warnings {
		fmt.Fprintln(inv.Stderr, w)
	}
	if mod.Err != nil {
		return mod.Err
	}
	vars = append(vars, env.Var{Name: "GOMOD", Value: mod.GOMOD}, env.Var{Name: "GOWORK", Value: mod.GOWORK})

	if needCompilerVars(args) {
		cv, err := compilerVars(ctx, inv, &f.bf)
		if err != nil {
			return err
		}
		vars = append(vars, cv...)
	}

	if len(args) > 0 {
		if !f.changed {
			if !f.json {
				for _, name := range args {
					fmt.Fprintf(inv.Stdout, "%s\n", lookup(e, vars, name))
				}
				return nil
			}
			named := make([]env.Var, 0, len(args))
			for _, name := range args {
				named = append(named, env.Var{Name: name, Value: lookup(e, vars, name)})
			}
			vars = named
		} else {
			var named []env.Var
			for _, name := range args {
				for _, v := range vars {
					if v.Name == name {
						named = append(named, v)
						break
					}
				}
			}
			vars = named
		}
	}
	if f.json {
		return printJSON(inv.Stdout, vars, f.changed)
	}
	return printScript(inv, vars, f.changed)
}

// lookup returns the value 'go env NAME' prints for name.
func lookup(e *env.Env, vars []env.Var, name string) string {
	for _, v := range vars {
		if v.Name == name {
			return v.Value
		}
	}
	if e.CanGet(name) {
		return e.Get(name)
	}
	return ""
}

// needCompilerVars reports whether the (costly) C compiler settings must
// be computed: for all variables, or when one of them is named.
func needCompilerVars(args []string) bool {
	if len(args) == 0 {
		return true
	}
	for _, arg := range args {
		name, _, _ := strings.Cut(arg, "=")
		switch name {
		case "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS", "PKG_CONFIG", "GOGCCFLAGS":
			return true
		}
	}
	return false
}

// origEnv returns a variable of the process environment.
func origEnv(inv *base.Invocation, key string) string {
	if inv.Env != nil {
		return inv.Env.OSGetenv(key)
	}
	return os.Getenv(key)
}
