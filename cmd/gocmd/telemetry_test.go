package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gocmd/internal/telemetry"
)

// runForCounters runs gocmd with TEST_TELEMETRY_DIR=tdir once per
// argument list, ignoring exit statuses.
func runForCounters(t *testing.T, tdir string, runs ...[]string) {
	t.Helper()
	work := t.TempDir()
	for _, args := range runs {
		cmd := gocmdCommand(t, work, []string{"TEST_TELEMETRY_DIR=" + tdir, "HOME=" + work}, args...)
		out, err := cmd.CombinedOutput()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// localCounts sums the counters of all counter files under tdir.
func localCounts(t *testing.T, tdir string) map[string]uint64 {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(telemetry.LocalDir(tdir), "*.count"))
	total := map[string]uint64{}
	for _, file := range files {
		f, err := telemetry.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range f.Count {
			total[k] += v
		}
	}
	return total
}

func TestTelemetryCounters(t *testing.T) {
	if telemetry.DisabledOnPlatform {
		t.Skip("telemetry disabled on this platform")
	}
	tdir := filepath.Join(t.TempDir(), "telemetry")
	runForCounters(t, tdir,
		[]string{"help", "build"},
		[]string{"help", "no-such-topic"},
		[]string{"no-such-command"},
		[]string{"-C", ".", "help"},
	)
	got := localCounts(t, tdir)
	want := map[string]uint64{
		"go/invocations":                   4,
		"go/subcommand:help-build":         1,
		"go/subcommand:help":               1,
		"go/subcommand:help-no-such-topic": 1,
		"go/errors:help-unknown-topic":     1,
		"go/subcommand:unknown":            1,
		"go/flag:C":                        1,
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s = %d, want %d (all: %v)", name, got[name], n, got)
		}
	}
	if _, err := os.Stat(filepath.Join(telemetry.LocalDir(tdir), "weekends")); err != nil {
		t.Errorf("no weekends file: %v", err)
	}
}

func TestTelemetryOff(t *testing.T) {
	// The mode file says off: nothing is written.
	tdir := filepath.Join(t.TempDir(), "telemetry")
	if err := telemetry.SetMode(tdir, "off", time.Now()); err != nil {
		t.Fatal(err)
	}
	runForCounters(t, tdir, []string{"help", "build"})
	if _, err := os.Stat(telemetry.LocalDir(tdir)); !os.IsNotExist(err) {
		t.Errorf("mode off: local directory exists (%v)", err)
	}

	// 'go telemetry off' itself never counts.
	tdir = filepath.Join(t.TempDir(), "telemetry")
	runForCounters(t, tdir, []string{"telemetry", "off"}, []string{"-C", ".", "telemetry", "off"}, []string{"telemetry", "-C=.", "off"})
	if _, err := os.Stat(telemetry.LocalDir(tdir)); !os.IsNotExist(err) {
		t.Errorf("go telemetry off: local directory exists (%v)", err)
	}
}

// TestTelemetryRealReader checks that x/telemetry's own reader, as vendored
// in GOROOT/src/cmd and used by cmd/go's script tests, accepts the files
// gocmd writes, and that the real go command adds to the same file. The
// reader is built with the real go through an overlay inside GOROOT/src/cmd
// (nothing is written to GOROOT); the test is skipped when that fails.
func TestTelemetryRealReader(t *testing.T) {
	if testing.Short() {
		t.Skip("builds x/telemetry with the real go")
	}
	if telemetry.DisabledOnPlatform {
		t.Skip("telemetry disabled on this platform")
	}
	if _, err := os.Stat(realGo); err != nil {
		t.Skipf("no real go at %s", realGo)
	}
	goroot := filepath.Dir(filepath.Dir(realGo))
	src := t.TempDir()
	const checker = `package gocmdtelcheck

import (
	"encoding/json"
	"os"
	"testing"

	"golang.org/x/telemetry/counter/countertest"
)

func TestRead(t *testing.T) {
	counts, _, err := countertest.ReadFile(os.Getenv("GOCMD_COUNTER_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	json.NewEncoder(os.Stdout).Encode(counts)
}
`
	pkgDir := filepath.Join(goroot, "src", "cmd", "gocmdtelcheck")
	overlay := map[string]map[string]string{"Replace": {
		filepath.Join(pkgDir, "check_test.go"): filepath.Join(src, "check_test.go"),
		filepath.Join(pkgDir, "doc.go"):        filepath.Join(src, "doc.go"),
	}}
	js, _ := json.Marshal(overlay)
	for name, data := range map[string]string{
		"check_test.go": checker,
		"doc.go":        "package gocmdtelcheck\n",
		"overlay.json":  string(js),
	} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(src, "check.test")
	build := realGoCommand(t, filepath.Join(goroot, "src", "cmd"), []string{"GOFLAGS=", "GOWORK=off"},
		"test", "-c", "-vet=off", "-overlay="+filepath.Join(src, "overlay.json"), "-o", bin, "./gocmdtelcheck")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build x/telemetry's reader: %v\n%s", err, out)
	}

	tdir := filepath.Join(t.TempDir(), "telemetry")
	runForCounters(t, tdir, []string{"help", "build"}, []string{"no-such-command"})
	real := realGoCommand(t, t.TempDir(), []string{"TEST_TELEMETRY_DIR=" + tdir}, "help", "build")
	if out, err := real.CombinedOutput(); err != nil {
		t.Fatalf("real go help build: %v\n%s", err, out)
	}
	runForCounters(t, tdir, []string{"help", "build"})

	files, _ := filepath.Glob(filepath.Join(telemetry.LocalDir(tdir), "*.count"))
	if len(files) != 1 {
		t.Fatalf("counter files %v, want one shared by gocmd and go", files)
	}
	read := exec.Command(bin, "-test.run=^TestRead$")
	read.Env = append(os.Environ(), "GOCMD_COUNTER_FILE="+files[0])
	out, err := read.Output()
	if err != nil {
		t.Fatalf("x/telemetry reader: %v\n%s", err, out)
	}
	var counts map[string]uint64
	line, _, _ := strings.Cut(string(out), "\n")
	if err := json.Unmarshal([]byte(line), &counts); err != nil {
		t.Fatalf("reader output %q: %v", out, err)
	}
	want := fmt.Sprint(localCounts(t, tdir))
	if fmt.Sprint(counts) != want {
		t.Errorf("x/telemetry reads %v\ngocmd reads %v", counts, want)
	}
	if counts["go/invocations"] != 4 || counts["go/subcommand:help-build"] != 3 {
		t.Errorf("counts %v: want 4 invocations, 3 help-build", counts)
	}
}
