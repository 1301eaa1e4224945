package env

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// testGOROOT makes a fake GOROOT with a go.env file.
func testGOROOT(t *testing.T, goenv string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "pkg", "tool"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.env"), []byte(goenv), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "VERSION"), []byte("go1.99.1\ntime x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	return root
}

func load(t *testing.T, environ ...string) *Env {
	t.Helper()
	e, err := Load(Options{Environ: environ})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func varOf(e *Env, name string) (Var, bool) {
	for _, v := range e.Vars() {
		if v.Name == name {
			return v, true
		}
	}
	return Var{}, false
}

func TestLayering(t *testing.T) {
	root := testGOROOT(t, "# defaults\nGOPROXY=https://proxy.example\nGOTOOLCHAIN=local\n")
	home := t.TempDir()
	userFile := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(userFile, []byte("GOPROXY=direct\nGOFLAGS=-v\nlower=x\nGOSUMDB=\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	e := load(t, "GOROOT="+root, "HOME="+home, "GOENV="+userFile, "GOFLAGS=", "GOTOOLCHAIN=local", "PATH=")

	for name, want := range map[string]string{
		"GOPROXY":     "direct", // user file over go.env
		"GOFLAGS":     "-v",     // an empty OS value does not hide the file
		"GOSUMDB":     "",       // an empty file value hides go.env
		"GOTOOLCHAIN": "local",
		"lower":       "",
	} {
		if got := e.Get(name); got != want {
			t.Errorf("Get(%s) = %q, want %q", name, got, want)
		}
	}
	if v, _ := varOf(e, "GOTOOLCHAIN"); v.Changed {
		t.Errorf("GOTOOLCHAIN equal to go.env's value reported changed")
	}
	if v, _ := varOf(e, "GOPROXY"); !v.Changed {
		t.Errorf("GOPROXY differing from go.env's value not reported changed")
	}
	if got := e.GOVERSION(); got != "go1.99.1" {
		t.Errorf("GOVERSION = %q", got)
	}
	if got, want := e.GOPATH(), filepath.Join(home, "go"); got != want {
		t.Errorf("GOPATH = %q, want %q", got, want)
	}
	if got, want := e.GOMODCACHE(), filepath.Join(home, "go", "pkg", "mod"); got != want {
		t.Errorf("GOMODCACHE = %q, want %q", got, want)
	}
	if got, want := e.GOTOOLDIR(), filepath.Join(root, "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH); got != want {
		t.Errorf("GOTOOLDIR = %q, want %q", got, want)
	}
	if e.CgoEnabled() {
		t.Errorf("cgo enabled without a C compiler on PATH")
	}
	if !e.CanGet("GOPROXY") || e.CanGet("GOGC") || !e.CanGet("GOARM") {
		t.Errorf("CanGet wrong")
	}
}

func TestCrossTarget(t *testing.T) {
	root := testGOROOT(t, "")
	e := load(t, "GOROOT="+root, "HOME=/h", "GOOS=windows", "GOARCH=386", "GO386=softfloat")
	if e.GOEXE() != ".exe" {
		t.Errorf("GOEXE = %q", e.GOEXE())
	}
	v, ok := varOf(e, "GO386")
	if !ok || v.Value != "softfloat" || !v.Changed {
		t.Errorf("GO386 = %+v", v)
	}
	if _, ok := varOf(e, "GOAMD64"); ok {
		t.Errorf("GOAMD64 shown for GOARCH=386")
	}
	if e.CgoEnabled() {
		t.Errorf("cgo enabled when cross-compiling")
	}
	if v, _ := varOf(e, "CGO_ENABLED"); v.Changed {
		t.Errorf("default CGO_ENABLED reported changed")
	}
}

func TestEnviron(t *testing.T) {
	root := testGOROOT(t, "GOPROXY=p\n")
	e := load(t, "A=1", "GOROOT="+root, "GOOS=", "HOME=/h")
	env := e.Environ()
	if env[0] != "A=1" || env[1] != "GOROOT="+root {
		t.Errorf("Environ changed the order of the process environment: %q", env[:2])
	}
	for _, want := range []string{"GOOS=" + runtime.GOOS, "GOPROXY=p", "GOPATH=/h/go", "CGO_ENABLED=0"} {
		if !slices.Contains(env, want) {
			t.Errorf("Environ lacks %s", want)
		}
	}
	if i := slices.Index(env, "GOOS="+runtime.GOOS); i != 2 {
		t.Errorf("GOOS set at %d, want in place of the empty setting", i)
	}
	if orig := e.OSEnviron(); len(orig) != 4 {
		t.Errorf("OSEnviron = %q", orig)
	}
}

func TestGOPATHCheck(t *testing.T) {
	root := testGOROOT(t, "")
	tests := []struct {
		env           []string
		warning, fail string
		gopath        string
	}{
		{[]string{"GOPATH=/a:/b"}, "", "", "/a:/b"},
		{[]string{"GOPATH=rel"}, "", "go: GOPATH entry is relative; must be absolute path: \"rel\".\nFor more details see: 'go help gopath'\n", "rel"},
		{[]string{"GOPATH=/a:~/b"}, "", "go: GOPATH entry cannot start with shell metacharacter '~': \"~/b\"\n", "/a:~/b"},
		{[]string{"HOME=relhome"}, "", "", ""},
		{[]string{"GOPATH=" + root}, "warning: both GOPATH and GOROOT are the same directory (" + root + "); see https://go.dev/wiki/InstallTroubleshooting\n", "", root},
	}
	for _, tt := range tests {
		e := load(t, append([]string{"GOROOT=" + root}, tt.env...)...)
		warning, fail := e.GOPATHCheck()
		if warning != tt.warning || fail != tt.fail || e.GOPATH() != tt.gopath {
			t.Errorf("%v: GOPATHCheck = %q, %q; GOPATH %q; want %q, %q, %q", tt.env, warning, fail, e.GOPATH(), tt.warning, tt.fail, tt.gopath)
		}
	}
}

func TestBuildcfgErrors(t *testing.T) {
	tests := []struct {
		env  []string
		want string
	}{
		{nil, ""},
		{[]string{"GOAMD64=v9"}, ""}, // hidden by the valid GOARM64, as in go
		{[]string{"GOAMD64=v9", "GOARM64=bad"}, "invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in \",lse\" and/or \",crypto\""},
		{[]string{"GOPPC64=power7"}, "invalid GOPPC64: must be power8, power9, power10"},
		{[]string{"GOPPC64=power7", "GOMIPS=x"}, "invalid GOPPC64: must be power8, power9, power10"},
		{[]string{"GOWASM=satconv,bad"}, "invalid GOWASM: no such feature \"bad\""},
		{[]string{"GOFIPS140=v1.0.0-rc1"}, ""},
		{[]string{"GOFIPS140=v1.0"}, "invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z"},
		{[]string{"GOEXPERIMENT=nosuch"}, "unknown GOEXPERIMENT such"}, // "no" is a prefix, as in go
	}
	for _, tt := range tests {
		e := load(t, tt.env...)
		got := ""
		if err := e.BuildcfgError(); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%v: BuildcfgError = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestParseGOEXPERIMENT(t *testing.T) {
	tests := []struct {
		goarch, value, clean, err string
	}{
		{"amd64", "", "", ""},
		{"amd64", "fieldtrack,staticlockranking", "fieldtrack,staticlockranking", ""},
		{"amd64", "nogreenteagc,greenteagc", "", ""},
		{"amd64", "noregabi", "", ""}, // always on for amd64
		{"386", "regabi", "", ""},     // never on for 386
		{"amd64", "none,arenas", "arenas,nodwarf5,nogreenteagc,norandomizedheapbase64", ""},
		{"s390x", "noregabiwrappers", "", "GOEXPERIMENT regabiargs requires regabiwrappers"},
		{"amd64", "fieldtrack,bogus", "", "unknown GOEXPERIMENT bogus"},
	}
	for _, tt := range tests {
		x, err := ParseGOEXPERIMENT("linux", tt.goarch, tt.value)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s %q: err = %v, want %s", tt.goarch, tt.value, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tt.goarch, tt.value, err)
			continue
		}
		// The clean form lists the changes from the baseline; compare as
		// sets, since go orders them by flag.
		got := strings.Split(x.String(), ",")
		want := strings.Split(tt.clean, ",")
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s %q: String() = %q, want %q", tt.goarch, tt.value, x.String(), tt.clean)
		}
	}
}

func TestModule(t *testing.T) {
	root := testGOROOT(t, "")
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "go.mod"), []byte("module a\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	findRoot := func(d string) string {
		for ; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				return d
			}
			if d == filepath.Dir(d) {
				return ""
			}
		}
	}
	noWork := func(string) string { return "" }
	tests := []struct {
		env                []string
		dir, gomod, gowork string
		err                string
	}{
		{nil, sub, filepath.Join(dir, "a", "go.mod"), "", ""},
		{nil, dir, os.DevNull, "", ""},
		{[]string{"GO111MODULE=off"}, sub, "", "", ""},
		{[]string{"GO111MODULE=auto"}, dir, "", "", ""},
		{[]string{"GOWORK=off"}, sub, filepath.Join(dir, "a", "go.mod"), "off", ""},
		{[]string{"GOWORK=/x/go.work"}, sub, filepath.Join(dir, "a", "go.mod"), "/x/go.work", ""},
		{[]string{"GOWORK=x/go.work"}, sub, "", "", "go: invalid GOWORK: not an absolute path"},
		{[]string{"GO111MODULE=yes"}, sub, "", "", "go: unknown environment setting GO111MODULE=yes"},
	}
	for _, tt := range tests {
		e, err := Load(Options{Environ: append([]string{"GOROOT=" + root, "HOME=/h"}, tt.env...), Dir: tt.dir, FindModuleRoot: findRoot, FindGoWork: noWork})
		if err != nil {
			t.Fatal(err)
		}
		m := e.Module()
		gotErr := ""
		if m.Err != nil {
			gotErr = m.Err.Error()
		}
		if gotErr != tt.err || tt.err == "" && (m.GOMOD != tt.gomod || m.GOWORK != tt.gowork) {
			t.Errorf("%v in %s: GOMOD %q GOWORK %q err %q; want %q %q %q", tt.env, tt.dir, m.GOMOD, m.GOWORK, gotErr, tt.gomod, tt.gowork, tt.err)
		}
	}
}
