package modload

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/tools/txtar"

	"gocmd/internal/base"
	"gocmd/internal/env"
)

// A fixture is a txtar archive. Its comment holds directives, one a line:
//
//	cd DIR            run in work/DIR
//	env K=V           set an environment variable for both sides
//	sums              write go.sum lines for every cached module into work/go.sum
//	go ARGS...        a command compared with the real go (list -m ... only)
//
// Files named modcache/PATH@VERSION/... become extracted module trees
// in GOMODCACHE, with their cache/download .mod, .info and .ziphash
// files; modcache/cache/... files are copied as they are; work/...
// files form the working tree.
type fixture struct {
	root    string // temp dir
	dir     string // working directory
	environ []string
	cmds    []fixtureCmd
}

type fixtureCmd struct {
	dir     string
	environ []string
	args    []string
}

const fixtureTime = "2020-01-01T00:00:00Z"

func setupFixture(t *testing.T, file string) *fixture {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	root, _ = filepath.EvalSymlinks(root)
	f := &fixture{root: root, dir: filepath.Join(root, "work")}
	cache := filepath.Join(root, "modcache")
	if err := os.MkdirAll(f.dir, 0o777); err != nil {
		t.Fatal(err)
	}
	mods := map[module.Version]string{}
	for _, af := range ar.Files {
		name := filepath.Join(root, filepath.FromSlash(af.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, af.Data, 0o666); err != nil {
			t.Fatal(err)
		}
		if rest, ok := strings.CutPrefix(af.Name, "modcache/"); ok && !strings.HasPrefix(rest, "cache/") {
			i := strings.Index(rest, "@")
			j := strings.Index(rest[i:], "/")
			if i < 0 || j < 0 {
				t.Fatalf("bad modcache file %s", af.Name)
			}
			p, err1 := module.UnescapePath(rest[:i])
			v, err2 := module.UnescapeVersion(rest[i+1 : i+j])
			if err1 != nil || err2 != nil {
				t.Fatalf("bad modcache file %s", af.Name)
			}
			mods[module.Version{Path: p, Version: v}] = filepath.Join(cache, rest[:i+j])
		}
	}
	// Keep the real go's telemetry from writing under HOME.
	tdir := filepath.Join(root, ".config", "go", "telemetry")
	os.MkdirAll(tdir, 0o777)
	os.WriteFile(filepath.Join(tdir, "mode"), []byte("off"), 0o666)
	var sumLines []string
	for m, dir := range mods {
		enc, _ := module.EscapePath(m.Path)
		encV, _ := module.EscapeVersion(m.Version)
		dl := filepath.Join(cache, "cache", "download", enc, "@v")
		os.MkdirAll(dl, 0o777)
		gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			gomod = []byte("module " + m.Path + "\n")
		}
		write := func(name string, data []byte) {
			if _, err := os.Stat(name); err == nil {
				return
			}
			if err := os.WriteFile(name, data, 0o666); err != nil {
				t.Fatal(err)
			}
		}
		write(filepath.Join(dl, encV+".mod"), gomod)
		write(filepath.Join(dl, encV+".info"), []byte(fmt.Sprintf(`{"Version":%q,"Time":%q}`, m.Version, fixtureTime)))
		h, err := dirhash.HashDir(dir, m.String(), dirhash.Hash1)
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join(dl, encV+".ziphash"), []byte(h))
		modHash, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(gomod)), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sumLines = append(sumLines, fmt.Sprintf("%s %s %s", m.Path, m.Version, h), fmt.Sprintf("%s %s/go.mod %s", m.Path, m.Version, modHash))
	}
	sort.Strings(sumLines)
	f.environ = []string{
		"HOME=" + root,
		"GOPATH=" + filepath.Join(root, "gopath"),
		"GOMODCACHE=" + cache,
		"GOPROXY=off",
		"GOSUMDB=off",
		"GOFLAGS=",
		"GOTOOLCHAIN=local",
		"GOENV=off",
		"GONOSUMDB=",
		"GOPRIVATE=",
		"GOWORK=",
		"GO111MODULE=",
		"PATH=" + os.Getenv("PATH"),
	}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		switch fields[0] {
		case "cd":
			f.dir = filepath.Join(f.dir, fields[1])
		case "env":
			f.environ = append(f.environ, fields[1:]...)
		case "sums":
			gosum := filepath.Join(root, "work", "go.sum")
			if len(fields) > 1 {
				gosum = filepath.Join(root, "work", fields[1])
			}
			if err := os.WriteFile(gosum, []byte(strings.Join(sumLines, "\n")+"\n"), 0o666); err != nil {
				t.Fatal(err)
			}
		case "go", "import", "dir":
			f.cmds = append(f.cmds, fixtureCmd{f.dir, append([]string(nil), f.environ...), fields})
		default:
			t.Fatalf("unknown directive %q", line)
		}
	}
	return f
}

type result struct {
	stdout, stderr string
	exit           int
}

func (f *fixture) expand(s string) string {
	return strings.ReplaceAll(s, "$WORK", f.root)
}

// runReal runs the installed go command.
func (f *fixture) runReal(t *testing.T, args []string) result {
	cmd := exec.Command("/usr/local/go/bin/go", args...)
	cmd.Dir = f.dir
	cmd.Env = f.environ
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// runOurs runs 'list -m' through modload the way the list command does.
func (f *fixture) runOurs(t *testing.T, args []string) result {
	if len(args) == 0 || args[0] != "list" {
		t.Fatalf("only 'go list -m' commands are supported: %v", args)
	}
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	bf := &base.BuildFlags{}
	for _, fl := range strings.Fields(envValue(f.environ, "GOFLAGS")) {
		if v, ok := strings.CutPrefix(fl, "-mod="); ok {
			bf.Mod = v
		}
	}
	base.AddModFlag(fs, bf)
	base.AddModCommonFlags(fs, bf)
	isJSON := fs.Bool("json", false, "")
	listM := fs.Bool("m", false, "")
	listE := fs.Bool("e", false, "")
	if err := fs.Parse(args[1:]); err != nil {
		t.Fatal(err)
	}
	if !*listM {
		t.Fatalf("only 'go list -m' commands are supported: %v", args)
	}
	e, err := env.Load(env.Options{Environ: f.environ})
	if err != nil {
		t.Fatal(err)
	}
	var stderr, stdout strings.Builder
	cfg := Config{
		Env: e, Dir: f.dir, Flags: bf, CmdName: "list",
		AllowMissingMainModule: true,
		Warn:                   func(msg string) { stderr.WriteString(msg + "\n") },
	}
	fail := func(err error) result {
		stderr.WriteString(err.Error() + "\n")
		return result{stdout.String(), stderr.String(), 1}
	}
	s, err := Init(context.Background(), cfg)
	if err != nil {
		return fail(err)
	}
	if s.Mode() == GOPATHMode {
		return fail(fmt.Errorf("go: list -m cannot be used with GO111MODULE=off"))
	}
	mods, err := s.ListModules(context.Background(), fs.Args(), ListOptions{Errors: *listE})
	if err != nil {
		return fail(err)
	}
	for _, m := range mods {
		if *isJSON {
			b, _ := json.MarshalIndent(m, "", "\t")
			stdout.Write(b)
			stdout.WriteString("\n")
		} else {
			stdout.WriteString(m.String() + "\n")
		}
	}
	return result{stdout.String(), stderr.String(), 0}
}

func TestDifferential(t *testing.T) {
	if _, err := os.Stat("/usr/local/go/bin/go"); err != nil {
		t.Skip("no real go command to compare with")
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			f := setupFixture(t, file)
			for _, c := range f.cmds {
				args := c.args[1:]
				f.dir = c.dir
				f.environ = c.environ
				var want, got result
				switch c.args[0] {
				case "go":
					want = f.runReal(t, args)
					got = f.runOurs(t, args)
				case "import":
					want = f.runReal(t, append([]string{"list", "-e", "-f", importFormat}, args...))
					got = f.importOurs(t, args)
					want.stderr = dedupLines(want.stderr)
					args = append([]string{"[import]"}, args...)
				case "dir":
					want = f.runReal(t, append([]string{"list", "-e", "-f", dirFormat}, args...))
					got = f.dirOurs(t, args)
					args = append([]string{"[dir]"}, args...)
				}
				if testing.Verbose() {
					t.Logf("go %s: exit %d\n%s%s", strings.Join(args, " "), want.exit, want.stdout, want.stderr)
				}
				if got != want {
					t.Errorf("go %s:\n--- real go (exit %d):\n%s%s--- modload (exit %d):\n%s%s",
						strings.Join(args, " "), want.exit, want.stdout, want.stderr, got.exit, got.stdout, got.stderr)
				}
			}
		})
	}
}

const (
	importFormat = `{{.ImportPath}}|{{.Dir}}|{{with .Module}}{{.Path}} {{.Version}}{{with .Replace}} => {{.Path}} {{.Version}}{{end}}{{end}}|{{with .Error}}{{.Err}}{{end}}`
	dirFormat    = `{{.ImportPath}}|{{with .Module}}{{.Path}} {{.Version}}{{end}}|{{with .Error}}{{.Err}}{{end}}`
)

func (f *fixture) state(t *testing.T, warn func(string)) (*State, error) {
	e, err := env.Load(env.Options{Environ: f.environ})
	if err != nil {
		t.Fatal(err)
	}
	bf := &base.BuildFlags{}
	for _, fl := range strings.Fields(e.Get("GOFLAGS")) {
		if v, ok := strings.CutPrefix(fl, "-mod="); ok {
			bf.Mod = v
		}
	}
	return Init(context.Background(), Config{
		Env: e, Dir: f.dir, Flags: bf, CmdName: "list", GOFLAGS: strings.Fields(e.Get("GOFLAGS")),
		AllowMissingMainModule: true, Warn: warn,
	})
}

// importOurs formats State.Import results as importFormat does.
func (f *fixture) importOurs(t *testing.T, paths []string) result {
	var out, errb strings.Builder
	s, err := f.state(t, func(msg string) { errb.WriteString(msg + "\n") })
	if err != nil {
		return result{"", err.Error() + "\n", 1}
	}
	for _, p := range paths {
		r, err := s.Import(context.Background(), p)
		mod := ""
		dir := ""
		if r != nil {
			dir = r.Dir
			if m := r.Module; m != nil {
				mod = m.Path + " " + m.Version
				if m.Replace != nil {
					mod += " => " + m.Replace.Path + " " + m.Replace.Version
				}
			}
		}
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		fmt.Fprintf(&out, "%s|%s|%s|%s\n", p, dir, mod, msg)
	}
	return result{out.String(), errb.String(), 0}
}

// dirOurs formats State.DirImportPath results as dirFormat does.
func (f *fixture) dirOurs(t *testing.T, dirs []string) result {
	var out, errb strings.Builder
	s, err := f.state(t, func(msg string) { errb.WriteString(msg + "\n") })
	if err != nil {
		return result{"", err.Error() + "\n", 1}
	}
	for _, d := range dirs {
		p, m, err := s.DirImportPath(context.Background(), d)
		mod := ""
		if m != nil {
			mod = m.Path + " " + m.Version
		}
		msg := ""
		if err != nil {
			msg = err.Error()
			p = d
		}
		fmt.Fprintf(&out, "%s|%s|%s\n", p, mod, msg)
	}
	return result{out.String(), errb.String(), 0}
}

// dedupLines drops repeated lines (go prints some progress lines once
// per loading pass).
func dedupLines(s string) string {
	seen := map[string]bool{}
	var out []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, l)
	}
	return strings.Join(out, "")
}

func envValue(environ []string, key string) string {
	v := ""
	for _, kv := range environ {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}
