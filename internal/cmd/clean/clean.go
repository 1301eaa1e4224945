// Package clean implements 'go clean'.
package clean

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gocmd/internal/base"
	"gocmd/internal/load"
	"gocmd/internal/lockedfile"
	"gocmd/internal/modfetch"
	"gocmd/internal/modload"
	"gocmd/internal/work"
)

// Flags are the flags of 'go clean'.
type Flags struct {
	base.BuildFlags
	I         bool // -i: remove installed archives and binaries
	R         bool // -r: apply to dependencies too
	Cache     bool // -cache: empty the build cache
	Fuzzcache bool // -fuzzcache: remove fuzzing cache entries
	Modcache  bool // -modcache: remove the module download cache
	Testcache bool // -testcache: expire test results
}

// New returns the 'go clean' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go clean [-i] [-r] [-cache] [-testcache] [-modcache] [-fuzzcache] [build flags] [packages]",
		Short:     "remove object files and cached files",
		Long:      helpClean,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.I, "i", false, "")
	fs.BoolVar(&f.R, "r", false, "")
	fs.BoolVar(&f.Cache, "cache", false, "")
	fs.BoolVar(&f.Fuzzcache, "fuzzcache", false, "")
	fs.BoolVar(&f.Modcache, "modcache", false, "")
	fs.BoolVar(&f.Testcache, "testcache", false, "")
	base.AddBuildFlags(fs, &f.BuildFlags, base.OmitBuildOnlyFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

// cleaner holds the state of one 'go clean': where messages go and
// whether any error was reported.
type cleaner struct {
	inv    *base.Invocation
	f      *Flags
	failed bool
	done   map[*load.Package]bool
	mods   *modload.State
}

// errorf reports an error on stderr; the command then exits 1.
func (c *cleaner) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	fmt.Fprint(c.inv.Stderr, msg)
	c.failed = true
}

// error reports err as go's base.Error does: prefixed with "go: ".
func (c *cleaner) error(err error) { c.errorf("go: %v", err) }

// shell returns a fresh shell printing -n/-x commands on stdout, as
// go gives each cleaning step its own.
func (c *cleaner) shell() *work.Shell {
	return work.NewShell(work.ShellConfig{
		N:       c.f.N,
		X:       c.f.X,
		Dir:     c.inv.Dir,
		Printer: &work.TextPrinter{W: c.inv.Stdout},
	})
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	c := &cleaner{inv: inv, f: f, done: map[*load.Package]bool{}}
	if err := modload.CheckFIPS(inv.Env, f.BuildFlags.Tags, f.BuildFlags.ModCacheRW); err != nil {
		return err
	}
	if len(args) > 0 {
		flag := ""
		switch {
		case f.Cache:
			flag = "-cache"
		case f.Testcache:
			flag = "-testcache"
		case f.Fuzzcache:
			flag = "-fuzzcache"
		case f.Modcache:
			flag = "-modcache"
		}
		if flag != "" {
			fmt.Fprintf(inv.Stderr, "go: clean %s cannot be used with package arguments\n", flag)
			return base.Exit(1)
		}
	}

	cleanPkg := len(args) > 0 || f.I || f.R
	if !cleanPkg && !f.Cache && !f.Modcache && !f.Testcache && !f.Fuzzcache {
		// Without arguments, clean the current directory's package,
		// unless there is no module to find it in.
		ms, err := c.modules(ctx)
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		cleanPkg = ms.Mode() == modload.GOPATHMode || ms.HasModRoot()
	}
	if cleanPkg {
		if err := c.cleanPackages(ctx, args); err != nil {
			return work.Fatal(inv.Stderr, err)
		}
	}

	if f.Cache {
		dir, err := inv.Env.GOCACHE()
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		if dir != "off" {
			sh := c.shell()
			subdirs, _ := filepath.Glob(filepath.Join(quoteGlob(dir), "[0-9a-f][0-9a-f]"))
			reported := false
			if len(subdirs) > 0 {
				if err := sh.RemoveAll(subdirs...); err != nil {
					reported = true
					c.error(err)
				}
			}
			if err := sh.RemoveAll(filepath.Join(dir, "log.txt")); err != nil && !reported {
				c.error(err)
			}
		}
	}

	if f.Testcache && !f.Cache {
		dir, err := inv.Env.GOCACHE()
		if err != nil {
			return work.Fatal(inv.Stderr, err)
		}
		if dir != "off" {
			if err := expireTests(dir); err != nil {
				if _, serr := os.Stat(dir); !os.IsNotExist(serr) {
					c.error(err)
				}
			}
		}
	}

	if f.Modcache {
		dir := inv.Env.GOMODCACHE()
		if dir == "" {
			fmt.Fprintf(inv.Stderr, "go: cannot clean -modcache without a module cache\n")
			return base.Exit(1)
		}
		if f.N || f.X {
			c.shell().ShowCmd("", "rm -rf %s", dir)
		}
		if !f.N {
			if err := modfetch.RemoveAll(dir); err != nil {
				c.error(err)
			}
		}
	}

	if f.Fuzzcache {
		dir, err := inv.Env.GOCACHE()
		if err != nil {
			fmt.Fprintf(inv.Stderr, "build cache is required, but could not be located: %v\n", err)
			return base.Exit(1)
		}
		if dir == "off" {
			fmt.Fprintf(inv.Stderr, "build cache is disabled by GOCACHE=off, but required as of Go 1.12\n")
			return base.Exit(1)
		}
		if err := c.shell().RemoveAll(filepath.Join(dir, "fuzz")); err != nil {
			c.error(err)
		}
	}
	if c.failed {
		return base.Exit(1)
	}
	return nil
}

// expireTests records in GOCACHE/testexpire.txt that test results
// cached before now are stale; go test reads the file.
func expireTests(dir string) error {
	f, err := lockedfile.Edit(filepath.Join(dir, "testexpire.txt"))
	if err != nil {
		return err
	}
	now := time.Now().UnixNano()
	buf, _ := io.ReadAll(f)
	prev, _ := strconv.ParseInt(strings.TrimSpace(string(buf)), 10, 64)
	if now > prev {
		if err = f.Truncate(0); err == nil {
			if _, err = f.Seek(0, 0); err == nil {
				_, err = fmt.Fprintf(f, "%d\n", now)
			}
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// quoteGlob escapes the glob metacharacters of s.
func quoteGlob(s string) string {
	if !strings.ContainsAny(s, `*?[]\`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
