package env

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is where the working directory stands with respect to modules
// and workspaces, as go decides at start-up for 'go env'.
type Module struct {
	// Enabled reports module-aware mode (else GOPATH mode).
	Enabled bool
	// Root is the main module's directory, or "".
	Root string
	// GOMOD is Root's go.mod, os.DevNull in module mode without a main
	// module, and "" in GOPATH mode.
	GOMOD string
	// GOWORK is the go.work file in use, "off" if $GOWORK is off, or "".
	GOWORK string
	// Warnings are printed (each a line) when modules are initialized.
	Warnings []string
	// Err is a fatal configuration error ("go: ..." text), or nil.
	Err error
}

// findModule applies GO111MODULE and GOWORK to the working directory.
func (e *Env) findModule(findRoot, findWork func(string) string) Module {
	var m Module
	if err := e.findMainModule(&m, findRoot); err != nil {
		m.Err = err
		return m
	}
	if m.Enabled {
		m.GOMOD = os.DevNull
		if m.Root != "" {
			m.GOMOD = filepath.Join(m.Root, "go.mod")
		}
	}
	switch w := e.Get("GOWORK"); w {
	case "off":
		m.GOWORK = "off"
	case "", "auto":
		m.GOWORK = e.findWorkFile(findWork)
	default:
		if !filepath.IsAbs(w) {
			m.Err = errorString("go: invalid GOWORK: not an absolute path")
			return m
		}
		m.GOWORK = w
	}
	return m
}

func (e *Env) findMainModule(m *Module, findRoot func(string) string) error {
	var must bool
	switch g := e.Get("GO111MODULE"); g {
	case "auto":
	case "on", "":
		must = true
	case "off":
		return nil
	default:
		return fmt.Errorf("go: unknown environment setting GO111MODULE=%s", g)
	}
	root := findRoot(e.dir)
	switch {
	case root == "":
		if !must {
			return nil
		}
	case isSameDirPath(root, tempDir(e.osGet)):
		m.Warnings = append(m.Warnings, fmt.Sprintf("go: warning: ignoring go.mod in system temp root %v", tempDir(e.osGet)))
		if !must {
			return nil
		}
	default:
		m.Root = root
	}
	m.Enabled = true
	if list := filepath.SplitList(e.gopath); len(list) > 0 && list[0] != "" {
		if _, err := os.Stat(filepath.Join(list[0], "go.mod")); err == nil {
			m.Warnings = append(m.Warnings, fmt.Sprintf("go: warning: ignoring go.mod in $GOPATH %v", list[0]))
		}
	}
	return nil
}

// isSameDirPath reports whether dir and tmp name the same directory,
// directly or through symbolic links.
func isSameDirPath(dir, tmp string) bool {
	if filepath.Clean(dir) == filepath.Clean(tmp) {
		return true
	}
	d, err1 := filepath.EvalSymlinks(dir)
	t, err2 := filepath.EvalSymlinks(tmp)
	return err1 == nil && err2 == nil && d == t
}

// findWorkFile finds go.work at or above the working directory, without
// leaving GOROOT for a directory inside it.
func (e *Env) findWorkFile(findWork func(string) string) string {
	f := findWork(e.dir)
	if f == "" || e.goroot == "" {
		return f
	}
	root := filepath.Clean(e.goroot)
	if inside(filepath.Clean(e.dir), root) && !inside(filepath.Dir(f), root) {
		return ""
	}
	return f
}

// inside reports whether path is strictly below dir.
func inside(path, dir string) bool {
	return strings.HasPrefix(path, dir+string(filepath.Separator)) && path != dir
}

// Module returns the module and workspace state of the working directory
// (zero if Options.Dir was empty).
func (e *Env) Module() Module { return e.mod }
