// Package toolchain picks the Go toolchain that runs a command, from
// GOTOOLCHAIN and the go and toolchain lines of go.mod or go.work, and
// hands the command over to it (found on PATH or downloaded as the
// golang.org/toolchain module) when it is not the local one.
package toolchain

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/gover"
)

// Environment variables by which a go command that switches toolchains
// talks to the one it starts.
const (
	// targetEnv names the toolchain the child was started to be.
	targetEnv = "GOTOOLCHAIN_INTERNAL_SWITCH_VERSION"
	// countEnv counts nested switches, to stop loops.
	countEnv = "GOTOOLCHAIN_INTERNAL_SWITCH_COUNT"
	// maxSwitch is the deepest nesting allowed; the last ten levels are
	// reported on stderr.
	maxSwitch = 100
)

// Request is one go command invocation as seen before it runs.
type Request struct {
	Env     *env.Env
	Dir     string   // working directory (after -C)
	Args    []string // the command line without the program name
	Environ []string // the process environment
	Stderr  io.Writer
	// CmdName is the running command ("mod download") for a switch in
	// the middle of it; "" at start-up.
	CmdName string
	// BeforeExec, if set, runs just before the process is replaced.
	BeforeExec func()
}

// Select decides which toolchain runs the command. When it is the local
// one it returns the environment the command should see (the switch
// marker variable removed); otherwise it runs the other toolchain and
// does not return unless that fails, with an error whose text is what go
// prints.
func Select(ctx context.Context, r Request) ([]string, error) {
	if !modulesEnabled(r) || localOnly(r.Args) {
		return r.Environ, nil
	}
	trace := traceEnabled(r.Env)
	c, err := choose(r, trace)
	if err != nil || c.chosen == "" {
		return r.Environ, err
	}
	local := LocalToolchain(r.Env)

	// A toolchain started by a switch checks it is the one wanted, then
	// runs the command itself.
	if target, ok := lookupEnv(r.Environ, targetEnv); ok && target != "" {
		if local != target {
			return nil, fmt.Errorf("go: toolchain %v invoked to provide %v", local, target)
		}
		return withoutEnv(r.Environ, targetEnv), nil
	}
	if trace {
		io.WriteString(r.Stderr, c.trace)
	}
	if c.chosen == "local" || c.chosen == local {
		if trace {
			fmt.Fprintf(r.Stderr, "go: using local toolchain %s\n", local)
		}
		return r.Environ, nil
	}
	if !strings.HasPrefix(c.chosen, "go1") && !strings.Contains(c.chosen, "-go1") {
		return nil, fmt.Errorf("go: invalid GOTOOLCHAIN %q", c.chosen)
	}
	return nil, Exec(ctx, r, c.chosen)
}

// TooNewExplain returns what go appends to its "requires go >= V"
// errors for a command run in dir: the GOTOOLCHAIN setting and the line
// of go.work or go.mod that chose the running toolchain (see
// gover.Startup). It is "" where modules are off.
func TooNewExplain(e *env.Env, dir string) string {
	r := Request{Env: e, Dir: dir}
	if !modulesEnabled(r) {
		return ""
	}
	c, _ := choose(r, false) // an error stops the command before any TooNewError
	return c.startup.Explain(func(file string) string { return base.ShortPath(dir, file) })
}

// choice is the outcome of GOTOOLCHAIN's rules.
type choice struct {
	chosen  string // the toolchain to run ("" when GOTOOLCHAIN is unset)
	startup gover.Startup
	trace   string // the GODEBUG=toolchaintrace=1 lines, if asked for
}

// choose applies GOTOOLCHAIN and, in its auto and path modes, the go
// and toolchain lines of go.work or go.mod, keeping the trace lines if
// trace is set.
func choose(r Request, trace bool) (choice, error) {
	setting := r.Env.Get("GOTOOLCHAIN")
	c := choice{startup: gover.Startup{GOTOOLCHAIN: setting}}
	if setting == "" {
		return c, nil
	}
	var traceBuf strings.Builder
	tracef := func(format string, args ...any) {
		if trace {
			fmt.Fprintf(&traceBuf, format, args...)
		}
	}
	minToolchain := LocalToolchain(r.Env)
	minVers := strings.TrimPrefix(minToolchain, "go")
	mode := setting
	if setting != "auto" && setting != "path" {
		min, suffix, plus := strings.Cut(setting, "+")
		if min != "local" {
			v := gover.FromToolchain(min)
			if v == "" {
				if plus {
					return c, fmt.Errorf("go: invalid GOTOOLCHAIN %q: invalid minimum toolchain %q", setting, min)
				}
				return c, fmt.Errorf("go: invalid GOTOOLCHAIN %q", setting)
			}
			minToolchain, minVers = min, v
		}
		if plus && suffix != "auto" && suffix != "path" {
			return c, fmt.Errorf("go: invalid GOTOOLCHAIN %q: only version suffixes are +auto and +path", setting)
		}
		mode = suffix
		tracef("go: default toolchain set to %s from GOTOOLCHAIN=%s\n", minToolchain, setting)
	}

	c.chosen = minToolchain
	if mode == "auto" || mode == "path" {
		modeName := mode
		if strings.Contains(setting, "+") {
			modeName = "<name>+" + mode
		}
		file, goVers, toolchainLine, err := goAndToolchainLines(r)
		if err != nil {
			return c, err
		}
		c.startup.AutoFile = file
		if toolchainLine == "default" {
			c.startup.AutoToolchain = toolchainLine
		} else {
			if toolchainLine != "" {
				tv := gover.FromToolchain(toolchainLine)
				if tv == "" || (!strings.HasPrefix(toolchainLine, "go") && !strings.Contains(toolchainLine, "-go")) {
					return c, fmt.Errorf("go: invalid toolchain %q in %s", toolchainLine, shortPath(r.Dir, file))
				}
				if gover.Compare(tv, minVers) > 0 {
					tracef("go: upgrading toolchain to %s (required by toolchain line in %s; upgrade allowed by GOTOOLCHAIN=%s)\n", toolchainLine, shortPath(r.Dir, file), modeName)
					c.chosen, minVers = toolchainLine, tv
					c.startup.AutoToolchain = toolchainLine
				}
			}
			if gover.Compare(goVers, minVers) > 0 {
				c.chosen, minVers = "go"+goVers, goVers
				// A language version names no release: from Go 1.21 on,
				// its first release is the .0 one.
				if gover.IsLang(goVers) && gover.Compare(goVers, "1.21") >= 0 {
					c.chosen += ".0"
				}
				c.startup.AutoGoVersion = goVers
				c.startup.AutoToolchain = "" // the go line overrides it
				tracef("go: upgrading toolchain to %s (required by go line in %s; upgrade allowed by GOTOOLCHAIN=%s)\n", c.chosen, shortPath(r.Dir, file), modeName)
			}
		}
	}
	c.trace = traceBuf.String()
	return c, nil
}

// LocalToolchain is the name of the running toolchain ("go1.26.8"), as
// GOVERSION reports it (also when GOROOT is not a real toolchain).
func LocalToolchain(e *env.Env) string {
	return "go" + gover.FromToolchain(e.GOVERSION())
}

// HasAuto and HasPath report whether GOTOOLCHAIN allows switching by
// download and by PATH lookup.
func HasAuto(e *env.Env) bool {
	s := e.Get("GOTOOLCHAIN")
	return s == "auto" || strings.HasSuffix(s, "+auto")
}

func HasPath(e *env.Env) bool {
	s := e.Get("GOTOOLCHAIN")
	return s == "path" || strings.HasSuffix(s, "+path")
}

// localOnly reports command lines the local toolchain always handles:
// the ways out of a bad GOTOOLCHAIN setting, and the queries of which
// go.mod and go.work decide it.
func localOnly(args []string) bool {
	switch {
	case len(args) == 2 && args[0] == "env" && (args[1] == "GOTOOLCHAIN" || args[1] == "GOMOD" || args[1] == "GOWORK"):
		return true
	case len(args) == 3 && args[0] == "env" && args[1] == "-w" && strings.HasPrefix(args[2], "GOTOOLCHAIN="):
		return true
	}
	return false
}

// CanSwitch reports whether GOTOOLCHAIN lets a command run in dir
// switch to a newer toolchain that a module asks for: module mode, and
// GOTOOLCHAIN auto or path (possibly after a minimum).
func CanSwitch(e *env.Env, dir string) bool {
	return modulesEnabled(Request{Env: e, Dir: dir}) && (HasAuto(e) || HasPath(e))
}

// modulesEnabled reports whether the command will run in module mode,
// the only mode in which go.mod can ask for a toolchain.
func modulesEnabled(r Request) bool {
	switch r.Env.Get("GO111MODULE") {
	case "on", "":
		return true
	case "auto":
		return findGoMod(r.Dir) != ""
	}
	return false
}

// goAndToolchainLines reads the go and toolchain lines of the go.work
// or go.mod that governs dir.
func goAndToolchainLines(r Request) (file, goVers, toolchainLine string, err error) {
	file = findGoWork(r)
	if file == "" {
		file = findGoMod(r.Dir)
	}
	if file == "" {
		return "", "", "", nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", "", "", fmt.Errorf("go: %v", err)
	}
	return file, lookupKey(data, "go"), lookupKey(data, "toolchain"), nil
}

// findGoWork returns the go.work file in use, if it exists.
func findGoWork(r Request) string {
	var file string
	switch gowork := r.Env.Get("GOWORK"); gowork {
	case "off":
		return ""
	case "", "auto":
		if d := findAbove(r.Dir, "go.work"); d != "" {
			file = filepath.Join(d, "go.work")
		}
	default:
		file = gowork
	}
	if file == "" {
		return ""
	}
	if _, err := os.Stat(file); err != nil {
		// 'go work init' may name a go.work that does not exist yet.
		return ""
	}
	return file
}

// findGoMod returns the go.mod governing dir, ignoring one in the
// system temporary directory itself, as module mode does.
func findGoMod(dir string) string {
	root := findAbove(dir, "go.mod")
	if root == "" || root == filepath.Clean(os.TempDir()) {
		return ""
	}
	return filepath.Join(root, "go.mod")
}

func findAbove(dir, name string) string {
	dir = filepath.Clean(dir)
	for {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// lookupKey returns the value of the first line of a go.mod or go.work
// that starts with key ("go 1.21" -> "1.21"), without a trailing
// comment, reading nothing else of the file.
func lookupKey(data []byte, key string) string {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		rest, ok := strings.CutPrefix(line, key)
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		rest, _, _ = strings.Cut(rest, "//")
		return strings.TrimSpace(rest)
	}
	return ""
}

// shortPath returns path relative to dir when that is shorter.
func shortPath(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// traceEnabled reports GODEBUG=toolchaintrace=1.
func traceEnabled(e *env.Env) bool {
	for _, kv := range strings.Split(e.OSGetenv("GODEBUG"), ",") {
		if strings.TrimSpace(kv) == "toolchaintrace=1" {
			return true
		}
	}
	return false
}

func lookupEnv(environ []string, key string) (string, bool) {
	for i := len(environ) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(environ[i], key+"="); ok {
			return v, true
		}
	}
	return "", false
}

func withoutEnv(environ []string, key string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}

func withEnv(environ []string, key, value string) []string {
	return append(withoutEnv(environ, key), key+"="+value)
}
