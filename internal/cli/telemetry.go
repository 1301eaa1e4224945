package cli

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/telemetry"
)

// telemetrySession records the usage counters of one invocation in the
// local telemetry directory, as the go command does. The mode and the
// directory are fixed when the invocation starts; the counters are worked
// out from the arguments and the parsed command tree when it ends.
// Failures are silent.
type telemetrySession struct {
	dir     string // absolute telemetry directory; "" when not counting
	done    bool   // counters written
	start   time.Time
	args    []string
	environ []string
	exe     string
	// env, if set, is the configuration dispatch read from environ.
	env *env.Env
}

// startTelemetry decides whether this invocation counts. 'go telemetry
// off' never does, so that it leaves no data behind.
func startTelemetry(root *base.Command, args, environ []string, exe string) *telemetrySession {
	s := &telemetrySession{start: time.Now(), args: args, environ: environ, exe: exe}
	if isTelemetryOff(root, args) {
		return s
	}
	dir := telemetry.Dir(environ)
	if !telemetry.Enabled(dir) {
		return s
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	s.dir = dir
	return s
}

// finish writes the invocation's counters. root is the command tree
// after dispatch, its flag sets parsed.
func (s *telemetrySession) finish(root *base.Command) {
	if s.dir == "" || s.done {
		return
	}
	s.done = true
	defer func() { _ = recover() }() // telemetry must never break the command
	var c telemetry.Counters
	e := s.env
	if e == nil {
		e, _ = env.Load(env.Options{Environ: s.environ, Executable: s.exe})
	}
	countInvocation(&c, root, s.args, e)
	goroot := ""
	if e != nil {
		goroot = e.GOROOT()
	}
	_, _ = telemetry.Write(s.dir, telemetry.GoCommand(goroot), c.Counts(), s.start)
}

// isTelemetryOff reports whether args are 'go telemetry off', possibly
// with -C flags.
func isTelemetryOff(root *base.Command, args []string) bool {
	skipC := func(a []string) []string {
		switch {
		case len(a) == 0:
		case a[0] == "-C" || a[0] == "--C":
			if len(a) < 2 {
				return nil
			}
			return a[2:]
		case strings.HasPrefix(a[0], "-C=") || strings.HasPrefix(a[0], "--C="):
			return a[1:]
		}
		return a
	}
	args = skipC(args)
	cmd, used := lookupCmd(root, args)
	if cmd.Name() != "telemetry" || used != 1 {
		return false
	}
	args = skipC(args[used:])
	return len(args) == 1 && args[0] == "off"
}

// countInvocation adds the counters the go command increments for args,
// stopping where the go command would have stopped with an error before
// counting further.
func countInvocation(c *telemetry.Counters, root *base.Command, args []string, e *env.Env) {
	rest, _, _ := takeChdirFlag(root, args)
	if len(rest) != len(args) {
		c.Inc("go/flag:C")
	}
	top := base.NewFlagSet("go")
	if top.Parse(rest) != nil {
		return
	}
	c.Inc("go/invocations")
	args = top.Args()
	if len(args) == 0 {
		return
	}
	if args[0] == "help" {
		c.Inc("go/subcommand:" + strings.Join(args, "-"))
		topic := root
		for _, a := range args[1:] {
			if topic = topic.Lookup(a); topic == nil {
				c.Inc("go/errors:help-unknown-topic")
				break
			}
		}
		return
	}
	if e == nil || e.GOROOT() == "" {
		return
	}
	goroot := e.GOROOT()
	if st, err := os.Stat(goroot); err != nil || !st.IsDir() {
		return
	}
	c.Inc("go/goroot:" + gorootKind(goroot))
	if gp := e.Get("GOPATH"); gp != "" && filepath.Clean(gp) != filepath.Clean(goroot) {
		for _, p := range filepath.SplitList(gp) {
			if strings.HasPrefix(p, "~") {
				return
			}
			if p != "" && !filepath.IsAbs(p) {
				c.Inc("go/errors:gopath-entry-relative")
				return
			}
		}
	}

	cmd, used := lookupCmd(root, args)
	name := strings.ReplaceAll(strings.Join(args[:used], " "), " ", "-")
	if len(cmd.Commands) > 0 {
		switch {
		case used >= len(args):
		case args[used] == "help":
			c.Inc("go/subcommand:" + name + "-" + strings.Join(args[used:], "-"))
		default:
			c.Inc("go/subcommand:unknown")
		}
		return
	}
	if name != "tool" {
		c.Inc("go/subcommand:" + name)
	}
	if !countConfig(c, e, goroot) {
		return
	}
	for _, h := range telemetry.HostCounters() {
		c.Inc(h)
	}
	fs := cmd.Flags
	if cmd.CustomFlags || fs == nil || !fs.Parsed() {
		return
	}
	fs.Visit(func(f *flag.Flag) {
		c.Inc("go/" + name + "/flag:" + f.Name)
		if f.Name == "buildmode" {
			c.Inc("go/" + name + "/flag/buildmode:" + f.Value.String())
		}
	})
	if name == "tool" {
		c.Inc(toolCounter(goroot, fs.Args()))
	}
}

// gorootKind classifies an installation directory as the go command's
// go/goroot counters do.
func gorootKind(goroot string) string {
	switch strings.ToLower(goroot) {
	case "/usr/local/go":
		return "usr-local-go"
	case "/usr/lib/go":
		return "usr-lib-go"
	case "/usr/lib/golang":
		return "usr-lib-golang"
	case `c:\program files\go`:
		return "program-files-go"
	case `c:\program files (x86)\go`:
		return "program-files-x86-go"
	}
	return "other"
}

// countConfig adds the build configuration counters: module mode, cgo and
// target platform. It reports false where the go command would have
// stopped with an error (a relative $GOWORK).
func countConfig(c *telemetry.Counters, e *env.Env, goroot string) bool {
	cwd, _ := os.Getwd()
	switch {
	case !modulesEnabled(e, cwd):
		c.Inc("go/mode:gopath")
	default:
		switch gw := e.Get("GOWORK"); {
		case gw == "off":
			c.Inc("go/mode:module")
		case gw == "" || gw == "auto":
			if findUp(cwd, "go.work", goroot) != "" {
				c.Inc("go/mode:workspace")
			} else {
				c.Inc("go/mode:module")
			}
		case !filepath.IsAbs(gw):
			return false
		default:
			c.Inc("go/mode:workspace")
		}
	}
	goos, goarch := orDefault(e.Get("GOOS"), runtime.GOOS), orDefault(e.Get("GOARCH"), runtime.GOARCH)
	if e.CgoEnabled() {
		c.Inc("go/cgo:enabled")
	} else {
		c.Inc("go/cgo:disabled")
	}
	c.Inc("go/platform/target/goos:" + goos)
	c.Inc("go/platform/target/goarch:" + goarch)
	variants := map[string][2]string{
		"386":     {"GO386", "sse2"},
		"amd64":   {"GOAMD64", "v1"},
		"arm":     {"GOARM", "7"},
		"arm64":   {"GOARM64", "v8.0"},
		"mips":    {"GOMIPS", "hardfloat"},
		"ppc64":   {"GOPPC64", "power8"},
		"riscv64": {"GORISCV64", "rva20u64"},
		"wasm":    {"GOWASM", ""},
	}
	if v, ok := variants[goarch]; ok {
		c.Inc("go/platform/target/" + strings.ToLower(v[0]) + ":" + orDefault(e.Get(v[0]), v[1]))
	}
	return true
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// modulesEnabled reports whether the command runs in module mode, from
// $GO111MODULE and, when it is "auto", an enclosing go.mod.
func modulesEnabled(e *env.Env, cwd string) bool {
	switch e.Get("GO111MODULE") {
	case "", "on":
		return true
	case "auto":
		root := findUp(cwd, "go.mod", "")
		return root != "" && filepath.Dir(root) != filepath.Clean(os.TempDir())
	}
	return false
}

// findUp returns the first regular file named name in dir or its parents,
// not looking past stop's children; "" if none.
func findUp(dir, name, stop string) string {
	if dir == "" {
		return ""
	}
	dir = filepath.Clean(dir)
	for {
		f := filepath.Join(dir, name)
		if st, err := os.Stat(f); err == nil && !st.IsDir() {
			return f
		}
		parent := filepath.Dir(dir)
		if parent == dir || (stop != "" && parent == stop) {
			return ""
		}
		dir = parent
	}
}

// toolCounter names the counter of 'go tool' with the given arguments.
func toolCounter(goroot string, args []string) string {
	if len(args) == 0 {
		return "go/subcommand:tool"
	}
	exe := args[0]
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	dir := filepath.Join(goroot, "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH)
	if st, err := os.Stat(filepath.Join(dir, exe)); err == nil && !st.IsDir() && !strings.ContainsAny(args[0], `/\`) {
		return "go/subcommand:tool-" + args[0]
	}
	return "go/subcommand:tool-unknown"
}
