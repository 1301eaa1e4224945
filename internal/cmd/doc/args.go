package doc

import (
	"bytes"
	"errors"
	"fmt"
	"go/build"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"gocmd/internal/base"
)

// errUsage asks for go doc's usage message and exit status 2.
var errUsage = errors.New("usage")

// docer is one run of go doc.
type docer struct {
	inv  *base.Invocation
	f    *Flags
	w    writer
	wd   string
	ctxt build.Context
	// goroot is the GOROOT searched for packages and whose go command
	// answers questions about modules.
	goroot string
	dirs   *dirs
	roots  []dirEntry // code roots, computed once
	// usingModules is set when 'go env GOMOD' names a go.mod (or
	// /dev/null).
	usingModules bool
	rootsDone    bool
	// unexported is -u, forced on for package builtin.
	unexported bool
}

// writer is where documentation goes.
type writer interface{ Write([]byte) (int, error) }

func newDocer(inv *base.Invocation, f *Flags) (*docer, error) {
	wd := inv.Dir
	if f.C != "" {
		dir := f.C
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(wd, dir)
		}
		if fi, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("chdir %s: %v", f.C, unwrapPathErr(err))
		} else if !fi.IsDir() {
			return nil, fmt.Errorf("chdir %s: not a directory", f.C)
		}
		wd = dir
	}
	// Packages are found with go/build's default context, whose GOROOT
	// is only an explicit $GOROOT (release toolchains have no built-in
	// one): without it, standard packages are found by the directory
	// walk below instead, as with go.
	ctxt := build.Default
	ctxt.GOROOT = inv.Env.OSGetenv("GOROOT")
	ctxt.GOPATH = inv.Env.GOPATH()
	ctxt.GOOS = inv.Env.GOOS()
	ctxt.GOARCH = inv.Env.GOARCH()
	ctxt.CgoEnabled = inv.Env.CgoEnabled()
	ctxt.Dir = wd
	d := &docer{inv: inv, f: f, w: inv.Stdout, wd: wd, ctxt: ctxt, unexported: f.U}
	d.goroot = ctxt.GOROOT
	if d.goroot == "" {
		d.goroot = inv.Env.GOROOT()
	}
	if d.goroot == "" {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) && len(ee.Stderr) > 0 {
				return nil, fmt.Errorf("failed to determine GOROOT: $GOROOT is not set and 'go env GOROOT' failed:\n%s", ee.Stderr)
			}
			return nil, fmt.Errorf("failed to determine GOROOT: $GOROOT is not set and could not run 'go env GOROOT':\n\t%s", err)
		}
		d.goroot = string(bytes.TrimSpace(out))
	}
	d.dirs = &dirs{d: d}
	return d, nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// do prints the documentation args ask for.
func (d *docer) do(args []string) error {
	if d.f.HTTP {
		if done, err := d.httpStart(args); done {
			return err
		}
		// Find the symbol to open its page, printing nothing.
		d.w = io.Discard
	}
	var pkgs []*docPackage
	defer func() {
		// Output is buffered per package and written at the end, the
		// latest package first, as go does.
		for i := len(pkgs) - 1; i >= 0; i-- {
			pkgs[i].flush()
		}
	}()
	// Like go, work out the code roots up front (their queries may
	// print to stderr).
	d.codeRoots()
	var paths []string
	var symbol, method string
	d.dirs.reset()
	for i := 0; ; i++ {
		bp, userPath, sym, more, err := d.parseArgs(args)
		if err != nil {
			return err
		}
		if i > 0 && !more {
			return failMessage(paths, symbol, method)
		}
		if bp == nil {
			return fmt.Errorf("no such package: %s", userPath)
		}
		// Package builtin's symbols are lower case but always shown.
		if bp.ImportPath == "builtin" {
			d.unexported = true
		}
		symbol, method, err = parseSymbol(sym)
		if err != nil {
			return err
		}
		pkg, err := d.parsePackage(bp, userPath)
		if err != nil {
			return err
		}
		pkgs = append(pkgs, pkg)
		paths = append(paths, pkg.prettyPath())

		found := false
		switch {
		case symbol == "":
			pkg.packageDoc()
			found = true
		case method == "":
			found, err = pkg.symbolDoc(symbol)
		default:
			found, err = pkg.printMethodDoc(symbol, method)
			if err == nil && !found {
				found, err = pkg.printFieldDoc(symbol, method)
			}
		}
		if err != nil {
			return err
		}
		if found {
			if d.f.HTTP {
				path, fragment, err := d.objectPath(userPath, pkg, symbol, method)
				if err != nil {
					return err
				}
				return d.pkgsite(path, fragment)
			}
			return nil
		}
	}
}

// failMessage reports that nothing matched in the packages tried.
func failMessage(paths []string, symbol, method string) error {
	s := ""
	if len(paths) > 1 {
		s = "s"
	}
	list := strings.Join(paths, ", ")
	if method == "" {
		return fmt.Errorf("no symbol %s in package%s %s", symbol, s, list)
	}
	return fmt.Errorf("no method or field %s.%s in package%s %s", symbol, method, s, list)
}

// importPath finds a package by import path as go/build does.
func (d *docer) importPath(p string) (*build.Package, error) {
	return d.ctxt.Import(p, d.wd, build.ImportComment)
}

// importDir reads the package in dir.
func (d *docer) importDir(dir string) (*build.Package, error) {
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(d.wd, dir)
	}
	return d.ctxt.ImportDir(dir, build.ImportComment)
}

// importDot reads the package of the working directory named ".", as
// go does for a symbol of the current package: its Dir stays ".".
func (d *docer) importDot() (*build.Package, error) {
	c := d.ctxt
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(d.wd, p)
	}
	c.IsDir = func(p string) bool {
		fi, err := os.Stat(abs(p))
		return err == nil && fi.IsDir()
	}
	c.ReadDir = func(p string) ([]fs.FileInfo, error) {
		entries, err := os.ReadDir(abs(p))
		var infos []fs.FileInfo
		for _, e := range entries {
			if fi, err := e.Info(); err == nil {
				infos = append(infos, fi)
			}
		}
		return infos, err
	}
	c.OpenFile = func(p string) (io.ReadCloser, error) { return os.Open(abs(p)) }
	return c.ImportDir(".", build.ImportComment)
}

// parseArgs works out from the arguments the package, the part of the
// argument naming it ("" for the current directory), the symbol (maybe
// with .method), and whether further directories might match a partial
// package path.
func (d *docer) parseArgs(args []string) (pkg *build.Package, userPath, symbol string, more bool, err error) {
	wd := d.wd
	if len(args) == 0 {
		pkg, err := d.importDir(wd)
		return pkg, "", "", false, err
	}
	arg := args[0]
	if isDotSlash(arg) {
		arg = filepath.Join(wd, arg)
	}
	switch len(args) {
	default:
		return nil, "", "", false, errUsage
	case 1:
	case 2:
		if pkg, err := d.importPath(args[0]); err == nil {
			return pkg, args[0], args[1], false, nil
		}
		for {
			dir, ok := d.findNextPackage(arg)
			if !ok {
				break
			}
			if pkg, err := d.importDir(dir); err == nil {
				return pkg, arg, args[1], true, nil
			}
		}
		return nil, args[0], args[1], false, nil
	}

	// One argument: a full package path (or directory) first.
	var importErr error
	if filepath.IsAbs(arg) {
		pkg, importErr = d.importDir(arg)
	} else {
		pkg, importErr = d.importPath(arg)
	}
	if importErr == nil {
		return pkg, arg, "", false, nil
	}
	// An upper-case word can only be a symbol of the current package.
	if !strings.ContainsAny(arg, `/\`) && token.IsExported(arg) {
		if pkg, err := d.importDot(); err == nil {
			return pkg, "", arg, false, nil
		}
	}
	// Split at each period after the last slash: package path (or its
	// tail) before, symbol after.
	slash := strings.LastIndex(arg, "/")
	var period int
	for start := slash + 1; start < len(arg); start = period + 1 {
		period = strings.Index(arg[start:], ".")
		sym := ""
		if period < 0 {
			period = len(arg)
		} else {
			period += start
			sym = arg[period+1:]
		}
		if pkg, err := d.importPath(arg[:period]); err == nil {
			return pkg, arg[:period], sym, false, nil
		}
		for {
			dir, ok := d.findNextPackage(arg[:period])
			if !ok {
				break
			}
			if pkg, err := d.importDir(dir); err == nil {
				return pkg, arg[:period], sym, true, nil
			}
		}
		d.dirs.reset()
	}
	if slash >= 0 {
		msg := importErr.Error()
		if strings.Contains(msg, arg[:period]) {
			return nil, "", "", false, errors.New(msg)
		}
		return nil, "", "", false, fmt.Errorf("no such package %s: %s", arg[:period], msg)
	}
	pkg, err = d.importDir(wd)
	return pkg, "", arg, false, err
}

// isDotSlash reports whether arg is . or .. or starts with ./ or ../
// (either slash).
func isDotSlash(arg string) bool {
	if arg == "." || arg == ".." {
		return true
	}
	for _, p := range []string{"./", "../", `.\`, `..\`} {
		if strings.HasPrefix(arg, p) {
			return true
		}
	}
	return false
}

// parseSymbol splits "sym.method".
func parseSymbol(s string) (symbol, method string, err error) {
	if s == "" {
		return "", "", nil
	}
	elem := strings.Split(s, ".")
	switch len(elem) {
	case 1:
	case 2:
		method = elem[1]
	default:
		return "", "", errTooManyPeriods
	}
	return elem[0], method, nil
}

// errTooManyPeriods prints its message, then the usage.
var errTooManyPeriods = errors.New("too many periods in symbol specification")

// isExported reports whether name is to be shown: exported, or -u.
func (d *docer) isExported(name string) bool {
	return d.unexported || token.IsExported(name)
}

// findNextPackage returns the next directory whose import path is pkg or
// ends in /pkg.
func (d *docer) findNextPackage(pkg string) (string, bool) {
	if filepath.IsAbs(pkg) {
		if d.dirs.offset == 0 {
			d.dirs.offset = -1
			return pkg, true
		}
		return "", false
	}
	if pkg == "" || token.IsExported(pkg) {
		return "", false
	}
	pkg = path.Clean(pkg)
	suffix := "/" + pkg
	for {
		e, ok := d.dirs.next()
		if !ok {
			return "", false
		}
		if e.importPath == pkg || strings.HasSuffix(e.importPath, suffix) {
			return e.dir, true
		}
	}
}
