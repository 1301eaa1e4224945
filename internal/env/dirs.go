package env

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// userConfigDir is os.UserConfigDir computed from the given environment
// instead of the process's.
func userConfigDir(get func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := get("AppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%AppData% is not defined")
	case "darwin", "ios":
		if d := get("HOME"); d != "" {
			return d + "/Library/Application Support", nil
		}
		return "", errors.New("$HOME is not defined")
	case "plan9":
		if d := get("home"); d != "" {
			return d + "/lib", nil
		}
		return "", errors.New("$home is not defined")
	}
	if d := get("XDG_CONFIG_HOME"); d != "" {
		if !filepath.IsAbs(d) {
			return "", errors.New("path in $XDG_CONFIG_HOME is relative")
		}
		return d, nil
	}
	if d := get("HOME"); d != "" {
		return d + "/.config", nil
	}
	return "", errors.New("neither $XDG_CONFIG_HOME nor $HOME are defined")
}

// userCacheDir is os.UserCacheDir computed from the given environment.
func userCacheDir(get func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := get("LocalAppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%LocalAppData% is not defined")
	case "darwin", "ios":
		if d := get("HOME"); d != "" {
			return d + "/Library/Caches", nil
		}
		return "", errors.New("$HOME is not defined")
	case "plan9":
		if d := get("home"); d != "" {
			return d + "/lib/cache", nil
		}
		return "", errors.New("$home is not defined")
	}
	if d := get("XDG_CACHE_HOME"); d != "" {
		if !filepath.IsAbs(d) {
			return "", errors.New("path in $XDG_CACHE_HOME is relative")
		}
		return d, nil
	}
	if d := get("HOME"); d != "" {
		return d + "/.cache", nil
	}
	return "", errors.New("neither $XDG_CACHE_HOME nor $HOME are defined")
}

// homeVar is the variable holding the user's home directory.
func homeVar() string {
	switch runtime.GOOS {
	case "windows":
		return "USERPROFILE"
	case "plan9":
		return "home"
	}
	return "HOME"
}

// tempDir is os.TempDir computed from the given environment.
func tempDir(get func(string) string) string {
	switch runtime.GOOS {
	case "windows", "plan9":
		return os.TempDir()
	}
	if d := get("TMPDIR"); d != "" {
		return d
	}
	if runtime.GOOS == "android" {
		return "/data/local/tmp"
	}
	return "/tmp"
}

// lookPath finds an executable the way exec.LookPath does, searching the
// PATH of the given environment. Like the go command, it treats a program
// found only through a relative PATH entry as not found.
func lookPath(get func(string) string, file string) (string, error) {
	notFound := &fs.PathError{Op: "exec", Path: file, Err: errors.New("executable file not found in $PATH")}
	if runtime.GOOS == "windows" {
		// Leave Windows' extension and search rules to the standard library.
		return lookPathOS(file)
	}
	if strings.Contains(file, "/") {
		if isExecutable(file) {
			return file, nil
		}
		return "", notFound
	}
	pathVar := "PATH"
	if runtime.GOOS == "plan9" {
		pathVar = "path"
	}
	for _, dir := range filepath.SplitList(get(pathVar)) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, file)
		if isExecutable(p) {
			if !filepath.IsAbs(p) {
				return "", notFound
			}
			return p, nil
		}
	}
	return "", notFound
}

func isExecutable(name string) bool {
	fi, err := os.Stat(name)
	if err != nil {
		return false
	}
	m := fi.Mode()
	return !m.IsDir() && m&0o111 != 0
}

// lookPathOS searches the process's own PATH.
func lookPathOS(file string) (string, error) { return exec.LookPath(file) }
