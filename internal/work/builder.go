package work

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"gocmd/internal/base"
	"gocmd/internal/buildid"
	"gocmd/internal/cache"
	"gocmd/internal/env"
	"gocmd/internal/fsys"
	"gocmd/internal/load"

	"golang.org/x/term"
)

// Config configures a Builder.
type Config struct {
	Env   *env.Env
	Dir   string           // the go command's working directory, absolute
	Flags *base.BuildFlags // -a, -n, -x, -p, -work, -gcflags...
	// CmdName is the command's name ("build", "install", "run"), used in
	// install errors ("go install p: ...").
	CmdName string
	Stderr  io.Writer
	// Stdout receives the build events of -json.
	Stdout io.Writer
	// BuildInfo returns the build information a main package's binary
	// records (runtime/debug.BuildInfo.String form), or "".
	BuildInfo func(p *load.Package) string
	// FS is the file system with -overlay's replacements, if any.
	FS *fsys.FS
	// Cache is the build cache; nil builds everything afresh.
	Cache Cache
	// DefaultExecName returns a main package's executable name.
	DefaultExecName func(p *load.Package) string
	// Tools are the packages of the main modules' tool directives (the
	// "tool" pattern).
	Tools map[string]bool
	// IsCmdList means the build is only asked for staleness (go list):
	// nothing is compiled, linked or installed.
	IsCmdList bool
	// NeedExport (with IsCmdList) builds packages for go list -export.
	NeedExport bool
	// NeedCompiledGoFiles (with IsCmdList) sets the packages'
	// CompiledGoFiles, running cgo where needed (go list -compiled).
	NeedCompiledGoFiles bool
	// AllowErrors (go list -e) records the errors of actions in their
	// packages' Error rather than printing them.
	AllowErrors bool
}

// A Builder runs the builds of one go command.
type Builder struct {
	cfg      Config
	env      *env.Env
	flags    *base.BuildFlags
	WorkDir  string // the work directory ("$WORK" under -n)
	keepWork bool

	sh        *Shell
	printer   Printer
	status    *StatusLine // progress on a terminal, or nil
	hasher    *cache.Hasher
	goVersion string // the toolchain's version ("go1.26.8")
	mode      buildMode
	exeSuffix string
	toolDir   string
	cacheDir  string

	actions   map[actionKey]*Action
	objdirSeq int
	opts      map[*load.Package]*pkgOptions
	optsMu    sync.Mutex

	toolIDs   sync.Map // tool name -> *toolIDResult
	gccIDs    sync.Map // compiler.lang -> *gccIDResult
	buildIDMu sync.Mutex
	buildIDs  map[string]string // file -> build ID

	exec      sync.Mutex // guards scheduling state
	compileMu sync.Mutex
	tokens    compileTokens

	errMu  sync.Mutex
	failed bool // an action failed

	cgoShared cgoShared // C compiler flag probes

	vet   VetOptions // configuration of vet actions
	vetMu sync.Mutex // serializes the vet tools' standard output
}

// pkgOptions are the build settings of one package that the command
// chooses beyond what load records.
type pkgOptions struct {
	target    string // install target or -o output; "-" when unset
	exeName   string
	omitDebug bool
	gcflags   []string
	asmflags  []string
	ldflags   []string
}

// NewBuilder checks the configuration and creates the work directory
// (unless -n). Close removes it.
func NewBuilder(cfg Config) (*Builder, error) {
	b := &Builder{
		cfg:      cfg,
		env:      cfg.Env,
		flags:    cfg.Flags,
		actions:  map[actionKey]*Action{},
		opts:     map[*load.Package]*pkgOptions{},
		buildIDs: map[string]string{},
		toolDir:  cfg.Env.GOTOOLDIR(),
	}
	if b.flags == nil {
		b.flags = &base.BuildFlags{P: runtime.GOMAXPROCS(0), Buildmode: "default", Compiler: "gc"}
	}
	if b.flags.P <= 0 {
		return nil, fmt.Errorf("go: -p must be a positive integer: %v\n", b.flags.P)
	}
	if err := env.CheckPort(b.env.GOOS(), b.env.GOARCH()); err != nil {
		return nil, fmt.Errorf("go: %v", err)
	}
	for _, tag := range b.flags.Tags {
		if strings.Contains(tag, ",") {
			return nil, errors.New("go: -tags space-separated list contains comma")
		}
	}
	mode, err := newBuildMode(b.env, b.flags)
	if err != nil {
		return nil, err
	}
	b.mode = mode
	b.exeSuffix = mode.exeSuffix
	if dir, err := b.env.GOCACHE(); err == nil {
		b.cacheDir = dir
	}
	b.tokens.init(b.flags.P)
	b.goVersion = b.env.GOVERSION()
	hc := cache.HasherConfig{Salt: cache.Salt(b.goVersion)}
	if cache.ParseDebug(b.env.Get("GODEBUG")).Hash {
		hc.Trace = cfg.Stderr
	}
	b.hasher = cache.NewHasher(hc)

	b.printer = &TextPrinter{W: cfg.Stderr}
	switch {
	case b.flags.JSON && cfg.Stdout != nil:
		b.printer = NewJSONPrinter(cfg.Stdout)
	case !b.flags.N && !b.flags.X && !cfg.IsCmdList:
		if fd, ok := terminal(cfg.Stderr); ok {
			b.status = NewStatusLine(cfg.Stderr, b.printer, func() int {
				w, _, err := term.GetSize(fd)
				if err != nil {
					return 0
				}
				return w
			})
			b.printer = b.status
		}
	}

	printWork := false
	switch {
	case b.flags.N:
		b.WorkDir = "$WORK"
	case !cfg.IsCmdList || cfg.NeedExport || cfg.NeedCompiledGoFiles:
		tmp, err := os.MkdirTemp(b.env.Get("GOTMPDIR"), "go-build")
		if err != nil {
			return nil, fmt.Errorf("go: creating work dir: %v", err)
		}
		if !filepath.IsAbs(tmp) {
			abs, err := filepath.Abs(tmp)
			if err != nil {
				os.RemoveAll(tmp)
				return nil, fmt.Errorf("go: creating work dir: %v", err)
			}
			tmp = abs
		}
		b.WorkDir = tmp
		b.keepWork = b.flags.Work
		printWork = (b.flags.X || b.flags.Work) && !cfg.IsCmdList
	}
	b.sh = NewShell(ShellConfig{
		WorkDir:  b.WorkDir,
		N:        b.flags.N,
		X:        b.flags.X,
		Dir:      cfg.Dir,
		CacheDir: b.cacheDir,
		Environ:  b.env.Environ(),
		Stderr:   cfg.Stderr,
		Printer:  b.printer,
	})
	if printWork {
		b.sh.Printf("WORK=%s\n", b.WorkDir)
	}
	return b, nil
}

// Close removes the work directory unless -work asked to keep it.
func (b *Builder) Close() error {
	if b.WorkDir == "" || b.WorkDir == "$WORK" || b.keepWork {
		return nil
	}
	err := os.RemoveAll(b.WorkDir)
	b.WorkDir = ""
	return err
}

// Shell returns the shell of the build, or of one action.
func (b *Builder) Shell(a *Action) *Shell {
	if a == nil {
		return b.sh
	}
	if a.sh == nil {
		a.sh = b.sh.WithAction(a)
	}
	return a.sh
}

// terminal reports whether w is a terminal, and its file descriptor.
func terminal(w io.Writer) (int, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// StopStatus erases the progress line for good (before go run runs
// the program).
func (b *Builder) StopStatus() {
	if b.status != nil {
		b.status.Stop()
	}
}

// Printer returns where the build's output goes: text on standard
// error, or build events on standard output under -json.
func (b *Builder) Printer() Printer { return b.printer }

// Failed reports whether an action of the build failed.
func (b *Builder) Failed() bool {
	b.errMu.Lock()
	defer b.errMu.Unlock()
	return b.failed
}

// options returns p's build settings, computing the per-package flags
// the first time.
func (b *Builder) options(p *load.Package) *pkgOptions {
	b.optsMu.Lock()
	defer b.optsMu.Unlock()
	o := b.opts[p]
	if o == nil {
		o = &pkgOptions{target: "-"}
		o.gcflags = b.perPackage(&b.flags.Gcflags, p)
		o.asmflags = b.perPackage(&b.flags.Asmflags, p)
		o.ldflags = b.perPackage(&b.flags.Ldflags, p)
		b.opts[p] = o
	}
	return o
}

// perPackage returns the flags of f that apply to p: the last value
// whose pattern matches it, a value without pattern matching the
// packages named on the command line.
func (b *Builder) perPackage(f *base.PerPackageFlag, p *load.Package) []string {
	flags := []string{}
	for _, v := range f.Values {
		var ok bool
		switch {
		case v.Pattern == "":
			ok = p.Internal.CmdlinePkg || p.Internal.CmdlineFiles
		case v.Pattern == "work":
			ok = b.inMainModule(p)
		case v.Pattern == "tool":
			ok = b.cfg.Tools[p.ImportPath]
		default:
			ok = load.MatchPackage(v.Pattern, b.cfg.Dir)(p)
		}
		if ok {
			flags = v.Flags
		}
	}
	return flags
}

// inMainModule reports whether p belongs to a main module (the "work"
// pattern).
func (b *Builder) inMainModule(p *load.Package) bool {
	return p.Module != nil && p.Module.Main
}

// SetTarget sets where the build of p is installed (go build -o, go
// run's temporary executable...), overriding p.Target.
func (b *Builder) SetTarget(p *load.Package, target string) { b.options(p).target = target }

// SetExeName sets the base name of p's executable in the work directory.
func (b *Builder) SetExeName(p *load.Package, name string) { b.options(p).exeName = name }

// SetOmitDebug drops the symbol table and DWARF from p's executable
// (go run, go test).
func (b *Builder) SetOmitDebug(p *load.Package) { b.options(p).omitDebug = true }

func (b *Builder) target(p *load.Package) string {
	if t := b.options(p).target; t != "-" {
		return t
	}
	return p.Target
}

func (b *Builder) exeName(p *load.Package) string { return b.options(p).exeName }

// tool returns the path of a toolchain program.
func (b *Builder) tool(name string) string {
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	return filepath.Join(b.toolDir, name) + exe
}

type toolIDResult struct {
	once sync.Once
	id   string
	err  error
}

// toolID returns the identity of a toolchain program that goes into
// action IDs (see buildid.ParseToolID), running it once.
func (b *Builder) toolID(ctx context.Context, name string) (string, error) {
	v, _ := b.toolIDs.LoadOrStore(name, new(toolIDResult))
	r := v.(*toolIDResult)
	r.once.Do(func() {
		run := buildid.ToolIDRunner{Toolexec: b.flags.Toolexec, Env: b.env.Environ()}
		r.id, r.err = run.ToolID(ctx, buildid.Tool{Name: name, Path: b.tool(name)})
		if tie, ok := r.err.(*buildid.ToolIDError); ok && tie.Stderr != "" {
			r.err = fmt.Errorf("%sgo: %v", tie.Stderr, r.err)
		} else if r.err != nil {
			r.err = fmt.Errorf("go: %v", r.err)
		}
	})
	return r.id, r.err
}

// archEnv returns the GOARCH-specific variable of the target and its
// value (GOAMD64 and v1...), and whether the value differs from the
// process environment.
func (b *Builder) archEnv() (key, val string, changed bool) {
	switch b.env.GOARCH() {
	case "arm":
		key = "GOARM"
	case "arm64":
		key = "GOARM64"
	case "386":
		key = "GO386"
	case "amd64":
		key = "GOAMD64"
	case "mips", "mipsle":
		key = "GOMIPS"
	case "mips64", "mips64le":
		key = "GOMIPS64"
	case "ppc64", "ppc64le":
		key = "GOPPC64"
	case "riscv64":
		key = "GORISCV64"
	case "wasm":
		key = "GOWASM"
	default:
		return "", "", false
	}
	val = b.env.Var(key)
	return key, val, b.env.OSGetenv(key) != val
}

// changedEnv is the environment the toolchain programs get on top of
// the go command's. go sets every configuration variable in its own
// environment at start-up (Env.Environ does the same for the programs
// gocmd runs), so the target settings never differ and nothing is added;
// the hook stays for tools run with a host configuration.
func (b *Builder) changedEnv() []string { return nil }
