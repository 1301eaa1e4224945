package toolchain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// RequestFor describes the running command for a switch in the middle
// of it.
func RequestFor(inv *base.Invocation) Request {
	return Request{Env: inv.Env, Dir: inv.Dir, Args: inv.Args, Environ: inv.Env.OSEnviron(), Stderr: inv.Stderr, CmdName: inv.CmdName, BeforeExec: inv.BeforeExec}
}

// Switcher collects a command's errors and, when one of them says that
// a go.mod needs a newer Go (a *gover.TooNewError) and GOTOOLCHAIN
// allows it, reruns the whole command with a toolchain new enough.
type Switcher struct {
	r      Request
	tooNew *gover.TooNewError // the highest requirement seen
	errs   []error
}

// NewSwitcher returns a Switcher for the running command.
func NewSwitcher(inv *base.Invocation) *Switcher {
	return &Switcher{r: RequestFor(inv)}
}

// Error records err.
func (s *Switcher) Error(err error) {
	s.errs = append(s.errs, err)
	s.noteTooNew(err)
}

func (s *Switcher) noteTooNew(err error) {
	switch e := err.(type) {
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			s.noteTooNew(inner)
		}
	case interface{ Unwrap() error }:
		s.noteTooNew(e.Unwrap())
	case *gover.TooNewError:
		if s.tooNew == nil || gover.Compare(e.GoVersion, s.tooNew.GoVersion) > 0 ||
			gover.Compare(e.GoVersion, s.tooNew.GoVersion) == 0 && e.What < s.tooNew.What {
			s.tooNew = e
		}
	}
}

// NeedSwitch reports whether a recorded error asks for a newer Go and
// GOTOOLCHAIN lets the command switch.
func (s *Switcher) NeedSwitch() bool {
	return s.tooNew != nil && (HasAuto(s.r.Env) || HasPath(s.r.Env))
}

// Switch reruns the command with a new enough toolchain when one is
// needed, and returns only if it cannot. The error returned holds the
// recorded errors, one a line (each as the command would print it,
// which Switch does not change), and why switching failed; it is nil
// when nothing was recorded.
func (s *Switcher) Switch(ctx context.Context) error {
	if !s.NeedSwitch() {
		return joinLines(s.errs)
	}
	err := s.switchNow(ctx)
	var ee *base.ExitError
	var xe *ExecError
	if errors.As(err, &ee) || errors.As(err, &xe) {
		return err
	}
	return joinLines(append(s.errs, err))
}

// ExecError is the failure to run (or download) the toolchain chosen
// by a switch: go reports it alone, without the errors that asked for
// the switch.
type ExecError struct{ Err error }

func (e *ExecError) Error() string { return e.Err.Error() }
func (e *ExecError) Unwrap() error { return e.Err }

// SwitchOnly is Switch for commands that print the recorded errors
// themselves: it returns nil when no switch is needed, and otherwise
// only the outcome of switching: why no toolchain was found (printed
// after the recorded errors), an *ExecError (printed instead of them),
// or the exit status of a toolchain run as a child.
func (s *Switcher) SwitchOnly(ctx context.Context) error {
	if !s.NeedSwitch() {
		return nil
	}
	return s.switchNow(ctx)
}

func (s *Switcher) switchNow(ctx context.Context) error {
	name, err := NewerToolchain(ctx, s.r, s.tooNew.GoVersion)
	if err != nil {
		return fmt.Errorf("go: switching to go >= %v: %w", s.tooNew.GoVersion, err)
	}
	fmt.Fprintf(s.r.Stderr, "go: %v requires go >= %v; switching to %v\n", s.tooNew.What, s.tooNew.GoVersion, name)
	err = Exec(ctx, s.r, name)
	var ee *base.ExitError
	if err == nil || errors.As(err, &ee) {
		return err
	}
	return &ExecError{err}
}

// SwitchOrError is Switch for a single error.
func SwitchOrError(ctx context.Context, inv *base.Invocation, err error) error {
	s := NewSwitcher(inv)
	s.Error(err)
	return s.Switch(ctx)
}

func joinLines(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	var lines []string
	for _, e := range errs {
		lines = append(lines, e.Error())
	}
	return errors.New(strings.Join(lines, "\n"))
}

// NewerToolchain picks the toolchain to switch to for a requirement of
// go >= need: the latest release of the oldest language version that
// satisfies it (or of the next one when that has only prereleases),
// among the releases in the module proxy (GOTOOLCHAIN=auto) or on PATH
// (GOTOOLCHAIN=path).
func NewerToolchain(ctx context.Context, r Request, need string) (string, error) {
	var list []string
	var err error
	if HasAuto(r.Env) {
		list, err = proxyToolchains(ctx, r)
	} else {
		list = pathToolchains(r)
	}
	if err != nil {
		return "", err
	}
	latest := ""
	for i := len(list) - 1; i >= 0; i-- {
		v := list[i]
		if gover.Compare(v, need) < 0 {
			break
		}
		if gover.Lang(latest) == gover.Lang(v) {
			continue
		}
		newer := latest
		latest = v
		if newer != "" && !gover.IsPrerelease(newer) {
			break
		}
	}
	if latest == "" {
		return "", fmt.Errorf("no releases found for go >= %v", need)
	}
	return "go" + latest, nil
}

// proxyToolchains lists the Go versions released as toolchain modules
// for this platform, oldest first.
func proxyToolchains(ctx context.Context, r Request) ([]string, error) {
	c := modfetch.NewCache(r.Env, r.Env.GOMODCACHE())
	versions, err := c.Versions(ctx, toolchainModule)
	if err != nil {
		return nil, err
	}
	suffix := "." + runtime.GOOS + "-" + runtime.GOARCH
	var list []string
	for _, v := range versions {
		rest, ok := strings.CutPrefix(v, toolchainVersion+"-go")
		if !ok {
			continue
		}
		if gv, ok := strings.CutSuffix(rest, suffix); ok && gover.IsValid(gv) {
			list = append(list, gv)
		}
	}
	sortVersions(list)
	return list, nil
}

// pathToolchains lists the Go versions of the go1.N.M commands on PATH,
// oldest first.
func pathToolchains(r Request) []string {
	seen := map[string]bool{}
	var list []string
	for _, dir := range filepath.SplitList(r.Env.OSGetenv("PATH")) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, de := range entries {
			if de.IsDir() || !strings.HasPrefix(de.Name(), "go1.") {
				continue
			}
			info, err := de.Info()
			if err != nil || info.Mode()&0o111 == 0 {
				continue
			}
			v := gover.FromToolchain(de.Name())
			if v == "" || "go"+v != de.Name() || seen[v] {
				continue
			}
			seen[v] = true
			list = append(list, v)
		}
	}
	sortVersions(list)
	return list
}

func sortVersions(list []string) {
	sort.Slice(list, func(i, j int) bool { return gover.Compare(list[i], list[j]) < 0 })
}
