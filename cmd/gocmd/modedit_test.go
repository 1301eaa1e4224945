package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestModEdit runs gocmd and the real go on fresh copies of the same
// fixtures (testdata/modedit/fixtures.txtar) for go mod edit, go mod
// init, go work edit, go work init and go work use, with good and bad
// flag values, and requires the same stdout, stderr, exit status and
// the same files afterwards, byte for byte.
func TestModEdit(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "modedit", "fixtures.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "root")
	gopath := filepath.Join(root, "gopath")
	baseEnv := append(slices.Clip(helpEnv), "GOPATH="+gopath, "GOWORK=", "GOCACHE="+filepath.Join(t.TempDir(), "cache"))

	type tc struct {
		dir  string
		env  []string
		args []string
	}
	cases := []tc{
		// go mod edit: reading and printing.
		{"m", nil, []string{"mod", "edit", "-json"}},
		{"m", nil, []string{"mod", "edit", "-print"}},
		{"m", nil, []string{"mod", "edit", "-fmt"}},
		{"messy", nil, []string{"mod", "edit", "-fmt"}},
		{"messy", nil, []string{"mod", "edit", "-fmt", "-print"}},
		{"dep", nil, []string{"mod", "edit", "-json"}},
		{"nomodule", nil, []string{"mod", "edit", "-json"}},
		{"m", nil, []string{"mod", "edit", "-json", "../dep/go.mod"}},
		{"empty", nil, []string{"mod", "edit", "-print", "../m/go.mod"}},
		{"bad", nil, []string{"mod", "edit", "-fmt"}},
		{"empty", nil, []string{"mod", "edit", "-fmt", "../bad/go.mod"}},
		// go mod edit: editing flags, applied in order.
		{"m", nil, []string{"mod", "edit", "-module=example.com/renamed", "-go=1.23", "-toolchain=go1.24.0"}},
		{"m", nil, []string{"mod", "edit", "-go=none", "-toolchain=none"}},
		{"m", nil, []string{"mod", "edit", "-require=example.com/new@v1.2.3", "-droprequire=example.com/a", "-require=example.com/b@v1.5.0"}},
		{"m", nil, []string{"mod", "edit", "-droprequire=example.com/new", "-require=example.com/new@v0.0.1", "-droprequire=example.com/new"}},
		{"m", nil, []string{"mod", "edit", "-exclude=example.com/a@v1.2.0", "-dropexclude=example.com/a@v1.1.0", "-exclude=example.com/q @ v2.0.0+incompatible"}},
		{"m", nil, []string{"mod", "edit", "-replace=example.com/a=../a", "-replace=example.com/q@v1.0.0=example.com/r@v1.1.0", "-dropreplace=example.com/c", "-dropreplace=example.com/b@v1.2.0"}},
		{"m", nil, []string{"mod", "edit", "-replace=example.com/a@v1.0.0 = /abs/dir"}},
		{"m", nil, []string{"mod", "edit", "-retract=v1.5.0", "-retract=[v1.6.0,v1.7.0]", "-dropretract=v1.0.1", "-dropretract=[v1.2.0,v1.2.5]"}},
		{"m", nil, []string{"mod", "edit", "-godebug=default=go1.21", "-godebug=panicnil=0", "-dropgodebug=http2client"}},
		{"m", nil, []string{"mod", "edit", "-tool=example.com/t", "-droptool=example.com/a/cmd/x", "-ignore=./vendor2", "-dropignore=./node_modules"}},
		{"m", nil, []string{"mod", "edit", "-require=example.com/z@v1.0.0", "-json"}},
		{"m", nil, []string{"mod", "edit", "-require=example.com/z@v1.0.0", "-print"}},
		{"empty", nil, []string{"mod", "edit", "-require=example.com/z@v1.0.0", "-print", "../m/go.mod"}},
		{"m/sub", nil, []string{"mod", "edit", "-require=example.com/z@v1.0.0"}},
		// go mod edit: bad values, checked as read or when applied.
		{"m", nil, []string{"mod", "edit"}},
		{"m", nil, []string{"mod", "edit", "-json", "-print"}},
		{"m", nil, []string{"mod", "edit", "-fmt", "a", "b"}},
		{"m", nil, []string{"mod", "edit", "-fmt", "nonexistent.mod"}},
		{"m", nil, []string{"mod", "edit", "-module=go"}},
		{"m", nil, []string{"mod", "edit", "-module=Bad Path"}},
		{"m", nil, []string{"mod", "edit", "-go=1.x"}},
		{"m", nil, []string{"mod", "edit", "-toolchain=1.22"}},
		{"m", nil, []string{"mod", "edit", "-require=example.com/a"}},
		{"m", nil, []string{"mod", "edit", "-require=example.com/a@-v1"}},
		{"m", nil, []string{"mod", "edit", "-require=bad path@v1.0.0"}},
		{"m", nil, []string{"mod", "edit", "-require=example.com/a@v1 0"}},
		{"m", nil, []string{"mod", "edit", "-require=example.com/a@v1.0.0", "-require=x", "-bogus"}},
		{"m", nil, []string{"mod", "edit", "-bogus", "-require=x"}},
		{"m", nil, []string{"mod", "edit", "-require=x", "-go"}},
		{"m", nil, []string{"mod", "edit", "-droprequire=example.com/a@v1.0.0"}},
		{"m", nil, []string{"mod", "edit", "-exclude=example.com/a@bad"}},
		{"m", nil, []string{"mod", "edit", "-exclude=example.com/a@v2.0.0"}},
		{"m", nil, []string{"mod", "edit", "-exclude=example.com/a/v2@v1.0.0"}},
		{"m", nil, []string{"mod", "edit", "-dropexclude=example.com/a"}},
		{"m", nil, []string{"mod", "edit", "-replace=example.com/a"}},
		{"m", nil, []string{"mod", "edit", "-replace=example.com/a=>../a"}},
		{"m", nil, []string{"mod", "edit", "-replace=example.com/a=example.com/b"}},
		{"m", nil, []string{"mod", "edit", "-replace=example.com/a=y.1/@v2"}},
		{"m", nil, []string{"mod", "edit", "-replace=./a=../a"}},
		{"m", nil, []string{"mod", "edit", "-replace=example.com/a@v1 x=../a"}},
		{"m", nil, []string{"mod", "edit", "-dropreplace=bad path"}},
		{"m", nil, []string{"mod", "edit", "-retract=bad"}},
		{"m", nil, []string{"mod", "edit", "-retract=[v1.0.0"}},
		{"m", nil, []string{"mod", "edit", "-retract=[v1.0.0]"}},
		{"m", nil, []string{"mod", "edit", "-dropretract=[v1.0.0,v 2]"}},
		{"m", nil, []string{"mod", "edit", "-godebug=novalue"}},
		{"m", nil, []string{"mod", "edit", "-godebug=a=b,c"}},
		{"m", nil, []string{"mod", "edit", "-godebug=a b=c"}},
		{"m", nil, []string{"mod", "edit", "-tool=example.com/t@v1"}},
		{"m", nil, []string{"mod", "edit", "-droptool=bad path"}},
		{"m", nil, []string{"mod", "edit", "-modfile=alt", "-fmt"}},
		{"m", nil, []string{"mod", "edit", "-modfile=alt.mod", "-fmt"}},
		{"m", nil, []string{"mod", "edit", "-overlay=nope.json", "-fmt"}},
		{"m", []string{"GO111MODULE=off"}, []string{"mod", "edit", "-fmt"}},
		{"m", []string{"GO111MODULE=bogus"}, []string{"mod", "edit", "-fmt"}},
		{"empty", nil, []string{"mod", "edit", "-fmt"}},
		{"empty", []string{"GO111MODULE=auto"}, []string{"mod", "edit", "-fmt"}},
		{"hidden", nil, []string{"mod", "edit", "-fmt"}},
		{"empty", nil, []string{"mod", "edit", "-modfile=x.mod", "-fmt"}},
		{"m", []string{"GOFLAGS=-require=x"}, []string{"mod", "edit", "-fmt"}},

		// go mod init.
		{"empty", nil, []string{"mod", "init", "example.com/new"}},
		{"proj", nil, []string{"mod", "init", "example.com/proj"}},
		{"hidden", nil, []string{"mod", "init", "example.com/hidden"}},
		{"empty", nil, []string{"mod", "init", "-modfile=alt.mod", "example.com/alt"}},
		{"empty", nil, []string{"mod", "init", "-modfile=alt", "example.com/alt"}},
		{"m", nil, []string{"mod", "init", "example.com/again"}},
		{"empty", nil, []string{"mod", "init"}},
		{"imp", nil, []string{"mod", "init"}},
		{"impsub", nil, []string{"mod", "init"}},
		{"gopath/src/example.com/g", nil, []string{"mod", "init"}},
		{"gopath/src/bad@path", nil, []string{"mod", "init"}},
		{"empty", nil, []string{"mod", "init", "a", "b"}},
		{"empty", nil, []string{"mod", "init", "./local"}},
		{"empty", nil, []string{"mod", "init", "../up"}},
		{"empty", nil, []string{"mod", "init", "toolchain"}},
		{"empty", nil, []string{"mod", "init", "Bad Path"}},
		{"empty", nil, []string{"mod", "init", "example.com/m/v1"}},
		{"empty", nil, []string{"mod", "init", "example.com/m/v0"}},
		{"empty", nil, []string{"mod", "init", "example.com/m/v2.3"}},
		{"empty", nil, []string{"mod", "init", "gopkg.in/yaml"}},
		{"empty", nil, []string{"mod", "init", "gopkg.in/yaml/v3"}},
		{"empty", nil, []string{"mod", "init", "gopkg.in/yaml.v3"}},
		{"empty", []string{"GO111MODULE=off"}, []string{"mod", "init", "example.com/x"}},
		{"empty", nil, []string{"mod", "init", "-overlay=nope.json", "example.com/x"}},
		{"w", nil, []string{"mod", "init", "example.com/w"}},

		// go work edit.
		{"w", nil, []string{"work", "edit", "-json"}},
		{"w", nil, []string{"work", "edit", "-print"}},
		{"w", nil, []string{"work", "edit", "-fmt"}},
		{"w", nil, []string{"work", "edit", "-go=1.23", "-toolchain=go1.24.1", "-godebug=panicnil=1"}},
		{"w", nil, []string{"work", "edit", "-go=none", "-toolchain=none", "-dropgodebug=x"}},
		{"w", nil, []string{"work", "edit", "-use=./c/d", "-use=c/e", "-dropuse=./b", "-use=/abs/dir", "-print"}},
		{"w", nil, []string{"work", "edit", "-use=./c/d", "-json"}},
		{"w", nil, []string{"work", "edit", "-replace=example.com/y=../y", "-dropreplace=example.com/x@v1.0.0", "-replace=example.com/z@v1.0.0=example.com/zz@v1.1.0"}},
		{"w/a", nil, []string{"work", "edit", "-dropuse=./a", "-dropuse=a"}},
		{"empty", nil, []string{"work", "edit", "-json", "../w/go.work"}},
		{"empty", nil, []string{"work", "edit", "-fmt"}},
		{"w", []string{"GOWORK=off"}, []string{"work", "edit", "-fmt"}},
		{"w", []string{"GOWORK=rel/go.work"}, []string{"work", "edit", "-fmt"}},
		{"w", nil, []string{"work", "edit"}},
		{"w", nil, []string{"work", "edit", "-json", "-print"}},
		{"w", nil, []string{"work", "edit", "-fmt", "a", "b"}},
		{"w", nil, []string{"work", "edit", "-go=1.x"}},
		{"w", nil, []string{"work", "edit", "-toolchain=x"}},
		{"w", nil, []string{"work", "edit", "-godebug=x"}},
		{"w", nil, []string{"work", "edit", "-replace=x"}},
		{"w", nil, []string{"work", "edit", "-replace=example.com/a=>../a"}},
		{"w", nil, []string{"work", "edit", "-replace=example.com/a=example.com/b"}},
		{"w", nil, []string{"work", "edit", "-replace=./x=../y", "-bogus"}},
		{"w", nil, []string{"work", "edit", "-dropreplace=bad path"}},
		{"w", nil, []string{"work", "edit", "-fmt", "nonexistent.work"}},
		{"badwork", nil, []string{"work", "edit", "-fmt"}},
		{"toonewwork", nil, []string{"work", "edit", "-go=1.21"}},

		// go work init and go work use.
		{"nowork", nil, []string{"work", "init"}},
		{"nowork", nil, []string{"work", "init", "./a", "b"}},
		{"nowork", nil, []string{"work", "init", "./a", "./missing"}},
		{"nowork", nil, []string{"work", "init", "./a/go.mod"}},
		{"nowork/a", nil, []string{"work", "init", "."}},
		{"nowork/a", nil, []string{"work", "init", "../b", "."}},
		{"w", nil, []string{"work", "init"}},
		{"w/c", []string{"GOWORK=off"}, []string{"work", "init", "./d"}},
		{"w", nil, []string{"work", "use", "./c/d"}},
		{"w", nil, []string{"work", "use", "-r", "c"}},
		{"rwork", nil, []string{"work", "use", "-r", "."}},
		{"rwork/y", nil, []string{"work", "use", "-r", "."}},
		{"rwork", nil, []string{"work", "use", "-r", "y", "x"}},
		{"rwork", nil, []string{"work", "use", "-r", "./y/nomod"}},
		{"rwork", nil, []string{"work", "use", "-r", "link"}},
		{"rwork", nil, []string{"work", "use", "link"}},
		{"empty", nil, []string{"-C", "../rwork", "work", "use", "-r", "."}},
		{"rwork", []string{"GOFLAGS=-modcacherw"}, []string{"work", "use", "x"}},
		{"m", []string{"GOFLAGS=-modfile=alt.mod"}, []string{"mod", "edit", "-fmt"}},
		{"w", nil, []string{"work", "use", "./a", "a", "./b"}},
		{"w", nil, []string{"work", "use", "./notmod"}},
		{"w", nil, []string{"work", "use", "./file.txt"}},
		{"w", nil, []string{"work", "use", "./nope"}},
		{"w", nil, []string{"work", "use", "./newer"}},
		{"w", nil, []string{"work", "use", "./broken"}},
		{"w/c/d", nil, []string{"work", "use", "."}},
		{"w", nil, []string{"work", "use"}},
		{"dupwork", nil, []string{"work", "use"}},
		{"dupwork", nil, []string{"work", "use", "-r", "."}},
		{"dupwork", nil, []string{"work", "use", "a"}},
		{"badwork", nil, []string{"work", "use"}},
		{"toonewwork", nil, []string{"work", "use"}},
		{"tcwork", nil, []string{"work", "use"}},
		{"empty", nil, []string{"work", "use", "."}},
	}

	for _, c := range cases {
		name := strings.Join(append([]string{c.dir}, c.args...), " ")
		env := append(slices.Clip(baseEnv), c.env...)
		var res [2]result
		var files [2]map[string]string
		for i, run := range []func() result{
			func() result { return runCmd(t, realGoCommand(t, filepath.Join(root, c.dir), env, c.args...)) },
			func() result { return runCmd(t, gocmdCommand(t, filepath.Join(root, c.dir), env, c.args...)) },
		} {
			extractFixtures(t, ar, root)
			res[i] = run()
			files[i] = snapshotTree(t, root)
		}
		want, got := res[0], res[1]
		if got != want {
			t.Errorf("%s (env %q):\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\ngo: exit %d\nstdout:\n%s\nstderr:\n%s",
				name, c.env, got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
		}
		for p, w := range files[0] {
			if g, ok := files[1][p]; !ok {
				t.Errorf("%s: gocmd did not write %s", name, p)
			} else if g != w {
				t.Errorf("%s: %s differs:\ngocmd:\n%s\ngo:\n%s", name, p, g, w)
			}
		}
		for p := range files[1] {
			if _, ok := files[0][p]; !ok {
				t.Errorf("%s: gocmd wrote %s, go did not", name, p)
			}
		}
	}
}

// extractFixtures replaces root with a fresh copy of the archive.
func extractFixtures(t *testing.T, ar *txtar.Archive, root string) {
	t.Helper()
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		name := filepath.Join(root, f.Name)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, "m", "sub"), 0o777); err != nil {
		t.Fatal(err)
	}
	// go work use -r warns about symbolic links to directories.
	if err := os.Symlink(filepath.Join("y", "z"), filepath.Join(root, "rwork", "link")); err != nil {
		t.Fatal(err)
	}
}

// snapshotTree returns the files below root (outside the module cache)
// and their contents.
func snapshotTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == filepath.Join("gopath", "pkg") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			out[filepath.ToSlash(rel)] = "symlink to " + target
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
