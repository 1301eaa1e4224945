package vcs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"gocmd/internal/par"
)

// Runner runs VCS commands for one invocation of the go command and
// remembers what it learned (statuses by repository root).
type Runner struct {
	// Environ is the commands' environment; nil means os.Environ().
	Environ []string
	// LookPath locates a binary (the invocation's PATH); nil means
	// exec.LookPath.
	LookPath func(file string) (string, error)
	// X receives each command as 'go build -x' prints it; nil prints
	// nothing.
	X io.Writer
	// Verbose (-v) makes a failing status command print itself and its
	// error output on Stderr.
	Verbose bool
	// Stderr receives "go: missing Git command..." and, with Verbose,
	// the output of failing commands. Nil discards them.
	Stderr io.Writer
	// AllowMultipleVCS is GODEBUG=allowmultiplevcs=1.
	AllowMultipleVCS bool

	mu       sync.Mutex // serializes writes to X and Stderr
	statuses par.Cache[string, statusResult]
	gits     par.Cache[string, *localGitResult]
	memo     par.Cache[string, memoResult]
}

type memoResult struct {
	s   string
	err error
}

// Once returns f's result for key, calling f only the first time the
// Runner is asked for key: lookups derived from repositories (such as a
// module's version at a revision) are made once per invocation.
func (r *Runner) Once(key string, f func() (string, error)) (string, error) {
	res := r.memo.Do(key, func() memoResult {
		s, err := f()
		return memoResult{s, err}
	})
	return res.s, res.err
}

type statusResult struct {
	st  Status
	err error
}

// FromDir is FromDir with the Runner's allowmultiplevcs setting.
func (r *Runner) FromDir(dir string) (string, *Cmd, error) {
	return FromDir(dir, r.AllowMultipleVCS)
}

// Status returns the status of the checkout rooted at rootDir, running
// v's status commands the first time it is asked for rootDir.
func (r *Runner) Status(ctx context.Context, v *Cmd, rootDir string) (Status, error) {
	res := r.statuses.Do(v.Cmd+"\x00"+rootDir, func() statusResult {
		st, err := v.status(ctx, r, v, rootDir)
		return statusResult{st, err}
	})
	return res.st, res.err
}

// Available reports whether v's binary can be found.
func (r *Runner) Available(v *Cmd) bool {
	_, err := r.lookPath(v.Cmd)
	return err == nil
}

func (r *Runner) lookPath(file string) (string, error) {
	if r.LookPath == nil {
		return exec.LookPath(file)
	}
	p, err := r.LookPath(file)
	if err != nil {
		// Report it as the standard library does.
		return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
	}
	return p, nil
}

func (r *Runner) printf(w io.Writer, format string, args ...any) {
	if w == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(w, format, args...)
}

func (r *Runner) command(ctx context.Context, bin, dir string, args []string, extraEnv []string) *exec.Cmd {
	c := exec.CommandContext(ctx, bin, args...)
	c.Dir = dir
	if r.Environ != nil {
		c.Env = r.Environ
	}
	c.Env = append(c.Environ(), extraEnv...)
	return c
}

// output runs a status command of v in dir, the way go runs the
// commands of its VCS table: cmdline is split on spaces; a missing
// binary is reported on Stderr; -x shows "cd dir" and the command line.
func (r *Runner) output(ctx context.Context, v *Cmd, dir, cmdline string) ([]byte, error) {
	args := strings.Fields(cmdline)
	bin, err := r.lookPath(v.Cmd)
	if err != nil {
		r.printf(r.Stderr, "go: missing %s command. See https://golang.org/s/gogetcmd\n", v.Name)
		return nil, err
	}
	r.printf(r.X, "cd %s\n%s %s\n", dir, v.Cmd, strings.Join(args, " "))
	c := r.command(ctx, bin, dir, args, v.Env)
	out, err := c.Output()
	if err != nil && r.Verbose {
		var msg []byte
		if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
			msg = ee.Stderr
		} else {
			msg = []byte(err.Error() + "\n")
		}
		r.printf(r.Stderr, "# cd %s; %s %s\n%s", dir, v.Cmd, strings.Join(args, " "), msg)
	}
	return out, err
}

// RunError is a failed command of a module repository, with its error
// output.
type RunError struct {
	Cmd    string
	Err    error
	Stderr []byte
	// HelpText, if set, is printed on a line after the error.
	HelpText string
}

func (e *RunError) Error() string {
	text := e.Cmd + ": " + e.Err.Error()
	stderr := bytes.TrimRight(e.Stderr, "\n")
	if len(stderr) > 0 {
		text += ":\n\t" + strings.ReplaceAll(string(stderr), "\n", "\n\t")
	}
	if e.HelpText != "" {
		text += "\n" + e.HelpText
	}
	return text
}

// quoteRepoArg quotes one argument the way go's -x output shows the
// commands it runs on module repositories.
func quoteRepoArg(arg string) string {
	switch {
	case strings.ContainsAny(arg, "'"):
		r := strings.NewReplacer(`"`, `\"`, `$`, `\$`, "`", "\\`", `\`, `\\`)
		return `"` + r.Replace(arg) + `"`
	case strings.ContainsAny(arg, "$`\\*?[\"\t\n\v\f\r \u0085\u00a0"):
		return "'" + arg + "'"
	}
	return arg
}

// runRepo runs a command on a module repository in dir (as go's module
// fetcher does): -x shows "cd dir; cmd" before and the time it took
// after.
func (r *Runner) runRepo(ctx context.Context, dir string, cmdline ...string) ([]byte, error) {
	return r.runRepoEnv(ctx, dir, nil, cmdline...)
}

// runRepoEnv is runRepo with extra environment variables.
func (r *Runner) runRepoEnv(ctx context.Context, dir string, env []string, cmdline ...string) ([]byte, error) {
	var text string
	if r.X != nil {
		var b strings.Builder
		if dir != "" {
			b.WriteString("cd " + dir + "; ")
		}
		for i, arg := range cmdline {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(quoteRepoArg(arg))
		}
		text = b.String()
		r.printf(r.X, "%s\n", text)
		start := time.Now()
		defer func() { r.printf(r.X, "%.3fs # %s\n", time.Since(start).Seconds(), text) }()
	}
	bin := cmdline[0]
	if p, err := r.lookPath(bin); err == nil {
		bin = p
	}
	var stdout, stderr bytes.Buffer
	c := r.command(ctx, bin, dir, cmdline[1:], env)
	c.Stdout = &stdout
	c.Stderr = &stderr
	c.Cancel = func() error { return c.Process.Signal(os.Interrupt) }
	if err := c.Run(); err != nil {
		return stdout.Bytes(), &RunError{Cmd: strings.Join(cmdline, " ") + " in " + dir, Err: err, Stderr: stderr.Bytes()}
	}
	return stdout.Bytes(), nil
}
