package telemetry

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var testProg = Program{Path: "cmd/go", Version: "go1.26.8", GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64"}

// a Wednesday
var testNow = time.Date(2026, 11, 18, 15, 4, 5, 0, time.UTC)

func setWeekends(t *testing.T, dir, day string) {
	t.Helper()
	if err := os.MkdirAll(LocalDir(dir), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(LocalDir(dir), "weekends"), []byte(day+"\n"), 0o666); err != nil {
		t.Fatal(err)
	}
}

func TestWriteTwice(t *testing.T) {
	if DisabledOnPlatform {
		t.Skip("telemetry disabled on this platform")
	}
	dir := t.TempDir()
	setWeekends(t, dir, "5") // Friday
	file, err := Write(dir, testProg, map[string]uint64{"go/invocations": 1, "go/subcommand:version": 1}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	// A second "process": same file, an existing counter and a new one.
	file2, err := Write(dir, testProg, map[string]uint64{"go/invocations": 1, "go/subcommand:env": 2}, testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if file != file2 {
		t.Fatalf("second write used %s, first %s", file2, file)
	}
	if want := "go@go1.26.8-go1.26.8-linux-amd64-2026-11-18.v1.count"; filepath.Base(file) != want {
		t.Errorf("file name %s, want %s", filepath.Base(file), want)
	}
	st, err := os.Stat(file)
	if err != nil || st.Size() != pageLen {
		t.Fatalf("stat: %v, size %d, want %d", err, st.Size(), pageLen)
	}
	f, err := ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	wantMeta := map[string]string{
		"TimeBegin": "2026-11-18T00:00:00Z",
		"TimeEnd":   "2026-11-20T00:00:00Z",
		"Program":   "cmd/go",
		"Version":   "go1.26.8",
		"GoVersion": "go1.26.8",
		"GOOS":      "linux",
		"GOARCH":    "amd64",
	}
	if fmt.Sprint(f.Meta) != fmt.Sprint(wantMeta) {
		t.Errorf("meta = %v, want %v", f.Meta, wantMeta)
	}
	wantCount := map[string]uint64{"go/invocations": 2, "go/subcommand:version": 1, "go/subcommand:env": 2}
	if fmt.Sprint(f.Count) != fmt.Sprint(wantCount) {
		t.Errorf("counts = %v, want %v", f.Count, wantCount)
	}
}

func TestGrowAndConcurrent(t *testing.T) {
	if DisabledOnPlatform {
		t.Skip("telemetry disabled on this platform")
	}
	dir := t.TempDir()
	setWeekends(t, dir, "0")
	const procs, names = 8, 300
	var wg sync.WaitGroup
	errs := make([]error, procs)
	for p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := map[string]uint64{"shared": 1}
			for i := range names {
				// Long names: the records fill several pages.
				counts[fmt.Sprintf("name/%03d/%s", i, strings.Repeat("x", 40+i%50))] = 1
			}
			counts[fmt.Sprintf("proc:%d", p)] = uint64(p + 1)
			_, errs[p] = Write(dir, testProg, counts, testNow)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(LocalDir(dir), FileName(testProg, testNow))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) <= pageLen || len(data)%pageLen != 0 {
		t.Errorf("file size %d: want several whole pages", len(data))
	}
	for end := pageLen; end <= len(data); end += pageLen {
		if tail := data[end-4 : end]; string(tail) != "\x00\x00\x00\x00" {
			t.Errorf("last bytes of page ending at %d used: %q", end, tail)
		}
	}
	f, err := Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Count) != 1+names+procs {
		t.Errorf("%d counters, want %d", len(f.Count), 1+names+procs)
	}
	if f.Count["shared"] != procs {
		t.Errorf("shared = %d, want %d", f.Count["shared"], procs)
	}
	for name, n := range f.Count {
		if strings.HasPrefix(name, "name/") && n != procs {
			t.Errorf("%s = %d, want %d", name, n, procs)
		}
	}
	for p := range procs {
		if n := f.Count[fmt.Sprintf("proc:%d", p)]; n != uint64(p+1) {
			t.Errorf("proc:%d = %d", p, n)
		}
	}
}

func TestHeaderMismatch(t *testing.T) {
	if DisabledOnPlatform {
		t.Skip("telemetry disabled on this platform")
	}
	dir := t.TempDir()
	setWeekends(t, dir, "3")
	file, err := Write(dir, testProg, map[string]uint64{"a": 1}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	// A changed upload day changes TimeEnd and so the expected header.
	setWeekends(t, dir, "4")
	if _, err := Write(dir, testProg, map[string]uint64{"a": 1}, testNow); err == nil {
		t.Fatal("write into a file with another header succeeded")
	}
	f, err := ReadFile(file)
	if err != nil || f.Count["a"] != 1 {
		t.Fatalf("file changed: %v %v", f, err)
	}
}

func TestWeekends(t *testing.T) {
	dir := t.TempDir()
	day, err := uploadDay(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "weekends"))
	if string(data) != fmt.Sprintf("%d\n", day) {
		t.Errorf("weekends file %q for day %d", data, day)
	}
	for _, tc := range []struct {
		day  time.Weekday
		want string
	}{
		{time.Wednesday, "2026-11-25"}, // same weekday: a week later
		{time.Thursday, "2026-11-19"},
		{time.Sunday, "2026-11-22"},
		{time.Tuesday, "2026-11-24"},
	} {
		w := weekOf(testNow, tc.day)
		if got := w.end.Format(dateLayout); got != tc.want || w.begin.Format(dateLayout) != "2026-11-18" {
			t.Errorf("weekOf(%v) = %v..%v, want end %s", tc.day, w.begin, w.end, tc.want)
		}
	}
}

func TestMode(t *testing.T) {
	dir := t.TempDir()
	if m := Mode(dir); m != "local" {
		t.Errorf("default mode %q", m)
	}
	if m := Mode(""); m != "off" {
		t.Errorf("mode without a directory %q", m)
	}
	if err := SetMode(dir, "off", testNow); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "mode"))
	if string(data) != "off 2026-11-18" {
		t.Errorf("mode file %q", data)
	}
	if Mode(dir) != "off" || Enabled(dir) {
		t.Errorf("mode %q after SetMode off", Mode(dir))
	}
	if err := SetMode(dir, "bad", testNow); err == nil || err.Error() != `invalid telemetry mode: "bad"` {
		t.Errorf("SetMode(bad) = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "mode"), []byte("on\n"), 0o666)
	if Mode(dir) != "on" {
		t.Errorf("mode %q, want on", Mode(dir))
	}
}

func TestDirs(t *testing.T) {
	env := []string{"HOME=/h", "XDG_CONFIG_HOME=/x"}
	if got := Dir(append(env, "TEST_TELEMETRY_DIR=/t")); got != "/t" {
		t.Errorf("Dir with TEST_TELEMETRY_DIR = %q", got)
	}
	if got := Dir(append(env, "TEST_TELEMETRY_DIR=")); got != DefaultDir(env) {
		t.Errorf("empty TEST_TELEMETRY_DIR not ignored: %q", got)
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
	default:
		if got := DefaultDir(env); got != "/x/go/telemetry" {
			t.Errorf("DefaultDir = %q", got)
		}
		if got := DefaultDir([]string{"HOME=/h"}); got != "/h/.config/go/telemetry" {
			t.Errorf("DefaultDir = %q", got)
		}
		if got := DefaultDir([]string{"HOME=/h", "XDG_CONFIG_HOME=rel"}); got != "" {
			t.Errorf("DefaultDir with relative XDG_CONFIG_HOME = %q", got)
		}
	}
}

func TestGoCommand(t *testing.T) {
	root := t.TempDir()
	if p := GoCommand(root); p.Version != "devel" || p.Path != "cmd/go" {
		t.Errorf("without VERSION: %+v", p)
	}
	os.WriteFile(filepath.Join(root, "VERSION"), []byte("go1.26.8\ntime 2026-08-28T16:20:06Z\n"), 0o666)
	if p := GoCommand(root); p.Version != "go1.26.8" || p.GoVersion != "go1.26.8" {
		t.Errorf("with VERSION: %+v", p)
	}
	os.WriteFile(filepath.Join(root, "VERSION"), []byte("go1.27rc1-X:foo\n"), 0o666)
	if p := GoCommand(root); p.Version != "devel" {
		t.Errorf("experiment version: %+v", p)
	}
	if got := FileName(GoCommand(root), testNow); got != "go@devel-devel-"+GoCommand(root).GOOS+"-"+GoCommand(root).GOARCH+"-2026-11-18.v1.count" {
		t.Errorf("FileName = %s", got)
	}
}

func TestMajorMinor(t *testing.T) {
	for in, want := range map[string]string{
		"6.8.0-45-generic": "6 8 true",
		"5.15_x":           "5 15 true",
		"4.19":             "4 19 true",
		"6":                "  false",
	} {
		a, b, ok := majorMinor(in)
		if got := fmt.Sprint(a, " ", b, " ", ok); got != want {
			t.Errorf("majorMinor(%q) = %s, want %s", in, got, want)
		}
	}
}
