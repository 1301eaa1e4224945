package load

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"flag"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/modload"
)

// biCase is one build compared with the real go command: files are
// written below a temporary root, setup runs next (git commands), and
// 'go build flags pkg' runs in dir.
type biCase struct {
	name    string
	files   map[string]string
	dir     string
	pkg     string
	flags   []string
	goflags string // GOFLAGS (the machine's go env file sets -buildvcs=false)
	env     []string
	setup   []string // shell commands run in the root before building
	fakeVCS string   // a shell script standing for this VCS binary
	autoVCS bool     // go build stamps under -buildvcs=auto
	wantErr bool     // go build fails obtaining the VCS status
}

const helloMain = "package main\n\nfunc main() { println(\"hi\") }\n"

func TestBuildInfoDifferential(t *testing.T) {
	if _, err := os.Stat(realGo); err != nil {
		t.Skip("no real go")
	}
	if testing.Short() {
		t.Skip("builds binaries")
	}
	modFiles := func(path, extra string) map[string]string {
		return map[string]string{
			"m/go.mod":  "module " + path + "\n\ngo 1.26\n" + extra,
			"m/main.go": helloMain,
		}
	}
	// subMod is a module in m/ of a repository without go.mod at its
	// root (so go does not derive the version from the repository).
	subMod := func(marker string) map[string]string {
		return map[string]string{marker: "", "m/go.mod": "module example.com/hello\n\ngo 1.26\n", "m/main.go": helloMain}
	}
	// A fixed profile keeps the PGO builds in the build cache.
	profile, err := os.ReadFile("testdata/buildinfo_default.pgo")
	if err != nil {
		t.Fatal(err)
	}
	pgoMod := modFiles("example.com/hello", "")
	pgoMod["m/default.pgo"] = string(profile)
	rootMod := map[string]string{
		"go.mod":  "module example.com/hello\n\ngo 1.26\n",
		"main.go": helloMain,
	}
	withDeps := map[string]string{
		"m/go.mod": `module example.com/app

go 1.26

require (
	example.com/dep v1.0.0
	example.com/local v0.0.0
	example.com/swap v1.0.0
)

replace example.com/local => ../local

replace example.com/swap v1.0.0 => example.com/other v1.1.0
`,
		"m/main.go": `package main

import (
	"example.com/dep"
	"example.com/local/sub"
	"example.com/swap"
	"fmt"
)

func main() { fmt.Println(dep.X, sub.Y, swap.Z) }
`,
		"local/go.mod":     "module example.com/local\n\ngo 1.20\n",
		"local/sub/sub.go": "package sub\n\nconst Y = 2\n",
	}
	gitInit := []string{
		"git init -q .",
		"git add -A",
		"git commit -q -m initial",
	}
	cases := []biCase{
		{name: "plain", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=false"},
		{name: "oldgo_godebug", files: modFiles("example.com/hello", "godebug panicnil=1\n"), goflags: "-buildvcs=false"},
		{name: "deps", files: withDeps, goflags: "-buildvcs=false -mod=mod"},
		{name: "flags", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=false",
			flags: []string{"-ldflags=-s -w -X 'main.v=a b'", "-gcflags=-N -l", "-tags=foo,bar", "-asmflags="}},
		{name: "trimpath", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=false",
			flags: []string{"-trimpath", "-ldflags=-s", "-tags=x"}},
		{name: "cgo0", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=false", env: []string{"CGO_ENABLED=0", "GOAMD64=v2"}},
		{name: "cgo1", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=false",
			env: []string{"CGO_ENABLED=1", "CGO_CFLAGS=-O2 -g", "CGO_LDFLAGS=-lm"}},
		{name: "fips", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=false", env: []string{"GOFIPS140=latest"}},
		{name: "nogit_vcs_true", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=true"},
		{name: "git_clean", files: rootMod, dir: ".", goflags: "-buildvcs=true", setup: gitInit},
		{name: "git_auto", files: rootMod, dir: ".", goflags: "-buildvcs=auto", setup: gitInit, autoVCS: true},
		{name: "git_dirty", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: append(gitInit, "echo x > new.txt")},
		{name: "git_tag", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: append(gitInit, "git tag v1.2.3")},
		{name: "git_tag_dirty", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: append(gitInit, "git tag v1.2.3", "echo // x >> main.go")},
		{name: "git_pseudo", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: append(gitInit, "git tag v1.2.3", "echo x > f.txt", "git add -A", "git commit -q -m two")},
		{name: "git_badtag", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: append(gitInit, "git tag 1.0.1")},
		{name: "git_rootmod_sub_v2", goflags: "-buildvcs=true", dir: "sub",
			files: map[string]string{
				"go.mod":      "module example.com/root\n\ngo 1.26\n",
				"sub/go.mod":  "module example.com/root/sub/v2\n\ngo 1.26\n",
				"sub/main.go": helloMain,
			},
			setup: append(gitInit, "git tag sub/v2.1.0", "git tag v0.3.0")},
		{name: "git_sub_nomod_root", goflags: "-buildvcs=true", setup: gitInit,
			files: map[string]string{"m/go.mod": "module example.com/x/m\n\ngo 1.26\n", "m/main.go": helloMain}},
		{name: "git_incompatible", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: append(gitInit, "git rm -q go.mod", "git commit -q -m nomod", "git tag v2.0.0", "git checkout -q HEAD^ go.mod")},
		{name: "git_v2", dir: ".", goflags: "-buildvcs=true",
			files: map[string]string{"go.mod": "module example.com/hello/v2\n\ngo 1.26\n", "main.go": helloMain},
			setup: append(gitInit, "git tag v2.1.1", "git tag v1.9.0", "echo x > f.txt", "git add -A", "git commit -q -m two")},
		{name: "git_nested_true", goflags: "-buildvcs=true", dir: ".", pkg: "./sub", wantErr: true,
			files: map[string]string{"go.mod": "module example.com/hello\n\ngo 1.26\n", "sub/main.go": helloMain},
			setup: []string{"git -C sub init -q .", "git init -q ."}},
		{name: "git_nested_auto", goflags: "-buildvcs=auto", dir: ".", pkg: "./sub", autoVCS: true,
			files: map[string]string{"go.mod": "module example.com/hello\n\ngo 1.26\n", "sub/main.go": helloMain},
			setup: []string{"git -C sub init -q .", "git init -q ."}},
		{name: "multiple_vcs", goflags: "-buildvcs=auto", autoVCS: true, wantErr: true,
			files: map[string]string{"m/go.mod": "module example.com/hello\n\ngo 1.26\n", "m/main.go": helloMain, ".hg/x": ""},
			setup: []string{"git -C m init -q ."}},
		{name: "nogit_true", files: rootMod, dir: ".", goflags: "-buildvcs=true", setup: gitInit, wantErr: true,
			env: []string{"PATH=/nonexistent"}},
		// CGO_ENABLED=0: the loader finds gcc through the process's PATH.
		{name: "nogit_auto", files: rootMod, dir: ".", goflags: "-buildvcs=auto", setup: gitInit, autoVCS: true,
			env: []string{"PATH=/nonexistent", "CGO_ENABLED=0"}},
		{name: "cmdline_files", goflags: "-buildvcs=true", pkg: "main.go", setup: gitInit,
			files: map[string]string{
				"m/go.mod":     "module example.com/hello\n\ngo 1.26\n",
				"m/main.go":    "package main\n\nimport _ \"example.com/hello/lib\"\n\nfunc main() {}\n",
				"m/lib/lib.go": "package lib\n",
			}},
		{name: "hg", goflags: "-buildvcs=true", files: subMod(".hg/x"), fakeVCS: `hg
case "$HGPLAIN $*" in
"+strictflags log -r. -T {node}:{date|hgdate}") echo "eae91df98b5dd3c4451accf64c683ddc3edff6a9:1722389287 0";;
"+strictflags status -S") echo "? README";;
*) exit 1;;
esac`},
		{name: "hg_broken", goflags: "-buildvcs=true", files: subMod(".hg/x"), wantErr: true, fakeVCS: "hg\nexit 1\n"},
		{name: "svn", goflags: "-buildvcs=true", files: subMod(".svn/x"), fakeVCS: `svn
case "$*" in
"info --show-item last-changed-revision") echo " 42";;
"info --show-item last-changed-date") echo "2021-09-21T12:00:00.123456Z";;
"status") ;;
*) exit 1;;
esac`},
		{name: "bzr", goflags: "-buildvcs=true", files: subMod(".bzr/x"), fakeVCS: `bzr
case "$*" in
"version-info") printf 'revision-id: gopher@gopher.net-20211021072330-qshok76wfypw9lpm\ndate: 2021-09-21 12:00:00 +1000\nbranch-nick: x\n';;
"status") echo "working tree is out of date, run 'bzr update'";;
*) exit 1;;
esac`},
		{name: "fossil", goflags: "-buildvcs=true", files: subMod(".fslckout"), fakeVCS: `fossil
case "$*" in
"info") printf 'project-name: x\ncheckout:     91ed71f22c77be0c3e250920f47bfd4e1f9024d2 2021-09-21 12:00:00 UTC\nparent: y\n';;
"changes --differ") echo "EDITED a.go";;
*) exit 1;;
esac`},
		{name: "goflags_ldflags", files: modFiles("example.com/hello", ""), goflags: "-buildvcs=false -ldflags=-s -tags=a",
			flags: []string{"-ldflags=-w", "-gcflags=example.com/...=-N"}},
		{name: "vendor", files: withDeps, goflags: "-buildvcs=false -mod=vendor", setup: []string{"cd m && GOFLAGS=-mod=mod " + realGo + " mod vendor"}},
		{name: "workspace", goflags: "-buildvcs=true", env: []string{"GOWORK="}, dir: "m", setup: gitInit,
			files: map[string]string{
				"go.work":   "go 1.26\n\nuse ./m\nuse ./w\n",
				"m/go.mod":  "module example.com/m\n\ngo 1.26\n",
				"m/main.go": "package main\n\nimport _ \"example.com/w\"\n\nfunc main() {}\n",
				"w/go.mod":  "module example.com/w\n\ngo 1.21\n",
				"w/w.go":    "package w\n",
			}},
		// GOPROXY=off: go reuses the pseudo-version it cached for the
		// commit, ignoring the tag added since.
		{name: "git_proxyoff_cached", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: append(gitInit, realGo+" build -o /dev/null .", "git tag v1.2.3")},
		{name: "pgo_auto", files: pgoMod, goflags: "-buildvcs=false"},
		{name: "pgo_trimpath", files: pgoMod, goflags: "-buildvcs=false", flags: []string{"-trimpath"}},
		{name: "pgo_file", files: pgoMod, goflags: "-buildvcs=false", flags: []string{"-pgo=../m/default.pgo"}},
		{name: "pgo_off", files: pgoMod, goflags: "-buildvcs=false", flags: []string{"-pgo=off"}},
		{name: "git_empty_dirty", files: rootMod, dir: ".", goflags: "-buildvcs=true",
			setup: []string{"git init -q ."}},
	}
	modcache := t.TempDir()
	depHash, depModHash := fakeModule(t, modcache, "example.com/dep", "v1.0.0", map[string]string{
		"go.mod": "module example.com/dep\n\ngo 1.20\n",
		"dep.go": "package dep\n\nconst X = 1\n",
	})
	otherHash, otherModHash := fakeModule(t, modcache, "example.com/other", "v1.1.0", map[string]string{
		"go.mod":  "module example.com/swap\n\ngo 1.20\n",
		"swap.go": "package swap\n\nconst Z = 3\n",
	})
	gosum := "example.com/dep v1.0.0 " + depHash + "\nexample.com/dep v1.0.0/go.mod " + depModHash + "\n" +
		"example.com/other v1.1.0 " + otherHash + "\nexample.com/other v1.1.0/go.mod " + otherModHash + "\n"
	withDeps["m/go.sum"] = gosum

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runBuildInfoCase(t, tc, modcache)
		})
	}
}

// fakeModule puts path@version in the module cache dir as go would after
// downloading it, returning the h1: hashes of its zip and go.mod.
func fakeModule(t *testing.T, cache, path, version string, files map[string]string) (zipHash, modHash string) {
	t.Helper()
	src := t.TempDir()
	for name, data := range files {
		writeFile(t, filepath.Join(src, name), data)
	}
	dl := filepath.Join(cache, "cache", "download", path, "@v")
	if err := os.MkdirAll(dl, 0o777); err != nil {
		t.Fatal(err)
	}
	zipFile := filepath.Join(dl, version+".zip")
	f, err := os.Create(zipFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := modzip.CreateFromDir(f, module.Version{Path: path, Version: version}, src); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zipHash, err = dirhash.HashZip(zipFile, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	modHash, err = dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return os.Open(filepath.Join(src, "go.mod"))
	})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dl, version+".ziphash"), zipHash)
	writeFile(t, filepath.Join(dl, version+".mod"), files["go.mod"])
	writeFile(t, filepath.Join(dl, version+".info"), `{"Version":"`+version+`","Time":"2024-01-01T00:00:00Z"}`)
	if err := modzip.Unzip(filepath.Join(cache, path+"@"+version), module.Version{Path: path, Version: version}, zipFile); err != nil {
		t.Fatal(err)
	}
	return zipHash, modHash
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
}

var xTiming = regexp.MustCompile(`^[0-9.]+s # `)

// vcsTrace keeps the VCS commands of a -x trace (they come first, right
// after WORK=), with timings blanked.
func vcsTrace(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "WORK=") {
			continue
		}
		cmd, _, _ := strings.Cut(line, " ")
		switch {
		case cmd == "cd", cmd == "git", cmd == "hg", cmd == "svn", cmd == "bzr", cmd == "fossil", xTiming.MatchString(line):
		default:
			return strings.Join(out, "\n")
		}
		out = append(out, xTiming.ReplaceAllString(line, "T # "))
	}
	return strings.Join(out, "\n")
}

func runBuildInfoCase(t *testing.T, tc biCase, modcache string) {
	root := t.TempDir()
	for name, data := range tc.files {
		writeFile(t, filepath.Join(root, name), data)
	}
	environ := append(os.Environ(),
		"GOFLAGS="+tc.goflags+" -modcacherw",
		"GOMODCACHE="+modcache, "GOPROXY=off", "GOSUMDB=off", "GOTOOLCHAIN=local", "GOWORK=off",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Go Gopher", "GIT_AUTHOR_EMAIL=gopher@golang.org",
		"GIT_COMMITTER_NAME=Go Gopher", "GIT_COMMITTER_EMAIL=gopher@golang.org",
		"GIT_AUTHOR_DATE=2022-07-19T11:07:00-04:00", "GIT_COMMITTER_DATE=2022-07-19T11:07:00-04:00",
	)
	for _, c := range tc.setup {
		cmd := exec.Command("sh", "-c", c)
		cmd.Dir = root
		cmd.Env = environ
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", c, err, out)
		}
	}
	environ = append(environ, tc.env...)
	if tc.fakeVCS != "" {
		bin := t.TempDir()
		name := strings.Fields(tc.fakeVCS)[0]
		writeFile(t, filepath.Join(bin, name), "#!/bin/sh\n"+tc.fakeVCS[len(name)+1:])
		if err := os.Chmod(filepath.Join(bin, name), 0o755); err != nil {
			t.Fatal(err)
		}
		environ = append(environ, "PATH="+bin+":"+os.Getenv("PATH"))
	}
	dir := filepath.Join(root, "m")
	if tc.dir != "" {
		dir = filepath.Join(root, tc.dir)
	}
	pkg := tc.pkg
	if pkg == "" {
		pkg = "."
	}
	// Each side starts from the module cache the setup left.
	before := infoFiles(modcache)
	defer setInfoFiles(t, modcache, nil)
	// Build outside the repository so that the binary is not an
	// untracked file.
	exe := filepath.Join(t.TempDir(), "out.exe")
	args := append(append([]string{"build", "-x", "-o", exe}, tc.flags...), pkg)
	cmd := exec.Command(realGo, args...)
	cmd.Dir = dir
	cmd.Env = environ
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	if tc.wantErr {
		if runErr == nil {
			t.Fatalf("go build succeeded, want VCS error")
		}
	} else if runErr != nil {
		msg := stderr.String()
		if len(msg) > 2000 {
			msg = msg[len(msg)-2000:]
		}
		t.Fatalf("go build: %v\n%s", runErr, msg)
	}
	want, wantModinfo := "", ""
	if !tc.wantErr {
		bi, err := buildinfo.ReadFile(exe)
		if err != nil {
			t.Fatal(err)
		}
		bi.GoVersion = ""
		want = bi.String()
		for _, line := range strings.Split(stderr.String(), "\n") {
			if strings.HasPrefix(line, "modinfo ") {
				wantModinfo = line + "\n"
			}
		}
	}
	wantTrace := vcsTrace(stderr.String())
	wantInfo := formatInfoFiles(infoFiles(modcache))
	setInfoFiles(t, modcache, before)

	// The same through the loader.
	e, err := env.Load(env.Options{Environ: environ, Executable: realGo, Dir: dir,
		FindModuleRoot: modload.FindModuleRoot, FindGoWork: modload.FindGoWork})
	if err != nil {
		t.Fatal(err)
	}
	flags := &base.BuildFlags{}
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	base.AddBuildFlags(fs, flags, base.DefaultBuildFlags)
	goflags, err := base.ParseGOFLAGS(e.Get("GOFLAGS"), func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if err := base.ApplyGOFLAGS(fs, goflags); err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse(tc.flags); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ms, err := modload.Init(ctx, modload.Config{Env: e, Dir: dir, Flags: flags, GOFLAGS: goflags, CmdName: "build"})
	if err != nil {
		t.Fatal(err)
	}
	l := NewLoader(Config{Env: e, Dir: dir, Flags: flags, GOFLAGS: goflags, Modules: ms})
	pkgs, err := l.LoadPackages(ctx, []string{pkg})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || pkgs[0].Error != nil {
		t.Fatalf("loaded %d packages; error %v", len(pkgs), pkgs[0].Error)
	}
	var trace, errs bytes.Buffer
	runner := NewVCSRunner(e.OSEnviron(), e.LookPath)
	runner.X = &trace
	runner.Stderr = &errs
	info, err := l.BuildInfo(ctx, pkgs[0], BuildInfoOptions{AutoVCS: tc.autoVCS, VCS: runner})
	if g := vcsTrace(trace.String()); g != wantTrace {
		t.Errorf("-x VCS commands differ\ngot:\n%s\nwant:\n%s", g, wantTrace)
	}
	if tc.wantErr {
		if err == nil {
			t.Fatal("no error")
		}
		var rest []string
		for _, line := range strings.Split(stderr.String(), "\n")[1:] {
			if line == "" || !strings.Contains("\n"+wantTrace+"\n", "\n"+line+"\n") {
				rest = append(rest, line)
			}
		}
		wantErr := strings.Join(rest, "\n")
		if g := errs.String() + err.Error() + "\n"; g != wantErr {
			t.Errorf("error differs\ngot:\n%s\nwant:\n%s", g, wantErr)
		}
		t.Logf("error:\n%s", wantErr)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	got := info.String()
	t.Logf("build info:\n%s", got)
	if got != want {
		t.Errorf("build info differs\ngot:\n%s\nwant:\n%s", got, want)
	}
	if g := formatInfoFiles(infoFiles(modcache)); g != wantInfo {
		t.Errorf("module cache .info files differ\ngot:\n%s\nwant:\n%s", g, wantInfo)
	}
	if line := ImportcfgModinfo(info); line != wantModinfo {
		t.Errorf("importcfg.link modinfo line differs\ngot:  %s\nwant: %s", line, wantModinfo)
	}
}

// infoFiles returns the .info files of the cases' main modules in the
// module cache (not those of the fake dependencies), by file name.
func infoFiles(modcache string) map[string]string {
	m := map[string]string{}
	root := filepath.Join(modcache, "cache", "download", "example.com")
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".info") || strings.Contains(path, "/dep/") || strings.Contains(path, "/other/") {
			return nil
		}
		data, _ := os.ReadFile(path)
		m[path] = string(data)
		return nil
	})
	return m
}

// setInfoFiles makes the main modules' .info files be exactly files.
func setInfoFiles(t *testing.T, modcache string, files map[string]string) {
	for name := range infoFiles(modcache) {
		if _, ok := files[name]; !ok {
			os.Remove(name)
		}
	}
	for name, data := range files {
		writeFile(t, name, data)
	}
}

func formatInfoFiles(m map[string]string) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(m)) {
		b.WriteString(name + ": " + m[name] + "\n")
	}
	return b.String()
}
