package modcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/fsys"
	"gocmd/internal/gover"
	"gocmd/internal/modload"
)

func newInit() *base.Command {
	f := new(ModFlags)
	cmd := &base.Command{
		UsageLine: "go mod init [module-path]",
		Short:     "initialize new module in current directory",
		Long:      helpInit,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, f)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runInit(ctx, inv, f, args)
	}
	return cmd
}

func runInit(ctx context.Context, inv *base.Invocation, f *ModFlags, args []string) error {
	if len(args) > 1 {
		return errors.New("go: 'go mod init' accepts at most one argument")
	}
	if err := modload.CheckFIPS(inv.Env, nil, false); err != nil {
		return err
	}
	var modPath string
	if len(args) == 1 {
		modPath = args[0]
	}

	// The new module is rooted in the working directory: the module
	// loader's setup runs, but no go.mod is looked for.
	switch v := inv.Env.Get("GO111MODULE"); v {
	case "", "on", "auto":
	case "off":
		return errors.New("go: modules disabled by GO111MODULE=off; see 'go help modules'")
	default:
		return fmt.Errorf("go: unknown environment setting GO111MODULE=%s", v)
	}
	overlay, err := fsys.LoadOverlay(f.Overlay, inv.Dir)
	if err != nil {
		return fmt.Errorf("go: %v", err)
	}
	if f.ModFile != "" && !strings.HasSuffix(f.ModFile, ".mod") {
		return fmt.Errorf("go: -modfile=%s: file does not have .mod extension", f.ModFile)
	}
	if gopath := firstGOPATH(inv); gopath != "" {
		if fi, err := os.Stat(filepath.Join(gopath, "go.mod")); err == nil && !fi.IsDir() {
			fmt.Fprintf(inv.Stderr, "go: warning: ignoring go.mod in $GOPATH %v\n", gopath)
		}
	}

	modRoot := inv.Dir
	gomod := modFilePath(f, modRoot)
	if _, err := overlay.Stat(absPath(inv.Dir, gomod)); err == nil {
		return fmt.Errorf("go: %s already exists", gomod)
	}

	if modPath == "" {
		modPath, err = inferModulePath(inv, modRoot)
		if err != nil {
			return err
		}
	} else if err := checkNewModulePath(modPath); err != nil {
		return err
	}

	fmt.Fprintf(inv.Stderr, "go: creating new go.mod: module %s\n", modPath)
	file := new(modfile.File)
	file.AddModuleStmt(modPath)
	if err := file.AddGoStmt(gover.Local(inv.Env.GOROOT())); err != nil {
		return fmt.Errorf("go: internal error: %v", err)
	}
	out, err := file.Format()
	if err != nil {
		return fmt.Errorf("go: %v", err)
	}
	if unlock, err := sideLock(inv); err == nil {
		defer unlock()
	}
	if err := os.WriteFile(absPath(inv.Dir, gomod), out, 0o666); err != nil {
		return fmt.Errorf("go: %v", relPathError(err, gomod))
	}

	// An existing project (Go files or subdirectories) surely needs
	// requirements and sums: say how to add them.
	entries, _ := os.ReadDir(modRoot)
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if strings.HasSuffix(name, ".go") || e.IsDir() {
			fmt.Fprintf(inv.Stderr, "go: to add module requirements and sums:\n\tgo mod tidy\n")
			break
		}
	}
	return nil
}

// checkNewModulePath checks a module path given to 'go mod init'.
func checkNewModulePath(modPath string) error {
	if err := module.CheckImportPath(modPath); err != nil {
		var pe *module.InvalidPathError
		if errors.As(err, &pe) {
			pe.Kind = "module"
			p := pe.Path
			if p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
				pe.Err = errors.New("is a local import path")
			}
		}
		return fmt.Errorf("go: %v", err)
	}
	if gover.IsToolchain(modPath) {
		return fmt.Errorf(`go: invalid module path %q: `, modPath)
	}
	if _, _, ok := module.SplitPathVersion(modPath); !ok {
		if strings.HasPrefix(modPath, "gopkg.in/") {
			return fmt.Errorf("go: invalid module path %q: module paths beginning with gopkg.in/ must always have a major version suffix in the form of .vN:\n\tgo mod init %s", modPath, suggestGopkgIn(modPath))
		}
		return fmt.Errorf("go: invalid module path %q: major version suffixes must be in the form of /vN and are only allowed for v2 or later:\n\tgo mod init %s", modPath, suggestMajorPath(modPath))
	}
	return nil
}

// trailingVersion splits path before its trailing run of digits and
// dots.
func trailingVersion(p string) (prefix, digits string) {
	i := len(p)
	for i > 0 && (p[i-1] >= '0' && p[i-1] <= '9' || p[i-1] == '.') {
		i--
	}
	return p[:i], p[i:]
}

// firstNumber returns the first run of digits in s, without leading zeros.
func firstNumber(s string) string {
	fields := strings.FieldsFunc(s, func(c rune) bool { return c < '0' || c > '9' })
	if len(fields) == 0 {
		return ""
	}
	return strings.TrimLeft(fields[0], "0")
}

// suggestMajorPath proposes a module path with a valid /vN suffix.
func suggestMajorPath(p string) string {
	prefix, digits := trailingVersion(p)
	prefix = strings.TrimSuffix(strings.TrimSuffix(prefix, "/v"), "/")
	m := firstNumber(digits)
	if m == "" || m == "1" {
		return prefix + "/v2"
	}
	return prefix + "/v" + m
}

// suggestGopkgIn proposes a gopkg.in path with a .vN suffix.
func suggestGopkgIn(p string) string {
	prefix, _ := trailingVersion(p)
	prefix = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(prefix, ".v"), "/v"), "/")
	m := firstNumber(p)
	if m == "" {
		return prefix + ".v1"
	}
	return prefix + ".v" + m
}

// importCommentRE matches a package clause with an import comment.
var importCommentRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^package[ \t]+[^ \t\r\n/]+[ \t]+//[ \t]+import[ \t]+("[^"]+")[ \t]*\r?\n`)
})

func importComment(file string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	m := importCommentRE().FindSubmatch(data)
	if m == nil {
		return ""
	}
	p, err := strconv.Unquote(string(m[1]))
	if err != nil {
		return ""
	}
	return p
}

// inferModulePath guesses the module path of dir: from an import
// comment in its Go files (or those of its subdirectories), or from its
// place below a GOPATH src directory.
func inferModulePath(inv *base.Invocation, dir string) (string, error) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go") {
			if c := importComment(filepath.Join(dir, e.Name())); c != "" {
				return c, nil
			}
		}
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub, _ := os.ReadDir(filepath.Join(dir, e.Name()))
		for _, e2 := range sub {
			if e2.Type().IsRegular() && strings.HasSuffix(e2.Name(), ".go") {
				if c := importComment(filepath.Join(dir, e.Name(), e2.Name())); c != "" {
					return path.Dir(c), nil
				}
			}
		}
	}

	var badPath error
	for _, gp := range filepath.SplitList(inv.Env.GOPATH()) {
		if gp == "" {
			continue
		}
		if rel := relInDir(dir, filepath.Join(gp, "src")); rel != "" && rel != "." {
			p := filepath.ToSlash(rel)
			if err := module.CheckImportPath(p); err != nil {
				badPath = err
				break
			}
			return p, nil
		}
	}
	reason := "outside GOPATH, module path must be specified"
	if badPath != nil {
		reason = fmt.Sprintf("bad module path inferred from directory in GOPATH: %v", badPath)
	}
	return "", fmt.Errorf("go: cannot determine module path for source directory %s (%s)\n\n"+
		"Example usage:\n"+
		"\t'go mod init example.com/m' to initialize a v0 or v1 module\n"+
		"\t'go mod init example.com/m/v2' to initialize a v2 module\n\n"+
		"Run 'go help mod init' for more information.", dir, reason)
}

// relInDir returns path relative to dir if path is dir or below it
// (comparing also with symbolic links resolved), else "".
func relInDir(p, dir string) string {
	if rel := relIfInside(p, dir); rel != "" {
		return rel
	}
	rp, err1 := filepath.EvalSymlinks(p)
	rd, err2 := filepath.EvalSymlinks(dir)
	if err1 == nil && err2 == nil {
		if rel := relIfInside(rp, rd); rel != "" {
			return rel
		}
		if rel := relIfInside(p, rd); rel != "" {
			return rel
		}
		return relIfInside(rp, dir)
	}
	return ""
}

func relIfInside(p, dir string) string {
	p, dir = filepath.Clean(p), filepath.Clean(dir)
	if p == dir {
		return "."
	}
	prefix := dir
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	if strings.HasPrefix(p, prefix) {
		return p[len(prefix):]
	}
	return ""
}
