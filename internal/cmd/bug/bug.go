// Package bug implements 'go bug'.
package bug

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"gocmd/internal/base"
	"gocmd/internal/modload"
)

// Flags are the flags of 'go bug'.
type Flags struct {
	V bool // -v: verbose
}

// New returns the 'go bug' command.
func New() *base.Command {
	f := new(Flags)
	cmd := &base.Command{
		UsageLine: "go bug",
		Short:     "start a bug report",
		Long:      helpBug,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.V, "v", false, "")
	base.AddChdirFlag(fs)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return run(ctx, inv, f, args)
	}
	return cmd
}

// reporter gathers the report; commands it runs that fail are mentioned
// on stdout under -v and otherwise left out.
type reporter struct {
	inv *base.Invocation
	f   *Flags
	w   io.Writer
}

func run(ctx context.Context, inv *base.Invocation, f *Flags, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("go: bug takes no arguments")
	}
	if err := modload.CheckFIPS(inv.Env, nil, false); err != nil {
		return err
	}
	var buf strings.Builder
	r := &reporter{inv: inv, f: f, w: &buf}
	buf.WriteString("<!-- Please answer these questions before submitting your issue. Thanks! -->\n\n")
	buf.WriteString("### What version of Go are you using (`go version`)?\n\n<pre>\n$ go version\n")
	fmt.Fprintf(&buf, "go version %s %s/%s\n</pre>\n\n", inv.Env.GOVERSION(), runtime.GOOS, runtime.GOARCH)
	buf.WriteString("### Does this issue reproduce with the latest release?\n\n\n")
	buf.WriteString("### What operating system and processor architecture are you using (`go env`)?\n\n")
	buf.WriteString("<details><summary><code>go env</code> Output</summary><br><pre>\n$ go env\n")
	r.goEnv()
	// Like go, which asks runtime.GOROOT: only an explicit $GOROOT
	// counts (release toolchains carry no built-in GOROOT).
	gobin := filepath.Join(inv.Env.OSGetenv("GOROOT"), "bin", "go")
	r.cmdOut("GOROOT/bin/go version: ", gobin, "version")
	r.cmdOut("GOROOT/bin/go tool compile -V: ", gobin, "tool", "compile", "-V")
	r.osDetails()
	r.cDetails()
	buf.WriteString("</pre></details>\n\n")
	buf.WriteString("### What did you do?\n\n<!--\nIf possible, provide a recipe for reproducing the error.\n" +
		"A complete runnable program is good.\nA link on go.dev/play is best.\n-->\n\n\n\n" +
		"### What did you expect to see?\n\n\n\n### What did you see instead?\n\n")
	body := buf.String()
	if !openBrowser(inv, "https://github.com/golang/go/issues/new?body="+url.QueryEscape(body)) {
		fmt.Fprint(inv.Stdout, "Please file a new issue at golang.org/issue/new using this template:\n\n")
		fmt.Fprint(inv.Stdout, body)
	}
	return nil
}

// goEnv writes what 'go env' prints, asking this very go command.
func (r *reporter) goEnv() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	cmd := exec.Command(exe, "env")
	cmd.Dir = r.inv.Dir
	cmd.Env = r.inv.Env.OSEnviron()
	out, err := cmd.Output()
	if err != nil {
		if r.f.V {
			fmt.Fprintf(r.inv.Stdout, "go env: %v\n", err)
		}
		return
	}
	r.w.Write(out)
}

// cmdOut writes prefix and the trimmed output of a command, if it runs.
func (r *reporter) cmdOut(prefix, path string, args ...string) {
	out, err := r.output(path, args...)
	if err != nil {
		if r.f.V {
			fmt.Fprintf(r.inv.Stdout, "%s %s: %v\n", path, strings.Join(args, " "), err)
		}
		return
	}
	fmt.Fprintf(r.w, "%s%s\n", prefix, bytes.TrimSpace(out))
}

func (r *reporter) output(path string, args ...string) ([]byte, error) {
	cmd := exec.Command(path, args...)
	cmd.Dir = r.inv.Dir
	cmd.Env = r.inv.Env.Environ()
	return cmd.Output()
}

func (r *reporter) osDetails() {
	switch runtime.GOOS {
	case "darwin", "ios":
		r.cmdOut("uname -v: ", "uname", "-v")
		r.cmdOut("", "sw_vers")
	case "linux":
		r.cmdOut("uname -sr: ", "uname", "-sr")
		r.cmdOut("", "lsb_release", "-a")
		r.glibcVersion()
	case "openbsd", "netbsd", "freebsd", "dragonfly":
		r.cmdOut("uname -v: ", "uname", "-v")
	case "illumos", "solaris":
		r.cmdOut("uname -srv: ", "/usr/bin/uname", "-srv")
		if out, err := os.ReadFile("/etc/release"); err == nil {
			fmt.Fprintf(r.w, "/etc/release: %s\n", out)
		} else if r.f.V {
			fmt.Fprintf(r.inv.Stdout, "failed to read /etc/release: %v\n", err)
		}
	}
}

func (r *reporter) cDetails() {
	r.cmdOut("lldb --version: ", "lldb", "--version")
	out, err := r.output("gdb", "--version")
	if err != nil {
		if r.f.V {
			fmt.Fprintf(r.inv.Stdout, "failed to run gdb --version: %v\n", err)
		}
		return
	}
	fmt.Fprintf(r.w, "gdb --version: %s\n", firstLine(out))
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i > 0 {
		b = b[:i]
	}
	return bytes.TrimSpace(b)
}

// glibcVersion reports the C library a trivial C program links against,
// by running the library itself.
func (r *reporter) glibcVersion() {
	dir, err := os.MkdirTemp("", "")
	if err != nil {
		return
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "go-bug.c")
	exe := filepath.Join(dir, "go-bug")
	if os.WriteFile(src, []byte("int main() {}"), 0o644) != nil {
		return
	}
	if err := exec.Command("gcc", "-o", exe, src).Run(); err != nil {
		return
	}
	out, err := exec.Command("ldd", exe).CombinedOutput()
	if err != nil {
		return
	}
	m := regexp.MustCompile(`libc\.so[^ ]* => ([^ ]+)`).FindStringSubmatch(string(out))
	if m == nil {
		return
	}
	out, err = exec.Command(m[1]).Output()
	if err != nil {
		return
	}
	fmt.Fprintf(r.w, "%s: %s\n", m[1], firstLine(out))
	if i := bytes.IndexByte(out, '\n'); bytes.Contains(out, []byte("musl")) && i > -1 {
		fmt.Fprintf(r.w, "%s\n", firstLine(out[i+1:]))
	}
}

// openBrowser tries $BROWSER and the usual browsers in turn; a browser
// counts as started if it is still running after 3s or exited cleanly.
func openBrowser(inv *base.Invocation, u string) bool {
	var cmds [][]string
	if b := inv.Env.OSGetenv("BROWSER"); b != "" {
		cmds = append(cmds, []string{b})
	}
	switch runtime.GOOS {
	case "darwin":
		cmds = append(cmds, []string{"/usr/bin/open"})
	case "windows":
		cmds = append(cmds, []string{"cmd", "/c", "start"})
	default:
		if inv.Env.OSGetenv("DISPLAY") != "" {
			cmds = append(cmds, []string{"xdg-open"})
		}
	}
	cmds = append(cmds, []string{"chrome"}, []string{"google-chrome"}, []string{"chromium"}, []string{"firefox"})
	for _, args := range cmds {
		cmd := exec.Command(args[0], append(args[1:], u)...)
		cmd.Env = inv.Env.Environ()
		if cmd.Start() != nil {
			continue
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-time.After(3 * time.Second):
			return true
		case err := <-done:
			if err == nil {
				return true
			}
		}
	}
	return false
}
