package toolchain

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// The module that carries released toolchains, one version per
// release and platform: v0.0.1-go1.21.3.linux-amd64.
const (
	toolchainModule  = "golang.org/toolchain"
	toolchainVersion = "v0.0.1"
)

// Exec runs the command with the named toolchain ("go1.23.4"): the one
// on PATH by that name, else (unless GOTOOLCHAIN says path) the one
// downloaded into the module cache. It returns only on failure.
func Exec(ctx context.Context, r Request, name string) error {
	count, _ := strconv.Atoi(envValue(r.Environ, countEnv))
	if count >= maxSwitch-10 {
		fmt.Fprintf(r.Stderr, "go: switching from %v to %v [depth %d]\n", LocalToolchain(r.Env), name, count)
	}
	if count >= maxSwitch {
		return errors.New("go: too many toolchain switches")
	}
	environ := withEnv(r.Environ, countEnv, strconv.Itoa(count+1))

	if exe, err := exec.LookPath(name); err == nil {
		return execToolchain(r, environ, name, "", exe)
	}
	if HasPath(r.Env) && !HasAuto(r.Env) {
		return fmt.Errorf("go: cannot find %q in PATH", name)
	}
	dir, err := download(ctx, r, name)
	if err != nil {
		return err
	}
	return execToolchain(r, environ, name, dir, filepath.Join(dir, "bin", "go"))
}

// download fetches the toolchain module of name for this platform into
// the module cache (checked against the checksum database like any
// module) and makes it runnable.
func download(ctx context.Context, r Request, name string) (string, error) {
	m := module.Version{
		Path:    toolchainModule,
		Version: toolchainVersion + "-" + name + "." + runtime.GOOS + "-" + runtime.GOARCH,
	}
	c := modfetch.NewCache(r.Env, r.Env.GOMODCACHE())
	c.Log = func(line string) { fmt.Fprintln(r.Stderr, line) }
	// Like every download of go mod download, the toolchain's is silent.
	c.Quiet = r.CmdName == "mod download"
	dir, err := c.DownloadContext(ctx, m, nil)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			v := gover.FromToolchain(name)
			if gover.IsLang(v) && gover.Compare(v, "1.21") >= 0 {
				return "", fmt.Errorf("go: invalid toolchain: %s is a language version but not a toolchain version (%s.x)", name, name)
			}
			return "", fmt.Errorf("go: download %s for %s/%s: toolchain not available", name, runtime.GOOS, runtime.GOARCH)
		}
		return "", fmt.Errorf("go: download %s: %v", name, err)
	}
	if err := prepare(dir); err != nil {
		return "", fmt.Errorf("go: download %s: %v", name, err)
	}
	return dir, nil
}

// prepare makes a freshly extracted toolchain usable: module zips carry
// no execute bits, and the toolchain's own go.mod files travel as
// _go.mod (a go.mod would cut the tree out of the module). Several go
// commands may do this at once; each step is safe to repeat, and bin/go
// and src/go.mod, which the checks look at, are done last.
func prepare(dir string) error {
	if runtime.GOOS != "windows" {
		info, err := os.Stat(filepath.Join(dir, "bin", "go"))
		if err != nil {
			return err
		}
		if info.Mode()&0o111 == 0 {
			for _, step := range []struct{ dir, pattern string }{
				{"pkg/tool", ""},
				{"lib", "go_?*_?*_exec"},
				{"bin/gofmt", ""},
				{"bin", ""},
			} {
				if err := allowExec(filepath.Join(dir, step.dir), step.pattern); err != nil {
					return err
				}
			}
		}
	}
	srcGoMod := filepath.Join(dir, "src", "go.mod")
	srcUGoMod := filepath.Join(dir, "src", "_go.mod")
	if fileSize(srcGoMod) == fileSize(srcUGoMod) {
		return nil
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == "_go.mod" && path != srcUGoMod {
			return copyReplace(path, filepath.Join(filepath.Dir(path), "go.mod"))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return copyReplace(srcUGoMod, srcGoMod)
}

// allowExec adds execute bits to the files under root (root may be a
// file) whose names match pattern ("" matches all).
func allowExec(root, pattern string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == root {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		if pattern != "" {
			if ok, _ := filepath.Match(pattern, d.Name()); !ok {
				return nil
			}
		}
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		return os.Chmod(path, info.Mode()&0o777|0o111)
	})
}

// copyReplace copies src to dst through a temporary file and a rename,
// so that a concurrent reader never sees half a file.
func copyReplace(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	dir := filepath.Dir(dst)
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if info.Mode()&0o200 == 0 {
		// The module cache is read-only; open the directory briefly.
		if err := os.Chmod(dir, info.Mode()|0o200); err != nil {
			return err
		}
		defer os.Chmod(dir, info.Mode())
	}
	tmp, err := os.CreateTemp(dir, ".go.mod.tmp*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	os.Chmod(tmp.Name(), 0o444)
	if err := os.Rename(tmp.Name(), dst); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return info.Size()
}

// execToolchain replaces this process by exe, the go command of the
// toolchain name whose GOROOT is dir ("" for one found on PATH, which
// knows its own GOROOT).
func execToolchain(r Request, environ []string, name, dir, exe string) error {
	environ = withEnv(environ, targetEnv, name)
	if dir == "" {
		environ = withoutEnv(environ, "GOROOT")
	} else {
		environ = withEnv(environ, "GOROOT", dir)
	}
	if traceEnabled(r.Env) {
		if dir == "" {
			fmt.Fprintf(r.Stderr, "go: using %s toolchain located in system PATH (%s)\n", name, exe)
		} else {
			fmt.Fprintf(r.Stderr, "go: using %s toolchain from cache located at %s\n", name, exe)
		}
	}
	argv := append([]string{"go"}, r.Args...)
	if r.BeforeExec != nil {
		r.BeforeExec()
	}
	if runtime.GOOS == "windows" || strings.Contains(r.Env.OSGetenv("GODEBUG"), "gotoolchainexec=0") {
		return runChild(r, environ, name, exe, argv)
	}
	err := syscall.Exec(exe, argv, environ)
	return fmt.Errorf("go: exec %s: %v", name, err)
}

// runChild runs the toolchain as a child process and exits with its
// status (returned as a base.Exit error, even for 0), for systems
// without exec.
func runChild(r Request, environ []string, name, exe string, argv []string) error {
	cmd := exec.Command(exe, argv[1:]...)
	cmd.Env = environ
	cmd.Stdin = os.Stdin
	cmd.Stdout = os.Stdout
	cmd.Stderr = r.Stderr
	err := cmd.Run()
	if err == nil {
		return base.Exit(0)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ProcessState != nil {
		if ee.ProcessState.Exited() {
			return base.Exit(ee.ProcessState.ExitCode())
		}
		return fmt.Errorf("go: exec %s: %s", name, ee.ProcessState)
	}
	return fmt.Errorf("go: exec %s: %s", exe, err)
}

func envValue(environ []string, key string) string {
	v, _ := lookupEnv(environ, key)
	return v
}
