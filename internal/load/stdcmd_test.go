package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gocmd/internal/base"
	"gocmd/internal/env"
)

const realGo = "/usr/local/go/bin/go"

// listJSON prints packages as 'go list -json' does, after the steps
// the list command performs (DepOnly, ImportMap).
func listJSON(pkgs []*Package, cmdline map[*Package]bool) map[string][]byte {
	out := map[string][]byte{}
	for _, p := range pkgs {
		p.DepOnly = !cmdline[p]
		SetImportMap(p)
		b, _ := json.MarshalIndent(&p.Package, "", "\t")
		out[p.ImportPath] = b
	}
	return out
}

// splitJSON splits a stream of go list JSON objects by ImportPath,
// dropping Stale and StaleReason (they need a build).
func splitJSON(t *testing.T, data []byte) map[string][]byte {
	out := map[string][]byte{}
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, line := range strings.Split(string(raw), "\n") {
			if strings.HasPrefix(line, "\t\"Stale") {
				continue
			}
			lines = append(lines, line)
		}
		var v struct{ ImportPath string }
		json.Unmarshal(raw, &v)
		var buf bytes.Buffer
		json.Indent(&buf, []byte(strings.Join(lines, "\n")), "", "\t")
		out[v.ImportPath] = buf.Bytes()
	}
	return out
}

// TestStdCmdGOPATH compares 'go list -deps -json std cmd' in GOPATH mode
// with the real go command's output.
func TestStdCmdGOPATH(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	diffList(t, []string{"GO111MODULE=off"}, false, "std", "cmd")
}

// TestTestVariantsGOPATH compares 'go list -test -deps -json' output.
func TestTestVariantsGOPATH(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	diffList(t, []string{"GO111MODULE=off"}, true, "fmt", "net/http", "cmd/go", "sort", "internal/abi")
}

// diffList runs 'go list -e -deps -json [-test] args' with the real go
// and through the Loader, and compares the packages' JSON.
func diffList(t *testing.T, extraEnv []string, test bool, args ...string) {
	diffListIn(t, t.TempDir(), extraEnv, test, args...)
}

func diffListIn(t *testing.T, dir string, extraEnv []string, test bool, args ...string) {
	if _, err := os.Stat(realGo); err != nil {
		t.Skip("no real go")
	}
	environ := append(append(os.Environ(), "GOFLAGS="), extraEnv...)
	goArgs := []string{"list", "-e", "-deps", "-json"}
	if test {
		goArgs = append(goArgs, "-test")
	}
	cmd := exec.Command(realGo, append(goArgs, args...)...)
	cmd.Dir = dir
	cmd.Env = environ
	start := time.Now()
	want, err := cmd.Output()
	if err != nil && len(want) == 0 {
		t.Fatal(err)
	}
	realTime := time.Since(start)
	e, _ := env.Load(env.Options{Environ: environ})
	start = time.Now()
	l := NewLoader(Config{Env: e, Dir: dir, Flags: &base.BuildFlags{}})
	ctx := context.Background()
	roots, err := l.LoadPackages(ctx, args)
	if err != nil {
		t.Fatal(err)
	}
	if test {
		for _, p := range roots {
			if len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
				continue
			}
			pmain, ptest, pxtest := l.TestPackagesAndErrors(ctx, p)
			roots = append(roots, pmain)
			if ptest != p {
				roots = append(roots, ptest)
			}
			if pxtest != nil {
				roots = append(roots, pxtest)
			}
		}
	}
	cmdline := map[*Package]bool{}
	for _, p := range roots {
		cmdline[p] = true
	}
	all := PackageList(roots)
	RenameVariants(all)
	CollectDeps(roots)
	got := listJSON(all, cmdline)
	ourTime := time.Since(start)
	wantm := splitJSON(t, want)
	same, diff := 0, 0
	outDir := os.Getenv("LOAD_DIFF_DIR")
	for path, w := range wantm {
		g := got[path]
		if strings.HasSuffix(path, ".test") {
			// GoFiles names _testmain.go in the build cache.
			w = dropField(w, "GoFiles")
			g = dropField(g, "GoFiles")
		}
		if bytes.Equal(g, w) {
			same++
			continue
		}
		diff++
		if outDir != "" {
			name := strings.ReplaceAll(path, "/", "_")
			os.WriteFile(filepath.Join(outDir, name+".want"), w, 0o666)
			os.WriteFile(filepath.Join(outDir, name+".got"), g, 0o666)
		}
	}
	extra := 0
	for path := range got {
		if wantm[path] == nil {
			extra++
			t.Logf("extra package %s", path)
		}
	}
	t.Logf("%v: %d packages, %d identical, %d differ, %d extra; real go %v, loader %v", args, len(wantm), same, diff, extra, realTime, ourTime)
	if diff > 0 || extra > 0 {
		t.Error(fmt.Sprintf("%d packages differ", diff+extra))
	}
}

func dropField(js []byte, field string) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(js, &m) != nil {
		return js
	}
	delete(m, field)
	b, _ := json.Marshal(m)
	return b
}
