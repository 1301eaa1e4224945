package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestToolchainSelect runs gocmd and the real go where go.mod or
// GOTOOLCHAIN asks for another toolchain, which a fake go1.99.0 on PATH
// provides (it prints its arguments and the switch variables), and
// requires the same stdout, stderr and exit status: the choice, the
// errors, the handover environment and the GODEBUG=toolchaintrace=1 lines.
func TestToolchainSelect(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	write := func(name, content string, perm os.FileMode) {
		t.Helper()
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), perm); err != nil {
			t.Fatal(err)
		}
	}
	write("bin/go1.99.0", "#!/bin/sh\n"+
		"echo \"fake go1.99.0: $*\"\n"+
		"echo \"target=$GOTOOLCHAIN_INTERNAL_SWITCH_VERSION count=$GOTOOLCHAIN_INTERNAL_SWITCH_COUNT goroot=${GOROOT-unset}\"\n"+
		"exit 3\n", 0o777)
	write("new/go.mod", "module m\n\ngo 1.99.0\n", 0o666)
	write("newer/go.mod", "module m\n\ngo 1.98.0\n", 0o666)
	write("tc/go.mod", "module m\n\ngo 1.21\n\ntoolchain go1.99.0 // comment\n", 0o666)
	write("bad/go.mod", "module m\n\ngo 1.21\n\ntoolchain bogus\n", 0o666)
	write("def/go.mod", "module m\n\ngo 1.21\n\ntoolchain default\n", 0o666)
	write("work/go.work", "go 1.99.0\n", 0o666)
	write("work/sub/go.mod", "module m\n\ngo 1.21\n", 0o666)
	// Too new for the local toolchain, which go.mod itself chose.
	write("defnew/go.mod", "module m\n\ngo 1.99.0\n\ntoolchain default\n", 0o666)
	write("defnew/sub/x.go", "package sub\n", 0o666)
	write("dep/go.mod", "module dep\n\ngo 1.99.0\n", 0o666)
	write("dep/dep.go", "package dep\n", 0o666)
	write("usedep/go.mod", "module m\n\ngo 1.22\n\ntoolchain "+localToolchain(t)+"\n\nrequire dep v0.0.0\n\nreplace dep => ../dep\n", 0o666)
	write("usedep/main.go", "package main\n\nimport _ \"dep\"\n\nfunc main() {}\n", 0o666)

	path := bin + string(filepath.ListSeparator) + os.Getenv("PATH")
	cases := []struct {
		dir  string
		env  []string
		args []string
	}{
		{"new", []string{"GOTOOLCHAIN=path"}, []string{"version"}},
		{"new", []string{"GOTOOLCHAIN=auto", "GOPROXY=off"}, []string{"list", "-m"}},
		{"new", []string{"GOTOOLCHAIN=local"}, []string{"list", "-m"}},
		{"new", []string{"GOTOOLCHAIN=path"}, []string{"env", "GOTOOLCHAIN"}},
		{"new", []string{"GOTOOLCHAIN=path"}, []string{"env", "GOMOD"}},
		{"new", []string{"GOTOOLCHAIN=path", "GO111MODULE=off"}, []string{"version"}},
		{"new", []string{"GOTOOLCHAIN=path", "GODEBUG=toolchaintrace=1"}, []string{"version"}},
		{"newer", []string{"GOTOOLCHAIN=path"}, []string{"version"}},
		{"newer", []string{"GOTOOLCHAIN=go1.99.0+path", "GODEBUG=toolchaintrace=1"}, []string{"version"}},
		{"tc", []string{"GOTOOLCHAIN=path", "GODEBUG=toolchaintrace=1"}, []string{"version"}},
		{"bad", []string{"GOTOOLCHAIN=path"}, []string{"version"}},
		{"def", []string{"GOTOOLCHAIN=go1.99.0+auto"}, []string{"version"}},
		{"work/sub", []string{"GOTOOLCHAIN=path"}, []string{"version"}},
		{"work/sub", []string{"GOTOOLCHAIN=path", "GOWORK=off"}, []string{"version"}},
		{".", []string{"GOTOOLCHAIN=path"}, []string{"-C", "new", "version"}},
		// "requires go >=" errors name the GOTOOLCHAIN setting and the
		// go.mod line that chose the running toolchain.
		{"defnew", []string{"GOTOOLCHAIN=auto"}, []string{"build"}},
		{"defnew/sub", []string{"GOTOOLCHAIN=path"}, []string{"list", "-m"}},
		{"defnew", []string{"GOTOOLCHAIN=local"}, []string{"build"}},
		{"usedep", []string{"GOTOOLCHAIN=go1.22.0+path"}, []string{"build"}},
		{"usedep", []string{"GOTOOLCHAIN=go1.22.0+path"}, []string{"list", "-m", "all"}},
		// A package of a module needing a newer Go stops loading.
		{"usedep", []string{"GOTOOLCHAIN=local"}, []string{"list", "-e", "-f", "{{.ImportPath}}", "."}},
		{"usedep", []string{"GOTOOLCHAIN=local"}, []string{"vet", "."}},
		{".", []string{"GOTOOLCHAIN=go1.99.0"}, []string{"version"}},
		{".", []string{"GOTOOLCHAIN=go1.99"}, []string{"version"}},
		{".", []string{"GOTOOLCHAIN=bogus"}, []string{"version"}},
		{".", []string{"GOTOOLCHAIN=go1.22+bogus"}, []string{"version"}},
		{".", []string{"GOTOOLCHAIN=gox+auto"}, []string{"version"}},
		{".", []string{"GOTOOLCHAIN=auto", "GOTOOLCHAIN_INTERNAL_SWITCH_VERSION=go1.20.1"}, []string{"version"}},
	}
	for _, c := range cases {
		env := []string{"PATH=" + path, "GOPROXY=off", "GOMODCACHE=" + filepath.Join(dir, "modcache")}
		env = append(env, c.env...)
		args := c.args
		got, want := both(t, filepath.Join(dir, c.dir), env, args...)
		if got != want {
			t.Errorf("in %s, %s go %s:\ngocmd: exit %d\nstdout:\n%s\nstderr:\n%s\nreal go: exit %d\nstdout:\n%s\nstderr:\n%s",
				c.dir, strings.Join(c.env, " "), strings.Join(args, " "), got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
		}
	}
}

// localToolchain returns the real go's toolchain name ("go1.26.8").
func localToolchain(t *testing.T) string {
	t.Helper()
	out, err := realGoCommand(t, ".", nil, "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}
