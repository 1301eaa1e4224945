package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
	"rsc.io/script"
	"rsc.io/script/scripttest"
)

// TestScript runs every testdata/script/*.txt with gocmd as `go`.
//
// Each script runs in a fresh directory $WORK, starting in $WORK/gopath/src
// (as cmd/go's own scripts do), with an environment built from scratch:
//
//   - PATH starts with a directory holding `go` (this test binary acting
//     as gocmd) and one holding `real-go` (the installed go command, when
//     there is one), followed by the host's PATH;
//   - HOME is $WORK/home, so the default GOENV file and other per-user
//     state are private to the script;
//   - GOPATH is $WORK/gopath and GOMODCACHE its default below it;
//   - GOCACHE is one build cache shared by the scripts of this test run
//     (private to the run, but not rebuilt from scratch by every script);
//   - GOPROXY is a fake module proxy serving testdata/mod on loopback, with
//     GOSUMDB=off, and GOFLAGS, GOPRIVATE, GONOPROXY, GONOSUMDB empty;
//   - GOTOOLCHAIN=local, so no toolchain is ever downloaded.
//
// Besides the usual script commands there is `go`; `exec real-go` runs
// the real go command. Conditions: [exec:prog] (looked up in the script's
// PATH, so [exec:real-go] works), [short], [verbose], [GOOS:x], [GOARCH:x],
// [compiler:x], [root], [git] and [cgo] (a C compiler is on PATH).
//
// Set GOCMD_TESTWORK=1 to keep the work directories of the scripts.
func TestScript(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "script", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatal("no scripts in testdata/script")
	}
	h := &scriptHost{
		gocmd:    filepath.Join(gocmdBin(t), "go"),
		gocache:  t.TempDir(),
		goproxy:  startModProxy(t, filepath.Join("testdata", "mod")),
		keepWork: os.Getenv("GOCMD_TESTWORK") == "1",
	}
	if _, err := os.Stat(realGo); err == nil {
		h.realGoDir = t.TempDir()
		if err := os.Symlink(realGo, filepath.Join(h.realGoDir, "real-go")); err != nil {
			t.Fatal(err)
		}
	}

	ctx, gracePeriod := scriptContext(t)
	engine := &script.Engine{
		Cmds:  scriptCmds(h.gocmd, gracePeriod),
		Conds: scriptConds(),
		Quiet: !testing.Verbose(),
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h.run(ctx, t, engine, file)
		})
	}
}

// scriptHost is what the scripts of one TestScript run share.
type scriptHost struct {
	gocmd     string // path of the `go` link to gocmd
	realGoDir string // directory holding `real-go`, or ""
	gocache   string
	goproxy   string
	keepWork  bool
}

// run runs one script file.
func (h *scriptHost) run(ctx context.Context, t *testing.T, engine *script.Engine, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	work, err := os.MkdirTemp("", "gocmd-script-"+filepath.Base(strings.TrimSuffix(file, ".txt"))+"-")
	if err != nil {
		t.Fatal(err)
	}
	if h.keepWork {
		t.Logf("$WORK=%s (kept)", work)
	} else {
		t.Cleanup(func() { removeWork(t, work) })
	}
	for _, dir := range []string{"home", "tmp", filepath.Join("gopath", "src")} {
		if err := os.MkdirAll(filepath.Join(work, dir), 0o777); err != nil {
			t.Fatal(err)
		}
	}

	s, err := script.NewState(ctx, work, h.env(work))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Chdir(filepath.Join(work, "gopath", "src")); err != nil {
		t.Fatal(err)
	}
	if err := s.ExtractFiles(ar); err != nil {
		t.Fatal(err)
	}
	scripttest.Run(t, engine, s, file, bytes.NewReader(ar.Comment))
}

// env returns the initial environment of a script whose work directory
// is work.
func (h *scriptHost) env(work string) []string {
	path := filepath.Dir(h.gocmd)
	if h.realGoDir != "" {
		path += string(filepath.ListSeparator) + h.realGoDir
	}
	if p := os.Getenv("PATH"); p != "" {
		path += string(filepath.ListSeparator) + p
	}
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	env := []string{
		"GOCMD_TEST_AS_GO=1",
		"PATH=" + path,
		"WORK=" + work,
		"HOME=" + filepath.Join(work, "home"),
		"TMPDIR=" + filepath.Join(work, "tmp"),
		"GOPATH=" + filepath.Join(work, "gopath"),
		"GOCACHE=" + h.gocache,
		"GOPROXY=" + h.goproxy,
		"GOSUMDB=off",
		"GOPRIVATE=",
		"GONOPROXY=",
		"GONOSUMDB=",
		"GOFLAGS=",
		"GOTOOLCHAIN=local",
		"GOEXE=" + exe,
	}
	// Programs that cgo builds need, when the host chose them.
	for _, name := range []string{"CC", "CXX", "LD_LIBRARY_PATH", "SYSTEMROOT"} {
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	return env
}

// scriptContext returns the context scripts run in, ending a little
// before the test's deadline so that scripts can report what hung, and
// the grace period between interrupting and killing a subprocess.
func scriptContext(t *testing.T) (context.Context, time.Duration) {
	ctx := context.Background()
	grace := 100 * time.Millisecond
	if deadline, ok := t.Deadline(); ok {
		left := time.Until(deadline)
		if g := left / 20; g > grace {
			grace = g
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, left-2*grace)
		t.Cleanup(cancel)
	}
	return ctx, grace
}

// scriptCmds returns the script commands: the usual ones and `go`.
func scriptCmds(gocmd string, grace time.Duration) map[string]script.Cmd {
	cmds := scripttest.DefaultCmds()
	interrupt := func(cmd *exec.Cmd) error { return cmd.Process.Signal(os.Interrupt) }
	cmds["go"] = script.Program(gocmd, interrupt, grace)
	return cmds
}

// scriptConds returns the script conditions.
func scriptConds() map[string]script.Cond {
	conds := scripttest.DefaultConds()
	conds["exec"] = script.PrefixCondition(
		"<suffix> names an executable in the script's PATH",
		func(s *script.State, name string) (bool, error) {
			return lookScriptPath(s, name), nil
		})
	conds["git"] = script.Condition(
		"the git command is in the script's PATH",
		func(s *script.State) (bool, error) { return lookScriptPath(s, "git"), nil })
	conds["cgo"] = script.OnceCondition(
		"a C compiler is available for cgo",
		func() (bool, error) {
			for _, cc := range []string{os.Getenv("CC"), "gcc", "clang", "cc"} {
				if cc == "" {
					continue
				}
				if _, err := exec.LookPath(cc); err == nil {
					return true, nil
				}
			}
			return false, nil
		})
	return conds
}

// lookScriptPath reports whether name is an executable file in one of the
// directories of the script's PATH.
func lookScriptPath(s *script.State, name string) bool {
	path, _ := s.LookupEnv("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		for _, ext := range executableExts() {
			st, err := os.Stat(filepath.Join(dir, name+ext))
			if err == nil && st.Mode().IsRegular() && (runtime.GOOS == "windows" || st.Mode().Perm()&0o111 != 0) {
				return true
			}
		}
	}
	return false
}

func executableExts() []string {
	if runtime.GOOS == "windows" {
		return []string{".exe", ".bat", ".cmd", ""}
	}
	return []string{""}
}

// removeWork removes a script's work directory, including the read-only
// directories of a module cache inside it.
func removeWork(t *testing.T, work string) {
	filepath.WalkDir(work, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o777)
		}
		return nil
	})
	if err := os.RemoveAll(work); err != nil {
		t.Log(err)
	}
}
