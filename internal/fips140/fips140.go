// Package fips140 interprets GOFIPS140: which FIPS 140 cryptographic
// module a build uses. "off" and "latest" use the sources of
// GOROOT/src/crypto/internal/fips140; any other setting names a frozen
// snapshot, a module zip in GOROOT/lib/fips140 (directly as vX.Y.Z.zip,
// or through an alias file NAME.txt holding a version). A snapshot is
// unpacked into the module cache as golang.org/fips140@vX.Y.Z, and its
// packages stand in for crypto/internal/fips140/... under the import
// paths crypto/internal/fips140/vX.Y.Z/..., still part of the standard
// library.
package fips140

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gocmd/internal/modfetch"
	"gocmd/internal/str"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// Root is the import path of the FIPS 140 module's tree in the
// standard library.
const Root = "crypto/internal/fips140"

// Mode is the FIPS 140 selection of one go command invocation. The
// zero Mode is GOFIPS140=off.
type Mode struct {
	// Version is "off", "latest" or a snapshot version (vX.Y.Z or a
	// prerelease of it), aliases resolved.
	Version string
	// Dir is the directory standing for GOROOT/src/crypto/internal/fips140:
	// that directory itself unless a snapshot is in use.
	Dir string
}

// Enabled reports whether GOFIPS140 is anything but off.
func (m Mode) Enabled() bool { return m.Version != "" && m.Version != "off" }

// Snapshot reports whether a frozen snapshot replaces the sources in
// GOROOT.
func (m Mode) Snapshot() bool { return m.Enabled() && m.Version != "latest" }

// Tag is the build tag a snapshot adds (fips140vX.Y), or "".
func (m Mode) Tag() string {
	if !m.Snapshot() {
		return ""
	}
	return "fips140" + semver.MajorMinor(m.Version)
}

// Version resolves the setting of GOFIPS140 to "off", "latest" or a
// snapshot version found in goroot/lib/fips140. Its errors are go's
// (with the "go: " prefix).
func Version(goroot, setting string) (string, error) {
	switch setting {
	case "", "off":
		return "off", nil
	case "latest":
		return setting, nil
	}
	if strings.Contains(setting, "/") || strings.Contains(setting, `\`) || strings.Contains(setting, "..") {
		return "", fmt.Errorf("go: malformed GOFIPS140 version %q", setting)
	}
	if goroot == "" {
		return "", fmt.Errorf("go: missing GOROOT for GOFIPS140")
	}
	lib := filepath.Join(goroot, "lib", "fips140")
	v := setting
	if data, err := os.ReadFile(filepath.Join(lib, v+".txt")); err == nil {
		v = strings.TrimSpace(string(data))
		if _, err := os.Stat(filepath.Join(lib, v+".zip")); err != nil {
			return "", fmt.Errorf("go: unknown GOFIPS140 version %q (from %q)", v, setting)
		}
	}
	if _, err := os.Stat(filepath.Join(lib, v+".zip")); err != nil {
		return "", fmt.Errorf("go: unknown GOFIPS140 version %q", v)
	}
	return v, nil
}

// Open resolves setting (see Version) and, for a snapshot, makes sure
// it is unpacked in the module cache c.
func Open(c *modfetch.Cache, goroot, setting string) (Mode, error) {
	v, err := Version(goroot, setting)
	if err != nil {
		return Mode{}, err
	}
	m := Mode{Version: v, Dir: filepath.Join(goroot, "src", filepath.FromSlash(Root))}
	if !m.Snapshot() {
		return m, nil
	}
	mod := module.Version{Path: modfetch.FIPSModule, Version: v}
	zdir, err := c.UnzipLocal(mod, filepath.Join(goroot, "lib", "fips140", v+".zip"))
	if err != nil {
		return Mode{}, fmt.Errorf("go: unpacking GOFIPS140=%v: %v", v, err)
	}
	m.Dir = filepath.Join(zdir, "fips140")
	return m, nil
}

// ResolveImport maps an import of crypto/internal/fips140 or below (with
// or without the snapshot's version element) to the snapshot's package:
// its import path and directory. ok is false without a snapshot or for
// other paths.
func (m Mode) ResolveImport(imp string) (newPath, dir string, ok bool) {
	if !m.Snapshot() || !str.HasPathPrefix(imp, Root) {
		return "", "", false
	}
	sub := strings.TrimPrefix(imp, Root)
	if versioned := path.Join(Root, m.Version); str.HasPathPrefix(imp, versioned) {
		sub = strings.TrimPrefix(imp, versioned)
	}
	newPath = path.Join(Root, m.Version, sub)
	dir = filepath.Join(m.Dir, m.Version, filepath.FromSlash(sub))
	return newPath, dir, true
}

// InSnapshot reports whether dir lies in the snapshot's tree.
func (m Mode) InSnapshot(dir string) bool {
	return m.Snapshot() && str.HasFilePathPrefix(dir, m.Dir)
}
