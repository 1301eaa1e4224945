package buildid

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// These tests compare the package with the real go command and its
// buildid tool.

const realGo = "/usr/local/go/bin/go"

func needRealGo(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(realGo); err != nil {
		t.Skipf("real go command not found at %s", realGo)
	}
}

// runGo runs the real go command in dir with extra environment settings.
func runGo(t *testing.T, dir string, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(realGo, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// buildIDTool is the real "go tool buildid" program, found once per test
// with "go tool -n buildid" so that each use need not go through go.
type buildIDTool struct{ path string }

func newBuildIDTool(t *testing.T) buildIDTool {
	t.Helper()
	needRealGo(t)
	out, err := exec.Command(realGo, "tool", "-n", "buildid").Output()
	if err != nil {
		t.Fatalf("go tool -n buildid: %v", err)
	}
	return buildIDTool{strings.TrimSpace(string(out))}
}

// run returns what "go tool buildid args..." prints: the ID on success,
// else its error message without the "buildid: " prefix.
func (b buildIDTool) run(t *testing.T, args ...string) (id, errText string) {
	t.Helper()
	cmd := exec.Command(b.path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		msg, ok := strings.CutPrefix(stderr.String(), "buildid: ")
		if !ok {
			t.Fatalf("go tool buildid %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		return "", strings.TrimSuffix(msg, "\n")
	}
	return strings.TrimSuffix(stdout.String(), "\n"), ""
}

// compareRead checks that ReadFile agrees with go tool buildid on name,
// for the default and a small probe size.
func compareRead(t *testing.T, tool buildIDTool, name string, smallProbe bool) {
	t.Helper()
	wantID, wantErr := tool.run(t, name)
	probes := []int{defaultBinaryProbe}
	if smallProbe {
		probes = append(probes, 2048)
	}
	for _, probe := range probes {
		id, err := readFile(name, probe)
		errText := ""
		if err != nil {
			errText = err.Error()
		}
		if id != wantID || errText != wantErr {
			t.Errorf("%s (probe %d): ReadFile = %q, %q; go tool buildid: %q, %q", filepath.Base(name), probe, id, errText, wantID, wantErr)
		}
	}
}

func TestReadFileDiffSynthetic(t *testing.T) {
	tool := newBuildIDTool(t)
	dir := t.TempDir()
	for _, c := range writeCases(t, dir) {
		compareRead(t, tool, filepath.Join(dir, c.name), false)
	}
	compareRead(t, tool, filepath.Join(dir, "missing"), false)
	compareRead(t, tool, dir, false)
	for _, sys := range []string{"/bin/true", "/bin/sh", "/usr/lib/x86_64-linux-gnu/libc.a"} {
		if _, err := os.Stat(sys); err == nil {
			compareRead(t, tool, sys, true)
		}
	}
}

// buildFixtures builds a small module with the real go command and returns
// the files it made: a package archive, executables for several systems,
// an assembler object and, if as and ar are installed, an archive shaped
// like gccgo's.
func buildFixtures(t *testing.T) (dir string, files []string) {
	t.Helper()
	dir = t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.26\n")
	write("p/p.go", "package p\n\nfunc F() int { return 42 }\n")
	write("main.go", "package main\n\nimport \"example.com/m/p\"\n\nfunc main() { println(p.F()) }\n")
	write("f.s", "TEXT ·F(SB),0,$0\n\tRET\n")

	out := filepath.Join(dir, "out")
	add := func(name string) string {
		files = append(files, filepath.Join(out, name))
		return filepath.Join(out, name)
	}
	runGo(t, dir, nil, "build", "-o", add("p.a"), "./p")
	runGo(t, dir, nil, "build", "-o", add("hello"), ".")
	runGo(t, dir, nil, "build", "-trimpath", "-ldflags=-s -w", "-o", add("hello-stripped"), ".")
	runGo(t, dir, nil, "tool", "asm", "-p", "main", "-o", add("f.o"), "f.s")
	if !testing.Short() {
		for _, target := range []struct{ goos, goarch, name string }{
			{"windows", "amd64", "hello.exe"},
			{"darwin", "arm64", "hello-darwin-arm64"},
			{"linux", "386", "hello-386"},
		} {
			env := []string{"GOOS=" + target.goos, "GOARCH=" + target.goarch, "CGO_ENABLED=0"}
			runGo(t, dir, env, "build", "-o", add(target.name), ".")
		}
	}

	// A gccgo-style archive: an ELF object with a .go.buildid section in
	// a member named _buildid.o.
	if as, err := exec.LookPath("as"); err == nil {
		if ar, err := exec.LookPath("ar"); err == nil {
			write("_buildid.s", ".section .go.buildid,\"e\"\n\t.ascii \"gccgoActionIDxxxxxxx/gccgoContentIDyyyyyy\"\n")
			asm := exec.Command(as, "-o", "_buildid.o", "_buildid.s")
			asm.Dir = dir
			if out, err := asm.CombinedOutput(); err != nil {
				t.Fatalf("as: %v\n%s", err, out)
			}
			pack := exec.Command(ar, "rc", add("gccgo.a"), "_buildid.o")
			pack.Dir = dir
			if out, err := pack.CombinedOutput(); err != nil {
				t.Fatalf("ar: %v\n%s", err, out)
			}
		}
	}
	return dir, files
}

func TestDiffRealBuilds(t *testing.T) {
	tool := newBuildIDTool(t)
	_, files := buildFixtures(t)
	if exe, err := os.Executable(); err == nil {
		files = append(files, exe) // a Go test binary
	}

	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			compareRead(t, tool, name, true)
			id, err := ReadFile(name)
			if err != nil || !strings.Contains(id, Separator) {
				return // nothing to rewrite
			}
			// A gccgo archive's content ID was not made by hashing it.
			compareRewrite(t, tool, name, id, filepath.Base(name) != "gccgo.a")
		})
	}
}

// compareRewrite replaces the content part of the build ID id of the file
// name by a placeholder (its action ID, as go does before a tool runs),
// then computes the final ID twice: with "go tool buildid -w" on one copy
// and with UpdateFile on another. Both copies must come out identical, and
// if goMade, identical to the original.
func compareRewrite(t *testing.T, tool buildIDTool, name, id string, goMade bool) {
	t.Helper()
	orig, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	placeholder := id[:strings.LastIndex(id, Separator)+1] + ActionID(id)
	if placeholder == id {
		t.Fatalf("build ID %q is already a placeholder", id)
	}
	if len(placeholder) != len(id) {
		t.Skipf("build ID %q is not made of encoded hashes", id)
	}
	stale := bytes.ReplaceAll(orig, []byte(id), []byte(placeholder))

	dir := t.TempDir()
	theirs, ours := filepath.Join(dir, "theirs"), filepath.Join(dir, "ours")
	for _, f := range []string{theirs, ours} {
		if err := os.WriteFile(f, stale, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if gotID, errText := tool.run(t, theirs); gotID != placeholder || errText != "" {
		t.Fatalf("go tool buildid on the stale copy: %q, %q", gotID, errText)
	}
	if _, errText := tool.run(t, "-w", theirs); errText != "" {
		t.Fatalf("go tool buildid -w: %s", errText)
	}
	newID, err := UpdateFile(ours, placeholder)
	if err != nil {
		t.Fatal(err)
	}
	theirID, _ := tool.run(t, theirs)
	if newID != theirID {
		t.Errorf("UpdateFile = %q, go tool buildid -w wrote %q", newID, theirID)
	}
	a, _ := os.ReadFile(theirs)
	b, _ := os.ReadFile(ours)
	if !bytes.Equal(a, b) {
		t.Errorf("UpdateFile result differs from go tool buildid -w at byte %d", firstDiff(a, b))
	}
	if !goMade {
		return
	}
	if newID != id {
		t.Errorf("UpdateFile = %q, want the original %q", newID, id)
	}
	if !bytes.Equal(a, orig) {
		t.Errorf("go tool buildid -w did not restore the original file (byte %d)", firstDiff(a, orig))
	}

	// FindAndHash also works through a plain reader, and through a small
	// buffer, on files without ID-dependent regions.
	f, err := os.Open(ours)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m1, h1, err := FindAndHash(f, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if WithContentID(id, h1) != id {
		t.Errorf("FindAndHash on the final file gives content ID %s, want %s", HashToString(h1), ContentID(id))
	}
	if len(idDependentSpans(f)) == 0 {
		m2, h2, err := FindAndHash(onlyReader{bytes.NewReader(b)}, id, len(id))
		if err != nil || h2 != h1 || len(m2) != len(m1) {
			t.Errorf("FindAndHash with small buffer: %v, %x, %v; want %x, %v", err, h2, m2, h1, m1)
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestToolIDDiff checks the tool IDs against those the real go command
// mixes into its action IDs, which GODEBUG=gocachehash=1 prints.
func TestToolIDDiff(t *testing.T) {
	needRealGo(t)
	dir := writeModule(t)
	tooldir := strings.TrimSpace(string(runGo(t, dir, nil, "env", "GOTOOLDIR")))
	for _, exp := range []string{"", "nodwarf5"} {
		env := []string{"GODEBUG=gocachehash=1", "GOEXPERIMENT=" + exp}
		hashes := string(runGo(t, dir, env, "build", "-n", "-o", os.DevNull, "."))
		hashes += string(runGo(t, dir, env, "vet", "-n", "./p"))
		r := ToolIDRunner{Env: append(os.Environ(), env...)}
		ctx := context.Background()
		tool := func(name string) Tool {
			return Tool{Name: name, Path: filepath.Join(tooldir, name), Custom: name == "vet"}
		}
		// The hash inputs are printed quoted.
		for _, c := range []struct {
			name, action string
			line         func(id string) string
		}{
			{"compile", "build example.com/m", func(id string) string { return "compile " + id + " [] []\n" }},
			{"asm", "build runtime", func(id string) string { return "asm " + strconv.Quote(id) + " [] []\n" }},
			{"link", "link example.com/m", func(id string) string { return "link " + id + " [] exe\n" }},
			{"vet", "vet example.com/m/p", func(id string) string { return "vet " + strconv.Quote(id) + "\n" }},
		} {
			id, err := r.ToolID(ctx, tool(c.name))
			if err != nil {
				t.Fatalf("GOEXPERIMENT=%s: ToolID(%s): %v", exp, c.name, err)
			}
			if line := "HASH[" + c.action + "]: " + strconv.Quote(c.line(id)); !strings.Contains(hashes, line) {
				t.Errorf("GOEXPERIMENT=%s: %s tool ID %q: go's hash input lacks %s", exp, c.name, id, line)
			}
		}
	}
}

// writeModule writes a small module and returns its directory.
func writeModule(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.26\n",
		"p/p.go":  "package p\n\nfunc F() int { return 42 }\n",
		"main.go": "package main\n\nimport \"example.com/m/p\"\n\nfunc main() { println(p.F()) }\n",
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
