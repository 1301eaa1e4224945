package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gocmd/internal/buildid"
)

// blankBuildID returns the file's contents with every copy of its build
// ID zeroed, and the ID.
func blankBuildID(t *testing.T, file string) ([]byte, string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	id, err := buildid.ReadFile(file)
	if err != nil {
		t.Fatalf("reading build ID of %s: %v", file, err)
	}
	if id != "" {
		data = bytes.ReplaceAll(data, []byte(id), make([]byte, len(id)))
	}
	return data, id
}

// helloModule writes a hello-world module and returns its directory.
func helloModule(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/hello\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n")
	return dir
}

// TestBuildIdenticalBinaries builds programs with go and with gocmd and
// checks that the executables are byte-identical once their build IDs are
// blanked (they are in fact identical: gocmd computes go's action IDs).
func TestBuildIdenticalBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	hello := helloModule(t)
	out := t.TempDir()
	// The first case gives gocmd a cache of its own, so that it compiles
	// everything itself rather than reusing what go put in the cache
	// (the action IDs being the same, it would otherwise).
	ownCache := []string{"GOCACHE=" + t.TempDir()}
	for _, tc := range []struct {
		name, dir, pkg string
		flags          []string
		env            []string
	}{
		{"hello-trimpath-own-cache", hello, ".", []string{"-trimpath"}, ownCache},
		{"hello", hello, ".", nil, nil},
		{"gocmd-trimpath", repo, "./cmd/gocmd", []string{"-trimpath", "-buildvcs=false"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := filepath.Join(out, tc.name+".go")
			got := filepath.Join(out, tc.name+".gocmd")
			args := append([]string{"build"}, tc.flags...)
			if r := runCmd(t, realGoCommand(t, tc.dir, nil, append(args, "-o", want, tc.pkg)...)); r.code != 0 {
				t.Fatalf("go build: %s", r.stderr)
			}
			if r := runCmd(t, gocmdCommand(t, tc.dir, tc.env, append(args, "-o", got, tc.pkg)...)); r.code != 0 {
				t.Fatalf("gocmd build: %s", r.stderr)
			}
			wd, wid := blankBuildID(t, want)
			gd, gid := blankBuildID(t, got)
			if !bytes.Equal(wd, gd) {
				t.Errorf("binaries differ beyond their build IDs (go %s, gocmd %s)", wid, gid)
			}
			if wid != gid {
				t.Logf("build IDs differ: go %s, gocmd %s", wid, gid)
			}
		})
	}
}

var (
	workRE     = regexp.MustCompile(`/tmp/go-build[0-9]+`)
	buildIDRE  = regexp.MustCompile(`-buildid[ =]\S+`)
	cacheRE    = regexp.MustCompile(`\S*/[0-9a-f]{2}/[0-9a-f]{64}-d`)
	realGoRoot = regexp.MustCompile(`(?m)^go: downloading .*\n`)
)

// normalizeX hides what differs between two runs of the same build: the
// work directory, build IDs of fresh compiles and cache file names.
func normalizeX(s string) string {
	s = workRE.ReplaceAllString(s, "$$WORK")
	s = buildIDRE.ReplaceAllString(s, "-buildid=ID")
	s = cacheRE.ReplaceAllString(s, "CACHEFILE")
	return realGoRoot.ReplaceAllString(s, "")
}

// TestBuildDashNX compares the scripts go build -n and -x print.
func TestBuildDashNX(t *testing.T) {
	if testing.Short() {
		t.Skip("runs builds")
	}
	hello := helloModule(t)
	exe := filepath.Join(t.TempDir(), "hello")
	for _, tc := range []struct {
		name string
		args []string
		edit string // new source before each run, so that main is compiled
	}{
		{"n-all", []string{"build", "-n", "-a", "-p", "1", "-o", exe, "."}, ""},
		{"n", []string{"build", "-n", "-o", exe, "."}, ""},
		{"n-gcflags", []string{"build", "-n", "-gcflags=-N -l", "-ldflags=-s", "-o", exe, "."}, ""},
		{"x", []string{"build", "-x", "-p", "1", "-o", exe, "."}, "fmt.Println(\"x\")"},
		{"x-trimpath", []string{"build", "-x", "-p", "1", "-trimpath", "-o", exe, "."}, "fmt.Println(\"y\")"},
		{"run-n", []string{"run", "-n", "."}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(cmd func(testing.TB, string, []string, ...string) *exec.Cmd, tag string) result {
				if tc.edit != "" {
					src := "package main\n\nimport \"fmt\"\n\nfunc main() { " + tc.edit + " }\n// " + tag + "\n"
					writeFile(t, filepath.Join(hello, "main.go"), src)
				}
				return runCmd(t, cmd(t, hello, nil, tc.args...))
			}
			want := run(realGoCommand, "go")
			got := run(gocmdCommand, "gocmd")
			if got.code != want.code {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", got.code, want.code, got.stderr)
			}
			if w, g := normalizeX(want.stderr), normalizeX(got.stderr); w != g {
				t.Errorf("stderr differs:\n%s", lineDiff(w, g))
			}
			if got.stdout != want.stdout {
				t.Errorf("stdout %q, want %q", got.stdout, want.stdout)
			}
		})
	}
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  go:    " + w + "\n  gocmd: " + g + "\n")
			if n++; n == 5 {
				break
			}
		}
	}
	return b.String()
}
