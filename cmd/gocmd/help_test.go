package main

import (
	"bytes"
	"errors"
	"flag"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"

	"gocmd/internal/base"
	"gocmd/internal/cli"
)

// These tests compare gocmd's command-line interface with the real go
// command: usage lines, the 'go help' listings, dispatch errors, and the
// errors of flag parsing for every flag of every command.

// ownedElsewhere lists commands whose flags are being written in other
// branches; their flag probes are skipped until those land.
var ownedElsewhere = map[string]bool{"env": true, "list": true, "version": true}

// result is what one run of a go command printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%v: %v", cmd.Args, err)
		}
		code = ee.ExitCode()
	}
	return result{stdout.String(), stderr.String(), code}
}

// helpEnv is the environment both commands run with: no $GOFLAGS from
// the caller, no network, no toolchain switch.
var helpEnv = []string{"GOFLAGS=", "GOTOOLCHAIN=local", "GOPROXY=off", "GO111MODULE="}

// both runs args with gocmd and with the real go in dir.
func both(t *testing.T, dir string, env []string, args ...string) (got, want result) {
	t.Helper()
	env = append(slices.Clip(helpEnv), env...)
	want = runCmd(t, realGoCommand(t, dir, env, args...))
	got = runCmd(t, gocmdCommand(t, dir, env, args...))
	return got, want
}

func compare(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	got, want := both(t, dir, env, args...)
	// The long help of 'go mod' and 'go work' heads their listings; it
	// is written in our own words, so compare from "Usage:" on.
	for _, r := range []*result{&got, &want} {
		for _, s := range []*string{&r.stdout, &r.stderr} {
			for _, g := range []string{"mod", "work"} {
				if i := strings.Index(*s, "\nUsage:\n\n\tgo "+g+" <command>"); i >= 0 {
					*s = (*s)[i:]
				}
			}
		}
	}
	if got != want {
		t.Errorf("go %s (env %q):\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\nreal go: exit %d\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), env, got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
	}
}

// realCommands lists the commands and subcommands of the real go
// command, as "build", "mod tidy", from its help listings, and the help
// topics.
func realCommands(t *testing.T) (cmds, topics []string) {
	dir := t.TempDir()
	list := func(args ...string) (cmds, topics []string) {
		r := runCmd(t, realGoCommand(t, dir, helpEnv, args...))
		section := ""
		for _, line := range strings.Split(r.stdout, "\n") {
			switch {
			case line == "The commands are:":
				section = "commands"
			case line == "Additional help topics:":
				section = "topics"
			case strings.HasPrefix(line, "Use "):
				section = ""
			case strings.HasPrefix(line, "\t") && section == "commands":
				cmds = append(cmds, strings.Fields(line)[0])
			case strings.HasPrefix(line, "\t") && section == "topics":
				topics = append(topics, strings.Fields(line)[0])
			}
		}
		return cmds, topics
	}
	top, topics := list("help")
	for _, c := range top {
		cmds = append(cmds, c)
		if c == "mod" || c == "work" {
			subs, _ := list("help", c)
			for _, s := range subs {
				cmds = append(cmds, c+" "+s)
			}
		}
	}
	if len(cmds) < 30 || len(topics) < 15 {
		t.Fatalf("real go help lists %d commands and %d topics; want more", len(cmds), len(topics))
	}
	return cmds, topics
}

func TestHelpListings(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{}, {"help"}, {"help", "mod"}, {"help", "work"}, {"mod"}, {"work"},
		{"mod", "help"}, {"work", "help"}, {"-h"}, {"--help"}, {"-help"},
		{"-x"}, {"-C"}, {"help", "-x"}, {"help", "nonexistent"},
		{"help", "mod", "nonexistent"}, {"help", "build", "extra"},
		{"help", "mod", "tidy", "extra"}, {"mod", "nonexistent"},
		{"mod", "--help"}, {"work", "nonexistent"}, {"nonexistent"},
		{"buildmode"}, {"mod", "help", "nonexistent"},
		{"-C", "/nonexistent/dir", "build"}, {"-C=/nonexistent/dir", "build"},
		{"build", "-C", "/nonexistent/dir"}, {"build", "-x", "-C", "dir"},
		{"build", "-C"}, {"bug", "help"},
	} {
		compare(t, dir, nil, args...)
	}
}

func TestHelpUsageLines(t *testing.T) {
	dir := t.TempDir()
	cmds, topics := realCommands(t)
	for _, c := range cmds {
		if c == "mod" || c == "work" {
			continue // their listings are compared by TestHelpListings
		}
		args := append([]string{"help"}, strings.Fields(c)...)
		got, want := both(t, dir, nil, args...)
		first := func(s string) string { line, _, _ := strings.Cut(s, "\n"); return line }
		if first(got.stdout) != first(want.stdout) || got.code != want.code || got.stderr != want.stderr {
			t.Errorf("go %s: first line %q, exit %d, stderr %q; real go: %q, exit %d, stderr %q",
				strings.Join(args, " "), first(got.stdout), got.code, got.stderr,
				first(want.stdout), want.code, want.stderr)
		}
		if strings.Contains(c, " ") {
			// 'go mod help tidy' means 'go help mod tidy'.
			g, _ := both(t, dir, nil, append(strings.Fields(c)[:1:1], append([]string{"help"}, strings.Fields(c)[1:]...)...)...)
			if g != got {
				t.Errorf("go %s help %s differs from go help %s", strings.Fields(c)[0], strings.Fields(c)[1], c)
			}
		}
	}
	for _, topic := range topics {
		got, want := both(t, dir, nil, "help", topic)
		if got.code != want.code || got.code != 0 || strings.HasPrefix(got.stdout, "usage:") {
			t.Errorf("go help %s: exit %d, stdout %.40q; real go exit %d", topic, got.code, got.stdout, want.code)
		}
	}
}

// TestHelpLongTexts checks that every command, subcommand and topic has
// long help, and that the tree matches the real go command's.
func TestHelpLongTexts(t *testing.T) {
	cmds, topics := realCommands(t)
	root := cli.Root()
	var ours, ourTopics []string
	var walk func(prefix string, c *base.Command)
	walk = func(prefix string, c *base.Command) {
		for _, sub := range c.Commands {
			name := strings.TrimSpace(prefix + " " + sub.Name())
			if sub.Runnable() || len(sub.Commands) > 0 {
				ours = append(ours, name)
			} else {
				ourTopics = append(ourTopics, name)
			}
			if ownedElsewhere[name] {
				// Written in other branches.
			} else if strings.TrimSpace(sub.Long) == "" || strings.Contains(sub.Long, "TODO") {
				t.Errorf("go help %s: no long help", name)
			}
			if sub.Short == "" {
				t.Errorf("go help %s: no short help", name)
			}
			walk(name, sub)
		}
	}
	walk("", root)
	if !slices.Equal(ours, cmds) {
		t.Errorf("commands:\n%q\nreal go:\n%q", ours, cmds)
	}
	if !slices.Equal(ourTopics, topics) {
		t.Errorf("topics:\n%q\nreal go:\n%q", ourTopics, topics)
	}
}

// probeNames returns every flag name some command defines, plus go doc's
// and go vet's tool flags (which are not registered in the tree), sorted.
func probeNames(root *base.Command) []string {
	seen := map[string]bool{
		"C": true, "u": true, "c": true, "all": true, "cmd": true, "src": true, "short": true, "http": true, // go doc
		"printf": true, "unusedresult": true, "V": true, // go vet's tool
		"args": true, "test.v": true,
	}
	var walk func(c *base.Command)
	walk = func(c *base.Command) {
		if c.Flags != nil {
			c.Flags.VisitAll(func(f *flag.Flag) { seen[f.Name] = true })
		}
		for _, sub := range c.Commands {
			walk(sub)
		}
	}
	walk(root)
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// TestFlagErrors checks, for every command, the output and exit status
// of flag errors: an unknown flag, -h, each known flag given a bad value
// (followed by an unknown flag, so that the command never runs), and each
// value flag given last without its argument.
func TestFlagErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs thousands of commands")
	}
	dir := t.TempDir()
	cmds, _ := realCommands(t)
	root := cli.Root()
	names := probeNames(root)
	for _, c := range cmds {
		if ownedElsewhere[c] {
			continue
		}
		t.Run(strings.ReplaceAll(c, " ", "_"), func(t *testing.T) {
			t.Parallel()
			words := strings.Fields(c)
			cmd := root
			for _, w := range words {
				cmd = cmd.Lookup(w)
			}
			check := func(args ...string) {
				compare(t, dir, nil, append(slices.Clip(words), args...)...)
			}
			check("-h")
			check("--help")
			if c == "test" {
				// Unknown flags go to the test binary: only check errors
				// of go test's own flags.
				cmd.FlagSet().VisitAll(func(f *flag.Flag) {
					if isBoolFlag(f) {
						check("-" + f.Name + "=@bad@")
					} else {
						check("-" + f.Name)
					}
				})
				return
			}
			check("-zzznotaflag")
			check("--zzznotaflag=1", "pkg")
			for _, n := range names {
				if (c == "mod edit" || c == "work edit") && cmd.FlagSet().Lookup(n) != nil && !slices.Contains([]string{"fmt", "json", "print", "n", "x", "go", "toolchain", "module", "C", "modfile", "modcacherw", "overlay"}, n) {
					// Editing flags check their values as they are parsed
					// ('go mod edit' itself).
					continue
				}
				check("-"+n+"=@bad@", "-zzznotaflag")
			}
			if cmd.Flags != nil {
				cmd.Flags.VisitAll(func(f *flag.Flag) {
					if !isBoolFlag(f) {
						check("-" + f.Name)
						check("--" + f.Name)
					}
				})
			}
		})
	}
}

// TestGOFLAGS checks how $GOFLAGS is validated and applied.
func TestGOFLAGS(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		goflags string
		args    []string
	}{
		{"-zzz", []string{"build"}},
		{"-zzz", []string{"help", "nonexistent"}},
		{"-zzz", []string{"doc", "-zzz"}},
		{"-zzz", []string{"mod"}},
		{"-zzz", []string{"mod", "tidy", "-zzz"}},
		{"-zzz", []string{"bug", "x"}},
		{"-count=1 -timeout=1s -tags=x", []string{"build", "-zzz"}},
		{"-tags", []string{"build", "-zzz"}},
		{"-x=maybe", []string{"build", "-zzz"}},
		{"-p=x", []string{"build", "-zzz"}},
		{"-", []string{"build", "-zzz"}},
		{"--", []string{"build", "-zzz"}},
		{"---x", []string{"build", "-zzz"}},
		{"-=x", []string{"build", "-zzz"}},
		{"x", []string{"build", "-zzz"}},
		{"'-tags=a", []string{"build", "-zzz"}},
		{"--race --tags=a", []string{"build", "-zzz"}},
		{"-unsafeptr", []string{"build", "-zzz"}},
		{"-unsafeptr", []string{"vet", "-zzz"}},
		{"-count=x", []string{"test", "-count"}},
		{"-vet=bad", []string{"test", "-count"}},
		{"-C=dir", []string{"build", "-zzz"}},
	} {
		compare(t, dir, []string{"GOFLAGS=" + tc.goflags}, tc.args...)
	}
}
