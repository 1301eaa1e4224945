// Package telemetry keeps the go command's local usage counters on disk in
// the counter file format of golang.org/x/telemetry (version v1), so that
// gocmd and the real go command add to the same weekly files in the same
// telemetry directory. It also reads and sets the telemetry mode.
//
// Telemetry never fails loudly: callers are expected to drop the errors
// this package returns.
package telemetry

import (
	"errors"
	"fmt"
	"go/version"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// DisabledOnPlatform reports whether counters are never written on the
// platform gocmd runs on: ports where cross-process memory mapping or
// 64-bit atomics are missing or unreliable.
const DisabledOnPlatform = runtime.GOOS == "openbsd" ||
	runtime.GOOS == "solaris" ||
	runtime.GOOS == "android" ||
	runtime.GOOS == "illumos" ||
	runtime.GOOS == "js" ||
	runtime.GOOS == "wasip1" ||
	runtime.GOOS == "plan9" ||
	runtime.GOARCH == "mips" || runtime.GOARCH == "mipsle"

// dateLayout is the layout of dates in file names and the mode file.
const dateLayout = "2006-01-02"

// getenv returns the last value of key in environ.
func getenv(environ []string, key string) string {
	for _, kv := range slices.Backward(environ) {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}

// DefaultDir returns the user's telemetry directory,
// <user config dir>/go/telemetry, with the user config directory found
// in environ the way os.UserConfigDir finds it in the process
// environment. It returns "" when there is none.
func DefaultDir(environ []string) string {
	var cfg string
	switch runtime.GOOS {
	case "windows":
		cfg = getenv(environ, "AppData")
	case "darwin", "ios":
		if home := getenv(environ, "HOME"); home != "" {
			cfg = home + "/Library/Application Support"
		}
	case "plan9":
		if home := getenv(environ, "home"); home != "" {
			cfg = home + "/lib"
		}
	default:
		cfg = getenv(environ, "XDG_CONFIG_HOME")
		if cfg == "" {
			if home := getenv(environ, "HOME"); home != "" {
				cfg = home + "/.config"
			}
		} else if !filepath.IsAbs(cfg) {
			cfg = ""
		}
	}
	if cfg == "" {
		return ""
	}
	return filepath.Join(cfg, "go", "telemetry")
}

// Dir returns the telemetry directory the go command counts into:
// $TEST_TELEMETRY_DIR when set and non-empty (cmd/go's tests use it),
// else DefaultDir. It is also what 'go env GOTELEMETRYDIR' shows and the
// directory whose mode 'go env GOTELEMETRY' and 'go telemetry' report and
// set, except that the go command's 'go telemetry off', which opens no
// counters, reads and writes the mode in DefaultDir.
func Dir(environ []string) string {
	if d := getenv(environ, "TEST_TELEMETRY_DIR"); d != "" {
		return d
	}
	return DefaultDir(environ)
}

// LocalDir returns the directory holding the counter files of dir.
func LocalDir(dir string) string { return filepath.Join(dir, "local") }

// Mode returns the telemetry mode recorded in dir's mode file: "local"
// when there is no file, "off" when dir is "" (no telemetry directory).
// The file holds the mode, optionally followed by a space and the date it
// took effect; Mode returns the word before the space.
func Mode(dir string) string {
	if dir == "" {
		return "off"
	}
	data, err := os.ReadFile(filepath.Join(dir, "mode"))
	if err != nil {
		return "local"
	}
	mode := strings.TrimSpace(string(data))
	if i := strings.Index(mode, " "); i >= 0 {
		mode = mode[:i]
	}
	return mode
}

// Enabled reports whether counters are to be written into dir: only when
// the platform supports it and the mode is not "off".
func Enabled(dir string) bool {
	return !DisabledOnPlatform && Mode(dir) != "off"
}

// SetMode records mode ("on", "off" or "local") in dir's mode file,
// dated now (UTC).
func SetMode(dir, mode string, now time.Time) error {
	mode = strings.TrimSpace(mode)
	switch mode {
	case "on", "off", "local":
	default:
		return fmt.Errorf("invalid telemetry mode: %q", mode)
	}
	if dir == "" {
		return errors.New("cannot determine telemetry mode file name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create a telemetry mode file: %w", err)
	}
	data := mode + " " + now.UTC().Format(dateLayout)
	return os.WriteFile(filepath.Join(dir, "mode"), []byte(data), 0o666)
}

// Program identifies the program whose counters a file holds; it is
// recorded in the file's metadata and name.
type Program struct {
	Path      string // package path, "cmd/go" for the go command
	Version   string // program version; the Go version for toolchain programs
	GoVersion string // Go version, or "devel"
	GOOS      string
	GOARCH    string
}

// GoCommand returns the identity under which the go command of the Go
// installation at goroot counts: program cmd/go whose version is the
// toolchain's, read from goroot/VERSION ("devel" when unknown or not a
// release), on the platform gocmd runs on.
func GoCommand(goroot string) Program {
	v := "devel"
	if data, err := os.ReadFile(filepath.Join(goroot, "VERSION")); err == nil {
		first, _, _ := strings.Cut(string(data), "\n")
		first = strings.TrimSpace(first)
		if version.IsValid(first) && !strings.Contains(first, "devel") && !strings.Contains(first, "-") {
			v = first
		}
	}
	return Program{Path: "cmd/go", Version: v, GoVersion: v, GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
}

// Counters collects counter increments in memory until they are written
// with Write. It is safe for concurrent use; the zero value is ready.
type Counters struct {
	mu     sync.Mutex
	counts map[string]uint64
}

// Inc adds one to the named counter.
func (c *Counters) Inc(name string) { c.Add(name, 1) }

// Add adds n to the named counter.
func (c *Counters) Add(name string, n uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[string]uint64{}
	}
	c.counts[name] += n
}

// Counts returns a copy of the collected counts.
func (c *Counters) Counts() map[string]uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]uint64, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// majorMinor splits an OS release such as "6.8.0-45-generic" into its
// major and minor numbers ("6", "8").
func majorMinor(release string) (major, minor string, ok bool) {
	major, rest, ok := strings.Cut(release, ".")
	if !ok {
		return "", "", false
	}
	if i := strings.IndexAny(rest, ".-_"); i >= 0 {
		rest = rest[:i]
	}
	return major, rest, true
}
