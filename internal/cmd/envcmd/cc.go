package envcmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/str"
)

// compilerVars computes the C compiler settings 'go env' shows:
// CGO_CFLAGS and friends, PKG_CONFIG and GOGCCFLAGS. Like go, it makes a
// build work directory and asks the C compiler which flags it accepts,
// showing those commands for -n and -x.
func compilerVars(ctx context.Context, inv *base.Invocation, bf *base.BuildFlags) ([]env.Var, error) {
	e := inv.Env
	if err := e.CheckCompilerVars(); err != nil {
		fmt.Fprint(inv.Stderr, strings.TrimSuffix(err.Error(), "\n")+"\n")
		return nil, base.Exit(1)
	}
	workDir := "$WORK"
	if !bf.N {
		dir, err := os.MkdirTemp(e.Get("GOTMPDIR"), "go-build")
		if err != nil {
			return nil, fmt.Errorf("go: creating work dir: %v", err)
		}
		defer os.RemoveAll(dir)
		if !filepath.IsAbs(dir) {
			abs, err := filepath.Abs(dir)
			if err != nil {
				return nil, fmt.Errorf("go: creating work dir: %v", err)
			}
			dir = abs
		}
		workDir = dir
		if bf.X {
			fmt.Fprintf(inv.Stderr, "WORK=%s\n", dir)
		}
	}
	if err := env.CheckPort(e.GOOS(), e.GOARCH()); err != nil {
		fmt.Fprintf(inv.Stderr, "go: %v\n", err)
		return nil, base.Exit(2)
	}
	cf, err := e.CgoFlags()
	if err != nil {
		return nil, fmt.Errorf("go: %v", err)
	}
	cc, err := e.CC()
	if err != nil {
		return nil, fmt.Errorf("go: %v", err)
	}
	if !bf.N && len(cc) > 0 {
		// go keeps the answers of the C compiler in the build cache and
		// so needs one whenever the compiler can be found.
		if _, err := e.LookPath(cc[0]); err == nil {
			if err := requireCache(e); err != nil {
				return nil, err
			}
		}
	}
	sh := &showShell{w: inv.Stderr, workDir: workDir}
	probe := func(compiler []string, flag string) bool {
		args := e.ProbeArgs(compiler, flag)
		if bf.N {
			sh.show(args)
			return false
		}
		if bf.X {
			sh.show(args)
		}
		return e.ProbeFlag(ctx, args, workDir)
	}
	cmd := e.CompilerCmd(cc, ".", workDir, probe)

	vars := []env.Var{
		{Name: "CGO_CFLAGS", Value: join(cf.CFLAGS)},
		{Name: "CGO_CPPFLAGS", Value: join(cf.CPPFLAGS)},
		{Name: "CGO_CXXFLAGS", Value: join(cf.CXXFLAGS)},
		{Name: "CGO_FFLAGS", Value: join(cf.FFLAGS)},
		{Name: "CGO_LDFLAGS", Value: join(cf.LDFLAGS)},
		{Name: "PKG_CONFIG", Value: e.PkgConfig()},
		{Name: "GOGCCFLAGS", Value: join(cmd[3:])},
	}
	for i := range vars {
		v := &vars[i]
		switch v.Name {
		case "CGO_CPPFLAGS":
			v.Changed = v.Value != ""
		case "PKG_CONFIG":
			v.Changed = v.Value != env.DefaultPkgConfig
		case "CGO_CFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS":
			v.Changed = v.Value != env.DefaultCFlags
		}
	}
	return vars, nil
}

// requireCache returns go's error for a missing or disabled build cache.
func requireCache(e *env.Env) error {
	dir, err := e.GOCACHE()
	if err != nil {
		return fmt.Errorf("build cache is required, but could not be located: %v", err)
	}
	if dir == "off" {
		return fmt.Errorf("build cache is disabled by GOCACHE=off, but required as of Go 1.12")
	}
	return nil
}

// join quotes and joins words as go prints flag lists.
func join(args []string) string {
	s, err := str.JoinQuotedFields(args)
	if err != nil {
		return strings.Join(args, " ")
	}
	return s
}

// showShell prints commands for -n and -x the way go's build shell does:
// a "cd" into the work directory first, and $WORK for its path.
type showShell struct {
	w       io.Writer
	workDir string
	inDir   bool
}

func (s *showShell) show(args []string) {
	if !s.inDir {
		fmt.Fprintf(s.w, "%s\n", s.hideWork("cd "+s.workDir))
		s.inDir = true
	}
	fmt.Fprintf(s.w, "%s\n", s.hideWork(str.JoinUnambiguously(args)+" || true"))
}

func (s *showShell) hideWork(cmd string) string {
	if s.workDir == "" {
		return cmd
	}
	cmd = strings.ReplaceAll(cmd, s.workDir, "$WORK")
	if q := strconv.Quote(s.workDir); q[1:len(q)-1] != s.workDir {
		cmd = strings.ReplaceAll(cmd, q[1:len(q)-1], "$WORK")
	}
	return cmd
}
