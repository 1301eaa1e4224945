package version

import (
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gocmd/internal/base"
)

// A scanner reports the build information of files for one run.
// Files are named twice: by their display name (as the user wrote it,
// or joined below a directory argument as written) and by the path used
// to reach them, which is rooted at the invocation's directory.
type scanner struct {
	inv   *base.Invocation
	flags *flags
}

// scanDir walks the tree rooted at dir (reached through path) and reports
// every Go binary in it. Other files are mentioned only with -v.
func (s *scanner) scanDir(dir, path string) {
	clean := filepath.Clean(path)
	display := func(p string) string {
		if p == path {
			return dir
		}
		rel, err := filepath.Rel(clean, p)
		if err != nil {
			return p
		}
		return filepath.Join(dir, rel)
	}
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d == nil {
			// Unreadable directories are skipped silently, as go does.
			return nil
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		name := display(p)
		info, err := d.Info()
		if err != nil {
			if s.flags.v {
				fmt.Fprintf(s.inv.Stderr, "%s: %v\n", name, renamePathError(err, name))
			}
			return nil
		}
		s.scanFile(name, p, info, s.flags.v)
		return nil
	})
}

// scanFile reports the Go version (and with -m the build information) of
// the file named name and reached through path, whose Lstat or Stat result
// is info. Problems are reported only when loud is set, and even then
// quietly skipped for files that do not look like executables at all.
// scanFile reports whether the file is a Go binary.
func (s *scanner) scanFile(name, path string, info fs.FileInfo, loud bool) bool {
	if info.Mode()&fs.ModeSymlink != 0 {
		// Only links to regular files are followed.
		target, err := os.Stat(path)
		if err != nil || !target.Mode().IsRegular() {
			if loud {
				fmt.Fprintf(s.inv.Stderr, "%s: symlink\n", name)
			}
			return false
		}
		info = target
	}

	bi, err := readBuildInfo(path)
	if err != nil {
		if loud {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				// The file could not be opened or read: go names it alone.
				fmt.Fprintf(s.inv.Stderr, "%s\n", name)
			} else if looksExecutable(name, info) {
				fmt.Fprintf(s.inv.Stderr, "%s: could not read Go build info from %s: %v\n", name, name, err)
			}
		}
		return false
	}

	if s.flags.m && s.flags.json {
		data, err := json.MarshalIndent(bi, "", "\t")
		if err != nil {
			fmt.Fprintf(s.inv.Stderr, "go: %v\n", err)
			return false
		}
		fmt.Fprintf(s.inv.Stdout, "%s\n", data)
		return true
	}

	fmt.Fprintf(s.inv.Stdout, "%s: %s\n", name, bi.GoVersion)
	if s.flags.m {
		// BuildInfo.String renders the tab-separated lines go prints,
		// starting with a "go" line when GoVersion is set: that line has
		// already been printed above.
		bi.GoVersion = ""
		if text := strings.TrimSuffix(bi.String(), "\n"); text != "" {
			fmt.Fprintf(s.inv.Stdout, "\t%s\n", strings.ReplaceAll(text, "\n", "\n\t"))
		}
	}
	return true
}

// readBuildInfo reads the build information of the Go binary at path.
// Errors opening or reading the file are *fs.PathError values; errors
// about its contents come from debug/buildinfo unwrapped.
func readBuildInfo(path string) (*buildinfo.BuildInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return buildinfo.Read(f)
}

// looksExecutable reports whether a file that failed to parse as a Go
// binary might still have been meant as one: it is an executable regular
// file, or its name has a shared-library or Windows executable extension.
// Errors for other files are not worth reporting: buildinfo cannot tell
// "not an executable" apart from "a damaged one".
func looksExecutable(name string, info fs.FileInfo) bool {
	if info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0 {
		return true
	}
	lower := strings.ToLower(name)
	switch filepath.Ext(lower) {
	case ".exe", ".dll", ".so":
		return true
	}
	return strings.Contains(lower, ".so.")
}
