package clean

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/load"
	"gocmd/internal/modload"
)

// Leftovers of Makefile-based builds that clean still removes.
var (
	oldDirs  = map[string]bool{"_test": true, "_obj": true}
	oldFiles = map[string]bool{"_testmain.go": true, "test.out": true, "build.out": true, "a.out": true}
	oldExts  = map[string]bool{".5": true, ".6": true, ".8": true, ".a": true, ".o": true, ".so": true}
)

// modules initializes (once) the module state of the invocation.
func (c *cleaner) modules(ctx context.Context) (*modload.State, error) {
	if c.mods != nil {
		return c.mods, nil
	}
	ms, err := modload.Init(ctx, load.ModulesConfig(c.inv, &c.f.BuildFlags, "clean"))
	if err != nil {
		return nil, err
	}
	c.mods = ms
	return ms, nil
}

// cleanPackages loads the packages named by args (with their
// dependencies) and cleans their directories.
func (c *cleaner) cleanPackages(ctx context.Context, args []string) error {
	ms, err := c.modules(ctx)
	if err != nil {
		return err
	}
	l := load.NewLoader(load.InvocationConfig(c.inv, &c.f.BuildFlags, ms))
	pkgs, err := l.LoadPackages(ctx, args)
	if err != nil {
		return err
	}
	for _, p := range pkgs {
		c.clean(l, p)
	}
	return nil
}

// clean removes the build outputs from p's directory (and, with -i, its
// installed target; with -r, does the same for its imports).
func (c *cleaner) clean(l *load.Loader, p *load.Package) {
	if c.done[p] {
		return
	}
	c.done[p] = true
	if p.Dir == "" {
		c.errorf("%v", p.Error)
		return
	}
	entries, err := os.ReadDir(p.Dir)
	if err != nil {
		c.errorf("go: %s: %v", p.Dir, err)
		return
	}
	sh := c.shell()

	// Go files of the package itself cannot be programs of their own;
	// in package main they all can.
	pkgFile := map[string]bool{}
	if p.Name != "main" {
		for _, list := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
			for _, f := range list {
				pkgFile[f] = true
			}
		}
	}
	elem := filepath.Base(p.Dir)
	exe := l.DefaultExecName(p)
	var names []string
	if p.Name == "main" {
		names = append(names, elem, elem+".exe", exe, exe+".exe")
	}
	names = append(names, elem+".test", elem+".test.exe", exe+".test", exe+".test.exe")
	for _, e := range entries {
		name := e.Name()
		if pkgFile[name] || e.IsDir() {
			continue
		}
		if base, ok := strings.CutSuffix(name, "_test.go"); ok {
			names = append(names, base+".test", base+".test.exe")
		}
		if base, ok := strings.CutSuffix(name, ".go"); ok {
			names = append(names, base, base+".exe")
		}
	}
	if c.f.N || c.f.X {
		sh.ShowCmd(p.Dir, "rm -f %s", strings.Join(names, " "))
	}
	remove := map[string]bool{}
	for _, n := range names {
		remove[n] = true
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			if oldDirs[name] {
				if err := sh.RemoveAll(filepath.Join(p.Dir, name)); err != nil {
					c.error(err)
				}
			}
			continue
		}
		if c.f.N {
			continue
		}
		if oldFiles[name] || oldExts[filepath.Ext(name)] || remove[name] {
			c.removeFile(filepath.Join(p.Dir, name))
		}
	}
	if c.f.I && p.Target != "" {
		if c.f.N || c.f.X {
			sh.ShowCmd("", "rm -f %s", p.Target)
		}
		if !c.f.N {
			c.removeFile(p.Target)
		}
	}
	if c.f.R {
		for _, q := range p.Internal.Imports {
			c.clean(l, q)
		}
	}
}

// removeFile removes f, reporting any error but its absence.
func (c *cleaner) removeFile(f string) {
	if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
		c.error(err)
	}
}
