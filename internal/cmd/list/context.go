package list

import (
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/env"
)

// Context is what the template function "context" returns: the build
// configuration, with the field names of go/build's Context.
type Context struct {
	GOARCH        string   `json:",omitempty"`
	GOOS          string   `json:",omitempty"`
	GOROOT        string   `json:",omitempty"`
	GOPATH        string   `json:",omitempty"`
	CgoEnabled    bool     `json:",omitempty"`
	UseAllFiles   bool     `json:",omitempty"`
	Compiler      string   `json:",omitempty"`
	BuildTags     []string `json:",omitempty"`
	ToolTags      []string `json:",omitempty"`
	ReleaseTags   []string `json:",omitempty"`
	InstallSuffix string   `json:",omitempty"`
}

// newContext computes the build configuration of this invocation from
// its environment and build flags.
//
// TODO: take it from the loader (or env) once they expose their
// go/build.Context, so the three cannot disagree.
func newContext(e *env.Env, bf *base.BuildFlags) *Context {
	c := &Context{
		GOARCH:      getOr(e, "GOARCH", runtime.GOARCH),
		GOOS:        getOr(e, "GOOS", runtime.GOOS),
		GOROOT:      e.GOROOT(),
		GOPATH:      gopath(e),
		Compiler:    bf.Compiler,
		BuildTags:   bf.Tags,
		ReleaseTags: releaseTags(e.GOROOT()),
	}
	if c.Compiler == "" {
		c.Compiler = runtime.Compiler
	}
	c.CgoEnabled = cgoEnabled(e, c.GOOS, c.GOARCH)
	// go/build computed the experiment and GOARCH-level tags from this
	// process's environment when it was initialized.
	c.ToolTags = slices.Clone(build.Default.ToolTags)
	c.InstallSuffix = bf.InstallSuffix
	if mode := instrumentMode(bf); mode != "" {
		if c.InstallSuffix != "" {
			c.InstallSuffix += "_"
		}
		c.InstallSuffix += mode
		c.ToolTags = append(c.ToolTags, mode)
	}
	return c
}

func getOr(e *env.Env, name, def string) string {
	if v := e.Get(name); v != "" {
		return v
	}
	return def
}

// gopath is $GOPATH, or $HOME/go unless that is GOROOT.
func gopath(e *env.Env) string {
	if v := e.Get("GOPATH"); v != "" {
		return v
	}
	home := e.Get("HOME")
	if runtime.GOOS == "windows" {
		home = e.Get("USERPROFILE")
	} else if runtime.GOOS == "plan9" {
		home = e.Get("home")
	}
	if home == "" {
		return ""
	}
	def := filepath.Join(home, "go")
	if filepath.Clean(def) == filepath.Clean(e.GOROOT()) {
		return ""
	}
	return def
}

// cgoEnabled applies CGO_ENABLED, or else the default: on for native
// builds where cgo is supported and a C compiler can be found.
func cgoEnabled(e *env.Env, goos, goarch string) bool {
	switch e.Get("CGO_ENABLED") {
	case "1":
		return true
	case "0":
		return false
	}
	if goos != runtime.GOOS || goarch != runtime.GOARCH || !build.Default.CgoEnabled {
		return false
	}
	if e.Get("CC") != "" {
		return true
	}
	cc := "gcc"
	if goos == "darwin" || goos == "ios" || goos == "freebsd" || goos == "openbsd" {
		cc = "clang"
	}
	if _, err := exec.LookPath(cc); err != nil {
		return false
	}
	return true
}

func instrumentMode(bf *base.BuildFlags) string {
	switch {
	case bf.ASan:
		return "asan"
	case bf.MSan:
		return "msan"
	case bf.Race:
		return "race"
	}
	return ""
}

// releaseTags lists go1.1 up to the release of the toolchain in goroot.
func releaseTags(goroot string) []string {
	n := 0
	if data, err := os.ReadFile(filepath.Join(goroot, "src", "internal", "goversion", "goversion.go")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "const Version = "); ok {
				n, _ = strconv.Atoi(strings.TrimSpace(v))
				break
			}
		}
	}
	if n == 0 {
		return slices.Clone(build.Default.ReleaseTags)
	}
	tags := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		tags = append(tags, "go1."+strconv.Itoa(i))
	}
	return tags
}
