package work

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"path/filepath"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modload"
	"gocmd/internal/toolchain"
)

// SwitchForVersionedArg runs, before the flags of 'go install' or 'go
// run' are parsed, the toolchain check of a pkg@version argument: the
// module providing it may need a newer Go, whose go command may also
// know flags this one does not. It scans args (the command's arguments)
// on a best-effort basis for that argument and for -modcacherw (which
// decides how the module is unpacked), downloads the module, and
// switches toolchains if its go line asks for a newer one. It returns
// nil when the command should go on as usual.
func SwitchForVersionedArg(ctx context.Context, inv *base.Invocation, fs *flag.FlagSet, cmdName string, args []string) error {
	if len(args) == 0 || !toolchain.CanSwitch(inv.Env, inv.Dir) {
		return nil
	}
	arg, rw, rwSeen := scanVersionedArg(fs, cmdName, args)
	if !strings.Contains(arg, "@") || build.IsLocalImport(arg) || filepath.IsAbs(arg) {
		return nil
	}
	path, vers, _ := strings.Cut(arg, "@")
	if vers != "" && (vers[0] == '-' || vers[0] == '/') {
		return fmt.Errorf("go: invalid module version %q", vers)
	}
	if path == "" || vers == "" || gover.IsToolchain(path) {
		return nil
	}
	if !rwSeen {
		rw = goflagsModCacheRW(inv.Env.Get("GOFLAGS"), rw)
	}
	ms, err := modload.Init(ctx, modload.Config{
		Env:          inv.Env,
		Dir:          inv.Dir,
		Flags:        &base.BuildFlags{ModCacheRW: rw},
		CmdName:      cmdName,
		NoRoot:       true,
		ForceModules: true,
		Warn:         func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	})
	if err != nil {
		return nil
	}
	_, err = ms.QueryInstallModule(ctx, path, vers)
	var tooNew *gover.TooNewError
	if !errors.As(err, &tooNew) {
		return nil
	}
	sw := toolchain.NewSwitcher(inv)
	sw.Error(err)
	serr := sw.SwitchOnly(ctx)
	var ee *base.ExitError
	var xe *toolchain.ExecError
	if serr == nil || errors.As(serr, &ee) || errors.As(serr, &xe) {
		return serr
	}
	// go reports this failure with its log prefix on top of the
	// errors' own "go: ".
	return fmt.Errorf("go: go: %v\ngo: %v", err, serr)
}

// scanVersionedArg finds the package argument among the command's
// arguments without knowing all flags: flags of fs taking a value skip
// it; after an unknown flag, 'go run' gives up (its program arguments
// follow) and 'go install' takes the last argument, unless a
// -modcacherw flag is still to come.
func scanVersionedArg(fs *flag.FlagSet, cmdName string, args []string) (arg string, rw, rwSeen bool) {
	for len(args) > 0 {
		a := args[0]
		args = args[1:]
		if a == "--" {
			if len(args) == 0 {
				return "", rw, rwSeen
			}
			return args[0], rw, rwSeen
		}
		name, ok := strings.CutPrefix(a, "-")
		if !ok {
			return a, rw, rwSeen
		}
		name = strings.TrimPrefix(name, "-")
		name, val, hasEq := strings.Cut(name, "=")
		if name == "modcacherw" {
			if !hasEq {
				val = "true"
			}
			b, err := parseBool(val)
			if err != nil {
				return "", rw, rwSeen
			}
			rw, rwSeen = b, true
			continue
		}
		if hasEq {
			continue
		}
		f := fs.Lookup(name)
		if f == nil && name != "exec" {
			if cmdName == "run" {
				return "", rw, rwSeen
			}
			for len(args) > 0 {
				n, _, _ := strings.Cut(args[0], "=")
				if n == "-modcacherw" || n == "--modcacherw" {
					break
				}
				if len(args) == 1 && !strings.HasPrefix(args[0], "-") {
					arg = args[0]
				}
				args = args[1:]
			}
			continue
		}
		if f != nil {
			if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				continue
			}
		}
		if len(args) > 0 {
			args = args[1:]
		}
	}
	return arg, rw, rwSeen
}

// goflagsModCacheRW returns the -modcacherw setting of $GOFLAGS, or def.
func goflagsModCacheRW(goflags string, def bool) bool {
	for _, w := range strings.Fields(goflags) {
		name, val, hasEq := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(w, "-"), "-"), "=")
		if name != "modcacherw" {
			continue
		}
		if !hasEq {
			val = "true"
		}
		if b, err := parseBool(val); err == nil {
			def = b
		}
	}
	return def
}

func parseBool(s string) (bool, error) {
	switch s {
	case "1", "t", "T", "true", "TRUE", "True":
		return true, nil
	case "0", "f", "F", "false", "FALSE", "False":
		return false, nil
	}
	return false, errors.New("parse error")
}
