package work

import (
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/buildid"
	"gocmd/internal/str"
)

// pkgPath is the path a's package is compiled as (-p): "main" for
// commands, and under -buildmode=plugin the plugin path for every
// package.
func (b *Builder) pkgPath(a *Action) string {
	p := a.Package
	if b.mode.name == "plugin" {
		path, err := b.pluginPath(a)
		if err == nil {
			return path
		}
	}
	return pkgPath(p)
}

// pluginPath is the path of a plugin's package: its import path, or for
// a plugin built from files named on the command line a path made from
// the hash of its build ID and its sources ("plugin/unnamed-HASH"), the
// same when compiling and when linking.
func (b *Builder) pluginPath(a *Action) (string, error) {
	p := a.Package
	if p.ImportPath != "command-line-arguments" {
		return p.ImportPath, nil
	}
	id := a.buildID
	if a.Mode == "link" {
		// The compile's placeholder ID is actionID/actionID of the main
		// package.
		parts := strings.Split(id, buildid.Separator)
		if len(parts) > 1 {
			id = parts[1] + buildid.Separator + parts[1]
		}
	}
	h := sha1.New()
	fmt.Fprintf(h, "build ID: %s\n", id)
	for _, f := range str.StringList(p.GoFiles, p.CgoFiles, p.SFiles) {
		data, err := os.ReadFile(filepath.Join(p.Dir, f))
		if err != nil {
			return "", fmt.Errorf("go: %s", err)
		}
		h.Write(data)
	}
	return fmt.Sprintf("plugin/unnamed-%x", h.Sum(nil)), nil
}
