package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProgressOnTerminal runs builds with standard error on a
// pseudo-terminal (through script(1)): a status line "[n/m] verb pkg"
// shows while the build runs and is erased before the compiler's errors
// and at the end. With standard error not a terminal nothing changes.
func TestProgressOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs builds")
	}
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) not found")
	}
	dir := writeTree(t, map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.22\n",
		"ok/main.go":  "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n",
		"bad/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(x) }\n",
	})
	gocache := filepath.Join(t.TempDir(), "gocache")
	env := []string{"GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local", "CGO_ENABLED=0", "GOCACHE=" + gocache}
	onTerminal := func(args ...string) string {
		cmd := gocmdCommand(t, dir, env)
		line := cmd.Path
		for _, a := range args {
			line += " '" + a + "'"
		}
		cmd.Path = script
		cmd.Args = []string{"script", "-qec", line, "/dev/null"}
		out, _ := cmd.CombinedOutput()
		return strings.ReplaceAll(string(out), "\r\n", "\n")
	}
	status := regexp.MustCompile(`\[\d+/\d+\] (compile|link|install) \S+`)

	out := onTerminal("build", "-o", filepath.Join(t.TempDir(), "ok"), "./ok")
	if !status.MatchString(out) {
		t.Errorf("no status line in %q", out)
	}
	if rest := strings.TrimRight(out[strings.LastIndex(out, "\r")+1:], " "); rest != "" {
		t.Errorf("output ends with %q, want the status line erased", rest)
	}

	out = onTerminal("build", "-o", filepath.Join(t.TempDir(), "bad"), "./bad")
	i := strings.Index(out, "# example.com/m/bad\n")
	if i < 0 {
		t.Fatalf("no compiler error in %q", out)
	}
	before := out[:i]
	if line := before[strings.LastIndex(before, "\r")+1:]; strings.TrimSpace(line) != "" {
		t.Errorf("error printed after %q on the same line", line)
	}
	if !strings.Contains(out[i:], "bad/main.go:5:27: undefined: x\n") {
		t.Errorf("compiler error missing in %q", out[i:])
	}

	// Not a terminal: no status line, the same output as go.
	got := runCmd(t, gocmdCommand(t, dir, env, "build", "-o", filepath.Join(t.TempDir(), "ok"), "./ok"))
	if got.stderr != "" || got.code != 0 {
		t.Errorf("without terminal: exit %d, stderr %q", got.code, got.stderr)
	}
	// -x on a terminal: the commands alone, no status line.
	out = onTerminal("build", "-x", "-o", filepath.Join(t.TempDir(), "ok"), "./ok")
	if status.MatchString(out) {
		t.Errorf("status line under -x: %q", out)
	}
}
