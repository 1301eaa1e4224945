package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/build"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/str"
)

// VendorOptions configure WriteVendor.
type VendorOptions struct {
	// Dir is the vendor directory to (re)create, absolute.
	Dir string
	// AllowErrors (-e) reports loading errors and goes on.
	AllowErrors bool
	// Verbose (-v) copies modules.txt to Stderr as it is written.
	Verbose bool
	// Stderr receives -v output and the errors that do not stop the
	// command.
	Stderr io.Writer
}

// ErrVendorFailed is returned by WriteVendor when it has printed errors
// to Stderr and the command must exit with status 1.
var ErrVendorFailed = errors.New("vendoring failed")

// WriteVendor implements 'go mod vendor' and 'go work vendor': it loads
// the vendor view of "all", replaces opts.Dir with copies of the
// packages the main modules need from other modules, and writes
// modules.txt. An error other than ErrVendorFailed is go's message for
// a failure that stops the command.
func (l *Loader) WriteVendor(ctx context.Context, opts VendorOptions) error {
	ms := l.cfg.Modules
	pkgs, err := l.LoadVendorAll(ctx)
	if err != nil {
		return err
	}
	failed := false
	for _, p := range pkgs {
		if p.Err == nil {
			continue
		}
		fmt.Fprintf(opts.Stderr, "go: %s: %v\n", p.StackText(), p.Err)
		failed = true
	}
	for _, err := range ms.CheckMultiplePaths() {
		fmt.Fprintf(opts.Stderr, "go: %v\n", err)
		failed = true
	}
	if failed && !opts.AllowErrors {
		return ErrVendorFailed
	}
	failed = false

	if err := os.RemoveAll(opts.Dir); err != nil {
		return err
	}

	modPkgs := map[module.Version][]*VendorPackage{}
	for _, p := range pkgs {
		if p.Err != nil || p.Std || p.Main || p.Module.Path == "" {
			continue
		}
		modPkgs[p.Module] = append(modPkgs[p.Module], p)
	}
	if err := checkVendorCollisions(modPkgs); err != nil {
		return err
	}

	mainGo := ms.GoVersion()
	explicit := map[module.Version]bool{}
	allReplacements := false
	if gover.Compare(mainGo, "1.14") >= 0 && ms.HasGoDirective() {
		for _, r := range ms.MainRequires() {
			explicit[r] = true
		}
		allReplacements = true
	}
	withGoVersions := gover.Compare(mainGo, "1.17") >= 0

	var mods []module.Version
	for m := range explicit {
		mods = append(mods, m)
	}
	for m := range modPkgs {
		if !explicit[m] {
			mods = append(mods, m)
		}
	}
	gover.ModSort(mods)

	var buf bytes.Buffer
	emit := func(s string) {
		buf.WriteString(s)
		if opts.Verbose {
			io.WriteString(opts.Stderr, s)
		}
	}
	if ms.WorkFile() != "" && len(ms.MainModules()) > 0 {
		// (An empty workspace has nothing to vendor, not even this.)
		emit("## workspace\n")
	}
	c := &vendorCopier{l: l, opts: opts, mainGo: mainGo, metaDone: map[[2]string]bool{}}
	written := map[module.Version]bool{}
	for _, m := range mods {
		line, err := modulesTxtLine(m, ms.Replacement(m))
		if err != nil {
			return err
		}
		written[m] = true
		emit(line)
		goVersion := ""
		if withGoVersions {
			goVersion = ms.ModuleGoVersion(ctx, m)
		}
		switch {
		case explicit[m] && goVersion != "":
			emit("## explicit; go " + goVersion + "\n")
		case explicit[m]:
			emit("## explicit\n")
		case goVersion != "":
			emit("## go " + goVersion + "\n")
		}
		list := modPkgs[m]
		sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
		for _, p := range list {
			emit(p.Path + "\n")
			if err := c.copyPackage(p); err != nil {
				return err
			}
		}
	}
	if c.failed {
		failed = true
	}

	if allReplacements {
		for _, r := range ms.WorkReplaces() {
			if written[r.Old] {
				continue
			}
			written[r.Old] = true
			line, err := modulesTxtLine(r.Old, r.New)
			if err != nil {
				return err
			}
			emit(line)
		}
		for _, old := range ms.MainReplacedModules() {
			if written[old] {
				continue
			}
			written[old] = true
			repl := ms.Replacement(old)
			if repl == (module.Version{}) {
				continue
			}
			line, err := modulesTxtLine(old, repl)
			if err != nil {
				return err
			}
			emit(line)
		}
	}

	if buf.Len() == 0 {
		fmt.Fprintf(opts.Stderr, "go: no dependencies to vendor\n")
		if failed {
			return ErrVendorFailed
		}
		return nil
	}
	if err := os.MkdirAll(opts.Dir, 0o777); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(opts.Dir, "modules.txt"), buf.Bytes(), 0o666); err != nil {
		return err
	}
	if failed {
		return ErrVendorFailed
	}
	return nil
}

// modulesTxtLine is the "# path version [=> replacement]" line of m.
func modulesTxtLine(m, r module.Version) (string, error) {
	var b strings.Builder
	b.WriteString("# " + m.Path)
	if m.Version != "" {
		b.WriteString(" " + m.Version)
	}
	if r.Path != "" {
		if str.HasFilePathPrefix(filepath.Clean(r.Path), "vendor") {
			return "", fmt.Errorf("go: replacement path %s inside vendor directory", r.Path)
		}
		b.WriteString(" => " + r.Path)
		if r.Version != "" {
			b.WriteString(" " + r.Version)
		}
	}
	b.WriteString("\n")
	return b.String(), nil
}

// checkVendorCollisions fails when two vendored modules' paths differ
// only in case.
func checkVendorCollisions(modPkgs map[module.Version][]*VendorPackage) error {
	var paths []string
	for m := range modPkgs {
		paths = append(paths, m.Path)
	}
	sort.Strings(paths)
	fold := map[string]string{}
	for _, p := range paths {
		f := toFold(p)
		if other, ok := fold[f]; ok && other != p {
			return fmt.Errorf("go.mod: case-insensitive import collision: %q and %q", p, other)
		}
		fold[f] = p
	}
	return nil
}

// vendorCopier copies package directories into the vendor tree.
type vendorCopier struct {
	l        *Loader
	opts     VendorOptions
	mainGo   string
	metaDone map[[2]string]bool // module path, destination directory
	failed   bool
}

// copyPackage copies the files of p that some build may use, the
// metadata files (LICENSE...) of its parent directories up to its
// module root, and the files its //go:embed patterns name.
func (c *vendorCopier) copyPackage(p *VendorPackage) error {
	dst := filepath.Join(c.opts.Dir, filepath.FromSlash(p.Path))
	copied := map[string]bool{}
	if err := c.copyDir(dst, p.Dir, c.isSourceFile, copied); err != nil {
		return err
	}
	if err := c.copyMetadata(p.Module.Path, p.Path, dst, p.Dir, copied); err != nil {
		return err
	}

	ctxt := build.Default
	ctxt.UseAllFiles = true
	bp, err := ctxt.ImportDir(p.Dir, build.IgnoreVendor)
	if err != nil {
		var noGo *build.NoGoError
		var multi *build.MultiplePackageError
		if errors.As(err, &noGo) {
			return nil
		}
		if !errors.As(err, &multi) {
			return fmt.Errorf("internal error: failed to find embedded files of %s: %v", p.Path, err)
		}
	}
	patterns := bp.EmbedPatterns
	if gover.Compare(c.mainGo, "1.22") < 0 {
		// Before 1.22, go also copied the files of test embeds.
		patterns = append(append(append([]string(nil), bp.EmbedPatterns...), bp.TestEmbedPatterns...), bp.XTestEmbedPatterns...)
	}
	embeds, err := c.l.ResolveEmbed(bp.Dir, patterns)
	if err != nil {
		fmt.Fprintf(c.opts.Stderr, "go: resolving embeds in %s: %v\n", p.Path, err)
		if !c.opts.AllowErrors {
			c.failed = true
		}
		return nil
	}
	for _, e := range embeds {
		to := filepath.Join(dst, filepath.FromSlash(e))
		if copied[to] {
			continue
		}
		if err := copyFile(to, filepath.Join(p.Dir, filepath.FromSlash(e)), true); err != nil {
			fmt.Fprintf(c.opts.Stderr, "go: %v\n", err)
			if !c.opts.AllowErrors {
				c.failed = true
			}
		}
	}
	return nil
}

// isSourceFile reports whether a file of a vendored package directory
// may matter to a build: not tests, not go.mod/go.sum (from go 1.17),
// not Go files that only build with the "ignore" tag; other files are
// kept.
func (c *vendorCopier) isSourceFile(dir, name string) (bool, error) {
	if strings.HasSuffix(name, "_test.go") {
		return false, nil
	}
	if (name == "go.mod" || name == "go.sum") && gover.Compare(c.mainGo, "1.17") >= 0 {
		return false, nil
	}
	if strings.HasSuffix(name, ".go") {
		data, err := c.l.st.fs.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return false, err
		}
		return ShouldBuildAnyTags(data), nil
	}
	return true, nil
}

// metaPrefixes start the names of the metadata files copied from the
// parent directories of vendored packages.
var metaPrefixes = [...]string{"AUTHORS", "CONTRIBUTORS", "COPYLEFT", "COPYING", "COPYRIGHT", "LEGAL", "LICENSE", "NOTICE", "PATENTS"}

func isMetadataFile(dir, name string) (bool, error) {
	for _, p := range metaPrefixes {
		if strings.HasPrefix(name, p) {
			return true, nil
		}
	}
	return false, nil
}

// copyMetadata copies the metadata files of the parents of src (up to
// the module root) into the matching parents of dst, once each.
func (c *vendorCopier) copyMetadata(modPath, pkg, dst, src string, copied map[string]bool) error {
	for level := 0; ; level++ {
		key := [2]string{modPath, dst}
		if c.metaDone[key] {
			return nil
		}
		c.metaDone[key] = true
		if level > 0 {
			if err := c.copyDir(dst, src, isMetadataFile, copied); err != nil {
				return err
			}
		}
		if modPath == pkg || pkg == "." || pkg == "/" {
			return nil
		}
		pkg = path.Dir(pkg)
		dst = filepath.Dir(dst)
		src = filepath.Dir(src)
	}
}

// copyDir copies the regular files of src that match into dst.
func (c *vendorCopier) copyDir(dst, src string, match func(dir, name string) (bool, error), copied map[string]bool) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("go: %v", err)
	}
	if err := os.MkdirAll(dst, 0o777); err != nil {
		return fmt.Errorf("go: %v", err)
	}
	for _, e := range ents {
		if e.IsDir() || !e.Type().IsRegular() {
			continue
		}
		ok, err := match(src, e.Name())
		if err != nil {
			return fmt.Errorf("go: %v", err)
		}
		if !ok {
			continue
		}
		to := filepath.Join(dst, e.Name())
		copied[e.Name()] = true
		copied[to] = true
		if err := copyFile(to, filepath.Join(src, e.Name()), false); err != nil {
			return fmt.Errorf("go: %v", err)
		}
	}
	return nil
}

// copyFile copies src to dst, creating dst's directory when mkdir is set.
func copyFile(dst, src string, mkdir bool) error {
	r, err := os.Open(src)
	if err != nil {
		return err
	}
	defer r.Close()
	if mkdir {
		if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
			return err
		}
	}
	w, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
