package load

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"gocmd/internal/env"
	"gocmd/internal/fips140"
	"gocmd/internal/fsys"
)

// BuildContext returns the go/build context the go command uses for e:
// GOOS, GOARCH, GOPATH, cgo, the tool tags of GOEXPERIMENT and the
// architecture level variables, the release tags of the toolchain, and
// the -tags, -race, -msan, -asan, -installsuffix and -compiler flags.
// File reads go through fsys (the -overlay view), which also keeps
// go/build from ever running a go command itself.
func BuildContext(e *env.Env, flags BuildFlagsView, fsv *fsys.FS) (build.Context, error) {
	ctxt := build.Default
	ctxt.GOROOT = e.GOROOT()
	ctxt.GOOS = envOr(e, "GOOS", runtime.GOOS)
	ctxt.GOARCH = envOr(e, "GOARCH", runtime.GOARCH)
	ctxt.GOPATH = GOPATH(e)
	ctxt.CgoEnabled = e.CgoEnabled()
	ctxt.Compiler = "gc"
	if flags.Compiler != "" {
		ctxt.Compiler = flags.Compiler
	}
	ctxt.InstallSuffix = flags.InstallSuffix
	ctxt.BuildTags = append([]string(nil), flags.Tags...)
	if v, err := fips140.Version(ctxt.GOROOT, e.Var("GOFIPS140")); err == nil {
		// A snapshot adds its tag (an unknown one is reported when
		// modules or packages are loaded).
		if tag := (fips140.Mode{Version: v}).Tag(); tag != "" {
			ctxt.BuildTags = append(ctxt.BuildTags, tag)
		}
	}
	ctxt.ReleaseTags = releaseTags(e.GOROOT())
	tags, err := toolTags(e, ctxt.GOROOT, ctxt.GOOS, ctxt.GOARCH)
	if err != nil {
		return ctxt, err
	}
	for _, mode := range []struct {
		on   bool
		name string
	}{{flags.Race, "race"}, {flags.MSan, "msan"}, {flags.ASan, "asan"}} {
		if mode.on {
			if ctxt.InstallSuffix != "" {
				ctxt.InstallSuffix += "_"
			}
			ctxt.InstallSuffix += mode.name
			tags = append(tags, mode.name)
		}
	}
	ctxt.ToolTags = tags
	ctxt.JoinPath = filepath.Join
	ctxt.ReadDir = func(dir string) ([]fs.FileInfo, error) { return fsv.ReadDir(dir) }
	ctxt.OpenFile = func(name string) (io.ReadCloser, error) { return fsv.Open(name) }
	ctxt.IsDir = func(name string) bool { return fsv.IsDir(name) }
	return ctxt, nil
}

// BuildFlagsView is the part of the build flags that shapes the build
// context.
type BuildFlagsView struct {
	Tags          []string
	Compiler      string
	InstallSuffix string
	Race          bool
	MSan          bool
	ASan          bool
}

func envOr(e *env.Env, name, def string) string {
	if v := e.Get(name); v != "" {
		return v
	}
	return def
}

// GOPATH returns the effective GOPATH: $GOPATH, or $HOME/go unless that
// is GOROOT.
func GOPATH(e *env.Env) string {
	if v, ok := e.Lookup("GOPATH"); ok {
		return v
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	def := filepath.Join(home, "go")
	if filepath.Clean(def) == filepath.Clean(e.GOROOT()) {
		return ""
	}
	return def
}

// releaseTags returns go1.1 through the toolchain's go1.N, read from
// GOROOT/VERSION (or the internal/goversion source), falling back to the
// tags gocmd was built with.
func releaseTags(goroot string) []string {
	minor := 0
	if data, err := os.ReadFile(filepath.Join(goroot, "src", "internal", "goversion", "goversion.go")); err == nil {
		s := string(data)
		if i := strings.Index(s, "const Version = "); i >= 0 {
			line := s[i+len("const Version = "):]
			if j := strings.IndexByte(line, '\n'); j >= 0 {
				line = line[:j]
			}
			minor, _ = strconv.Atoi(strings.TrimSpace(line))
		}
	}
	if minor == 0 {
		return append([]string(nil), build.Default.ReleaseTags...)
	}
	tags := make([]string, 0, minor)
	for i := 1; i <= minor; i++ {
		tags = append(tags, fmt.Sprintf("go1.%d", i))
	}
	return tags
}

// toolTags returns the goexperiment.* tags and the architecture level
// tags (amd64.v1, arm.7, ...) in effect.
func toolTags(e *env.Env, goroot, goos, goarch string) ([]string, error) {
	exps, err := experiments(goroot, goos, goarch, e.Get("GOEXPERIMENT"))
	if err != nil {
		return nil, err
	}
	var tags []string
	for _, x := range exps {
		tags = append(tags, "goexperiment."+x)
	}
	return append(tags, archTags(e, goarch)...), nil
}

// experiments returns the enabled experiment names (lower case): the
// platform baseline adjusted by GOEXPERIMENT.
func experiments(goroot, goos, goarch, goexp string) ([]string, error) {
	on := map[string]bool{"randomizedheapbase64": true, "greenteagc": true}
	switch goarch {
	case "amd64", "arm64", "loong64", "ppc64le", "ppc64", "riscv64", "s390x":
		on["regabiwrappers"] = true
		on["regabiargs"] = true
	}
	if goos != "darwin" && goos != "ios" && goos != "aix" {
		on["dwarf5"] = true
	}
	known := knownExperiments(goroot)
	for _, f := range strings.Split(goexp, ",") {
		if f == "" {
			continue
		}
		if f == "none" {
			on = map[string]bool{}
			continue
		}
		val := true
		if strings.HasPrefix(f, "no") {
			f, val = f[2:], false
		}
		if f == "regabi" {
			on["regabiwrappers"], on["regabiargs"] = val, val
			continue
		}
		if known != nil && !known[f] {
			return nil, fmt.Errorf("unknown GOEXPERIMENT %s", f)
		}
		on[f] = val
	}
	var list []string
	for x, v := range on {
		if v {
			list = append(list, x)
		}
	}
	// go lists the experiments in the order of the fields of
	// internal/goexperiment.Flags; any it does not know go last.
	order := map[string]int{}
	for i, name := range experimentOrder(goroot) {
		order[name] = i + 1
	}
	sort.Slice(list, func(i, j int) bool {
		oi, oj := order[list[i]], order[list[j]]
		if oi == 0 || oj == 0 {
			if oi != oj {
				return oj == 0
			}
			return list[i] < list[j]
		}
		return oi < oj
	})
	return list, nil
}

// experimentOrder returns the experiment names, lower case, in the order
// of the fields of the toolchain's internal/goexperiment.Flags.
func experimentOrder(goroot string) []string {
	file := filepath.Join(goroot, "src", "internal", "goexperiment", "flags.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var names []string
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != "Flags" {
			return true
		}
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, field := range st.Fields.List {
				for _, id := range field.Names {
					names = append(names, strings.ToLower(id.Name))
				}
			}
		}
		return false
	})
	return names
}

// knownExperiments lists the experiments of the toolchain, one
// exp_NAME_on.go file each in GOROOT/src/internal/goexperiment.
func knownExperiments(goroot string) map[string]bool {
	ents, err := os.ReadDir(filepath.Join(goroot, "src", "internal", "goexperiment"))
	if err != nil {
		return nil
	}
	m := map[string]bool{}
	for _, ent := range ents {
		if name, ok := strings.CutPrefix(ent.Name(), "exp_"); ok {
			if name, ok := strings.CutSuffix(name, "_on.go"); ok {
				m[name] = true
			}
		}
	}
	return m
}

func archTags(e *env.Env, goarch string) []string {
	var list []string
	switch goarch {
	case "386":
		list = append(list, "386."+envOr(e, "GO386", "sse2"))
	case "amd64":
		n := 1
		if v := e.Get("GOAMD64"); len(v) == 2 && v[0] == 'v' && v[1] >= '1' && v[1] <= '4' {
			n = int(v[1] - '0')
		}
		for i := 1; i <= n; i++ {
			list = append(list, fmt.Sprintf("amd64.v%d", i))
		}
	case "arm":
		n := 7
		if v := e.Get("GOARM"); v != "" && v[0] >= '5' && v[0] <= '7' {
			n = int(v[0] - '0')
		}
		for i := 5; i <= n; i++ {
			list = append(list, fmt.Sprintf("arm.%d", i))
		}
	case "arm64":
		major, minor := 8, 0
		if v := e.Get("GOARM64"); len(v) >= 4 && v[0] == 'v' && v[2] == '.' {
			major, minor = int(v[1]-'0'), int(v[3]-'0')
		}
		for i := 0; i <= minor; i++ {
			list = append(list, fmt.Sprintf("arm64.v%d.%d", major, i))
		}
		if major == 9 {
			for i := 0; i <= minor+5 && i <= 9; i++ {
				list = append(list, fmt.Sprintf("arm64.v8.%d", i))
			}
		}
	case "mips", "mipsle":
		list = append(list, goarch+"."+envOr(e, "GOMIPS", "hardfloat"))
	case "mips64", "mips64le":
		list = append(list, goarch+"."+envOr(e, "GOMIPS64", "hardfloat"))
	case "ppc64", "ppc64le":
		n := 8
		if v := e.Get("GOPPC64"); strings.HasPrefix(v, "power") {
			if k, err := strconv.Atoi(v[len("power"):]); err == nil {
				n = k
			}
		}
		for i := 8; i <= n; i++ {
			list = append(list, fmt.Sprintf("%s.power%d", goarch, i))
		}
	case "riscv64":
		list = append(list, "riscv64.rva20u64")
		switch e.Get("GORISCV64") {
		case "rva22u64":
			list = append(list, "riscv64.rva22u64")
		case "rva23u64":
			list = append(list, "riscv64.rva22u64", "riscv64.rva23u64")
		}
	case "wasm":
		list = append(list, "wasm.satconv", "wasm.signext")
	}
	return list
}
