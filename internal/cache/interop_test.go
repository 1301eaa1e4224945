package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// realGo returns the go command of the installed toolchain, the oracle
// for the cache format ($GOCMD_REAL_GO overrides the default path).
func realGo(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds with the real go command")
	}
	goCmd := os.Getenv("GOCMD_REAL_GO")
	if goCmd == "" {
		goCmd = "/usr/local/go/bin/go"
	}
	if _, err := os.Stat(goCmd); err != nil {
		t.Skipf("real go command not found: %v", err)
	}
	return goCmd
}

// runGo runs the real go command in dir with GOCACHE=gocache and the
// given extra environment, and returns its standard error.
func runGo(t *testing.T, goCmd, dir, gocache string, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOCACHE="+gocache, "GOTOOLCHAIN=local", "GOFLAGS=",
		"GOPROXY=off", "GOWORK=off", "GO111MODULE=on", "CGO_ENABLED=0", "GOCACHEPROG=", "GODEBUG=")
	cmd.Env = append(cmd.Env, extraEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stderr.String()
}

var (
	compileRE = regexp.MustCompile(`(?m)/compile(\.exe)? `)
	linkRE    = regexp.MustCompile(`(?m)/link(\.exe)? `)
)

// goEntry is an entry found in a cache directory.
type goEntry struct {
	id    ActionID
	entry Entry
	exe   string // name of the executable, for executable outputs
	data  []byte
}

// scanEntries parses every index entry in dir and checks, with our
// reader, that it is a hit whose output has the recorded size and hash.
func scanEntries(t *testing.T, dir string) []goEntry {
	t.Helper()
	c, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var list []goEntry
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, "-a") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		id, e, err := ParseIndexEntry(data)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		if name := filepath.Base(path); name != hex.EncodeToString(id[:])+"-a" || filepath.Base(filepath.Dir(path)) != name[:2] {
			t.Errorf("%s: records ID %x", path, id)
		}
		if got, err := c.Get(id); err != nil || got != e {
			t.Errorf("%s: Get = %+v, %v", path, got, err)
		}
		file, _, err := GetFile(c, id)
		if err != nil {
			t.Errorf("%s: GetFile: %v", path, err)
			return nil
		}
		out, err := os.ReadFile(file)
		if err != nil || sha256.Sum256(out) != e.OutputID {
			t.Errorf("%s: output %s does not match its ID (%v)", path, file, err)
			return nil
		}
		ge := goEntry{id: id, entry: e, data: out}
		if dir := filepath.Dir(file); strings.HasSuffix(dir, "-d") {
			ge.exe = filepath.Base(file)
		}
		list = append(list, ge)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func writeModule(t *testing.T, dir, libBody string) {
	t.Helper()
	files := map[string]string{
		"go.mod":     "module example.com/m\n\ngo 1.26\n",
		"main.go":    "package main\n\nimport \"example.com/m/lib\"\n\nfunc main() { println(lib.Hello()) }\n",
		"lib/lib.go": "package lib\n\nfunc Hello() string { return \"" + libBody + "\" }\n",
	}
	for name, body := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o777)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// TestInterop shares one GOCACHE between the real go command and this
// package, in both directions, and checks that GOCACHEPROG talks go's
// protocol.
func TestInterop(t *testing.T) {
	goCmd := realGo(t)
	work := t.TempDir()
	mod := filepath.Join(work, "m")
	gocache := filepath.Join(work, "gocache")
	writeModule(t, mod, "hello")

	// 1. go writes, we read: every index entry parses and is a full hit.
	runGo(t, goCmd, mod, gocache, nil, "build", "-o", filepath.Join(work, "m1"), ".")
	runGo(t, goCmd, mod, gocache, nil, "run", ".") // caches the executable
	goEntries := scanEntries(t, gocache)
	exes := 0
	for _, e := range goEntries {
		if e.exe != "" {
			exes++
		}
	}
	if len(goEntries) < 20 || exes == 0 {
		t.Fatalf("go wrote %d entries, %d executables", len(goEntries), exes)
	}
	// go's trim.txt reads as a recent trim: our Trim leaves everything.
	c, _ := Open(gocache, Options{})
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if n := len(scanEntries(t, gocache)); n != len(goEntries) {
		t.Fatalf("Trim after go removed entries: %d left of %d", n, len(goEntries))
	}

	// 2. We write, go reads: replace every entry by one written by this
	// package; go then compiles nothing and runs the cached executable.
	for _, e := range goEntries {
		os.Remove(c.IndexFile(e.id))
		os.RemoveAll(c.fileName(e.entry.OutputID, "d"))
	}
	for _, e := range goEntries {
		var err error
		if e.exe != "" {
			_, _, err = c.PutExecutable(e.id, e.exe, bytes.NewReader(e.data))
		} else {
			_, _, err = c.Put(e.id, bytes.NewReader(e.data))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// Entries go does not know are harmless to it.
	PutBytes(c, actionID("ours"), []byte("ours"))
	c.PutExecutable(actionID("our exe"), "prog", bytes.NewReader([]byte("#!/bin/sh\n")))
	if stderr := runGo(t, goCmd, mod, gocache, nil, "build", "-x", "-o", filepath.Join(work, "m2"), "."); compileRE.MatchString(stderr) {
		t.Errorf("go recompiled despite our entries:\n%s", stderr)
	}
	if stderr := runGo(t, goCmd, mod, gocache, nil, "run", "-x", "."); linkRE.MatchString(stderr) {
		t.Errorf("go run relinked despite our executable entry:\n%s", stderr)
	}
	// A change makes go write new entries next to ours, twice without error.
	writeModule(t, mod, "changed")
	runGo(t, goCmd, mod, gocache, nil, "build", "-o", filepath.Join(work, "m3"), ".")
	if stderr := runGo(t, goCmd, mod, gocache, nil, "build", "-x", "-o", filepath.Join(work, "m3"), "."); compileRE.MatchString(stderr) {
		t.Errorf("second build recompiled:\n%s", stderr)
	}
	scanEntries(t, gocache)

	// Trimming: a trim.txt we wrote two days ago makes go trim, and go
	// removes an entry we wrote ten days ago; after that go's fresh
	// trim.txt stops both of us from trimming again.
	realNow := time.Now()
	twoDaysAgo, _ := Open(gocache, Options{Now: func() time.Time { return realNow.Add(-48 * time.Hour) }})
	if err := twoDaysAgo.Trim(); err != nil {
		t.Fatal(err)
	}
	tenDaysAgo, _ := Open(gocache, Options{Now: func() time.Time { return realNow.Add(-240 * time.Hour) }})
	PutBytes(tenDaysAgo, actionID("stale"), []byte("stale"))
	runGo(t, goCmd, mod, gocache, nil, "build", "-o", filepath.Join(work, "m3"), ".")
	if _, err := tenDaysAgo.Get(actionID("stale")); !IsNotFound(err) {
		t.Errorf("go did not trim our stale entry: %v", err)
	}
	PutBytes(tenDaysAgo, actionID("stale2"), []byte("stale2"))
	runGo(t, goCmd, mod, gocache, nil, "build", "-o", filepath.Join(work, "m3"), ".")
	c.Trim()
	if _, err := tenDaysAgo.Get(actionID("stale2")); err != nil {
		t.Errorf("stale entry trimmed despite a recent trim.txt: %v", err)
	}

	// 3. GOCACHEPROG: go, served by a program backed by this package,
	// finds our entries (no compile) and stores new ones through it.
	prog, env := progCommand(t, gocache, "")
	progEnv := append(env, "GOCACHEPROG="+prog)
	emptyCache := filepath.Join(work, "progcache")
	if stderr := runGo(t, goCmd, mod, emptyCache, progEnv, "build", "-x", "-o", filepath.Join(work, "m4"), "."); compileRE.MatchString(stderr) {
		t.Errorf("go with GOCACHEPROG recompiled:\n%s", stderr)
	}
	writeModule(t, mod, "changed again")
	runGo(t, goCmd, mod, emptyCache, progEnv, "build", "-o", filepath.Join(work, "m5"), ".")
	if stderr := runGo(t, goCmd, mod, gocache, nil, "build", "-x", "-o", filepath.Join(work, "m6"), "."); compileRE.MatchString(stderr) {
		t.Errorf("entries stored through GOCACHEPROG not found:\n%s", stderr)
	}
	if n := len(scanEntries(t, emptyCache)); n != 0 {
		t.Errorf("go wrote %d entries to GOCACHE despite GOCACHEPROG", n)
	}

	// 4. go clean -cache removes what we wrote.
	ours := c.IndexFile(actionID("ours"))
	runGo(t, goCmd, mod, gocache, nil, "clean", "-cache")
	if _, err := os.Stat(ours); !os.IsNotExist(err) {
		t.Errorf("go clean -cache left our entry: %v", err)
	}
	if n := len(scanEntries(t, gocache)); n != 0 {
		t.Errorf("go clean -cache left %d entries", n)
	}
	if _, err := os.Stat(filepath.Join(gocache, "README")); err != nil {
		t.Errorf("README: %v", err)
	}
}
