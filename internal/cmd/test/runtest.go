package test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"gocmd/internal/work"
)

// runActor runs one test binary and records its output.
type runActor struct {
	t *tester
	c runCache

	output *bytes.Buffer // what the print action prints

	// Tests start in order: wait for prev, then close next.
	prev <-chan struct{}
	next chan<- struct{}
}

var (
	noTestsToRun      = []byte("\ntesting: warning: no tests to run\n")
	noFuzzTestsToFuzz = []byte("\ntesting: warning: no fuzz tests to fuzz\n")
	tooManyFuzzTests  = []byte("\ntesting: warning: -fuzz matches more than one fuzz test, won't fuzz\n")
)

func (r *runActor) act(b *work.Builder, ctx context.Context, a *work.Action) (err error) {
	t := r.t
	sh := b.Shell(a)
	var buildAction *work.Action
	if len(a.Deps) > 0 && a.Deps[0].Mode == "test barrier" {
		buildAction = a.Deps[0].Deps[0]
	} else {
		buildAction = a.Deps[0]
	}

	if r.prev != nil {
		select {
		case <-r.prev:
			if t.interrupted.Load() {
				close(r.next)
				t.setExitStatus(1)
				return nil
			}
			if t.shouldFailFast.Load() {
				close(r.next)
				return nil
			}
		case <-ctx.Done():
			t.setExitStatus(1)
			return nil
		}
	}

	stream := len(t.pkgArgs) == 0 || t.f.Bench != "" || t.f.Fuzz != ""
	streamAndCache := t.showPass() && (len(t.pkgs) == 1 || t.f.P == 1) || t.f.JSON

	var stdout io.Writer = t.stdout
	var runErr error
	var conv *converter
	if t.f.JSON {
		conv = newConverter(t.stdout, a.Package.ImportPath)
		defer func() {
			conv.exited(runErr)
			conv.Close()
		}()
		stdout = conv
	}
	var buf bytes.Buffer
	switch {
	case stream:
	case streamAndCache:
		stdout = io.MultiWriter(stdout, &buf)
	default:
		stdout = &buf
	}
	if r.next != nil {
		close(r.next)
	}

	if a.Failed != nil {
		if conv != nil && a.Failed.Package != nil && !t.jsonBuildText {
			conv.failedBuild = a.Failed.Package.Desc()
		}
		a.Failed = nil
		fmt.Fprintf(stdout, "FAIL\t%s [build failed]\n", a.Package.ImportPath)
		runErr = errors.New("build failed")
		t.setExitStatus(1)
		if stdout == &buf {
			r.output = &buf
		}
		return nil
	}

	if p := a.Package; len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
		reported, err := t.reportNoTestCoverage(ctx, b, a, stdout)
		if err != nil {
			return err
		}
		if !reported {
			fmt.Fprintf(stdout, "?   \t%s\t[no test files]\n", p.ImportPath)
		}
		if stdout == &buf {
			r.output = &buf
		}
		return nil
	}

	if r.c.buf == nil {
		r.c.tryCacheWithID(t, b, a, buildAction.BuildContentID())
	}
	if r.c.buf != nil {
		if stdout != &buf {
			stdout.Write(r.c.buf.Bytes())
			r.c.buf.Reset()
		}
		r.output = r.c.buf
		return nil
	}

	var args []string
	args = append(args, t.execCmd...)
	args = append(args, buildAction.BuiltTarget())
	if !r.c.disableCache && len(t.execCmd) == 0 {
		args = append(args, "-test.testlogfile="+a.Objdir+"testlog.txt")
	}
	args = append(args, "-test.paniconexit0")
	if t.f.Fuzz != "" {
		if c := b.TestCache(); c != nil {
			if fd, ok := c.(interface{ FuzzDir() string }); ok {
				args = append(args, "-test.fuzzcachedir="+filepath.Join(fd.FuzzDir(), a.Package.ImportPath))
			}
		}
	}
	coverArgs, coverEnv, err := t.coverArgs(b, a)
	if err != nil {
		return err
	}
	args = append(args, coverArgs...)
	args = append(args, t.testArgs...)
	t.setCoverProfileArg(a, args)

	if t.f.N || t.f.X {
		sh.ShowCmd("", "%s", strings.Join(args, " "))
		if t.f.N {
			return nil
		}
	}

	if t.killTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t.killTimeout)
		defer cancel()
	}
	var (
		cmd    *exec.Cmd
		t0     time.Time
		killed bool
	)
	for {
		cmd = exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir = a.Package.Dir
		cmd.Env = t.testEnv(cmd.Dir)
		if coverEnv != "" {
			cmd.Env = append(cmd.Env, coverEnv)
		}
		cmd.Stdout = stdout
		cmd.Stderr = stdout
		cmd.Cancel = func() error {
			err := cmd.Process.Kill()
			if err == nil {
				killed = true
			}
			return err
		}
		cmd.WaitDelay = t.waitDelay
		t0 = time.Now()
		runErr = cmd.Run()
		if !errors.Is(runErr, syscall.ETXTBSY) {
			break
		}
	}

	out := buf.Bytes()
	r.output = &buf
	elapsed := fmt.Sprintf("%.3fs", time.Since(t0).Seconds())
	t.mergeProfile(coverProfTempFile(a))

	if runErr == nil {
		norun := ""
		if !t.showPass() && !t.f.JSON {
			buf.Reset()
		}
		switch {
		case bytes.HasPrefix(out, noTestsToRun[1:]) || bytes.Contains(out, noTestsToRun):
			norun = " [no tests to run]"
		}
		if bytes.HasPrefix(out, noFuzzTestsToFuzz[1:]) || bytes.Contains(out, noFuzzTestsToFuzz) {
			norun = " [no fuzz tests to fuzz]"
		}
		if bytes.HasPrefix(out, tooManyFuzzTests[1:]) || bytes.Contains(out, tooManyFuzzTests) {
			norun = "[-fuzz matches more than one fuzz test, won't fuzz]"
		}
		if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
			cmd.Stdout.Write([]byte("\n"))
		}
		fmt.Fprintf(cmd.Stdout, "ok  \t%s\t%s%s%s\n", a.Package.ImportPath, elapsed, t.coveragePercentage(out), norun)
		r.c.saveOutput(t, b, a, r.output)
	} else {
		if t.f.FailFast {
			t.shouldFailFast.Store(true)
		}
		t.setExitStatus(1)
		if killed {
			fmt.Fprintf(cmd.Stdout, "*** Test killed: ran too long (%v).\n", t.killTimeout)
		} else if errors.Is(runErr, exec.ErrWaitDelay) {
			fmt.Fprintf(cmd.Stdout, "*** Test I/O incomplete %v after exiting.\n", cmd.WaitDelay)
		}
		var ee *exec.ExitError
		if !errors.As(runErr, &ee) || !ee.Exited() || len(out) == 0 {
			fmt.Fprintf(cmd.Stdout, "%s\n", runErr)
		} else if !bytes.HasSuffix(out, []byte("\n")) {
			cmd.Stdout.Write([]byte("\n"))
		}
		prefix := ""
		if t.f.JSON || t.f.V.Test2JSON {
			prefix = "\x16"
		}
		fmt.Fprintf(cmd.Stdout, "%sFAIL\t%s\t%s\n", prefix, a.Package.ImportPath, elapsed)
	}
	if cmd.Stdout != &buf {
		buf.Reset()
	}
	return nil
}

// testEnv is the environment of a test binary: the go command's own,
// with GOROOT/bin first in $PATH and $PWD set to dir.
func (t *tester) testEnv(dir string) []string {
	env := t.inv.Env.ProgramEnviron()
	if filepath.IsAbs(dir) {
		env = append(env, "PWD="+dir)
	}
	return env
}
