package doc

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

// pkgsiteVersion is the version of the pkgsite doc server go1.26 runs.
const pkgsiteVersion = "v0.0.0-20251223195805-1a3bd3c788fe"

// errExit ends go doc with the exit status of the doc server.
type errExit struct{ code int }

func (e *errExit) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// httpStart handles -http without arguments: the page of the current
// module, of the workspace, or of the standard library. It reports
// whether it did.
func (d *docer) httpStart(args []string) (bool, error) {
	if len(args) > 0 {
		return false, nil
	}
	environ := append(d.inv.Env.Environ(), "GOWORK=off")
	mod, err := d.runCmd(environ, "go", "list", "-m")
	if err == nil && mod != "" && mod != "command-line-arguments" {
		return true, d.pkgsite(mod, "")
	}
	gowork, err := d.runCmd(nil, "go", "env", "GOWORK")
	if err == nil && gowork != "" {
		return true, d.pkgsite("", "")
	}
	return true, d.pkgsite("std", "")
}

// runCmd runs a command in the working directory and returns its
// trimmed output. environ nil means the go command's environment (with
// the variables 'go env' shows set, as go sets them at start-up).
func (d *docer) runCmd(environ []string, args ...string) (string, error) {
	var stdout, stderr strings.Builder
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = d.wd
	cmd.Env = environ
	if environ == nil {
		cmd.Env = d.inv.Env.Environ()
	}
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go doc: %s: %v\n%s\n", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(stdout.String()), nil
}

// objectPath returns the pkgsite page and fragment of what was found.
func (d *docer) objectPath(userPath string, p *docPackage, symbol, method string) (string, string, error) {
	path := p.build.ImportPath
	if path == "." {
		var err error
		if path, err = d.runCmd(nil, "go", "list", userPath); err != nil {
			return "", "", err
		}
	}
	object := symbol
	if symbol != "" && method != "" {
		object = symbol + "." + method
	}
	return path, object, nil
}

// pkgsite serves the documentation with pkgsite's doc server, opening
// the page in a browser; it uses the module cache as a first proxy.
func (d *docer) pkgsite(urlPath, fragment string) error {
	l, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		return fmt.Errorf("failed to find port for documentation server: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return fmt.Errorf("failed to find port for documentation server: %v", err)
	}
	addr := fmt.Sprintf("localhost:%d", port)
	page, err := url.JoinPath("http://"+addr, urlPath)
	if err != nil {
		return fmt.Errorf("internal error: failed to construct url: %v", err)
	}
	if fragment != "" {
		page += "#" + fragment
	}
	signal.Ignore(os.Interrupt, syscall.SIGQUIT)
	environ := d.inv.Env.Environ()
	vars, err := d.runCmd(environ, d.goCmd(), "env", "GOPROXY", "GOMODCACHE")
	if f := strings.Fields(vars); err == nil && len(f) == 2 {
		cache := filepath.Join(f[1], "cache", "download")
		if strings.HasPrefix(cache, "/") {
			cache = "file://" + cache
		} else {
			cache = "file:///" + filepath.ToSlash(cache)
		}
		environ = append(environ, "GOPROXY="+cache+","+f[0])
	}
	cmd := exec.Command(d.goCmd(), "run", "golang.org/x/pkgsite/cmd/internal/doc@"+pkgsiteVersion,
		"-gorepo", d.goroot, "-http", addr, "-open", page)
	cmd.Dir = d.wd
	cmd.Env = environ
	cmd.Stdout = d.inv.Stderr
	cmd.Stderr = d.inv.Stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return &errExit{ee.ExitCode()}
		}
		return err
	}
	return nil
}
