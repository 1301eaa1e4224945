package test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"gocmd/internal/base"
	"gocmd/internal/cache"
	"gocmd/internal/load"
	"gocmd/internal/work"
)

// coverState is the coverage side of one go test -cover invocation.
type coverState struct {
	mode  string          // -covermode, or its default
	pkgs  []*load.Package // the packages -coverpkg selected
	paths []string        // -coverpkg patterns (nil without)
	// meta is -coverpkg's "write coverage meta-data file" action, which
	// the runs read the list of the selected packages' meta-data from.
	meta *work.Action

	mu      sync.Mutex
	profile *os.File // the -coverprofile file being merged into
}

// initCover prepares go test -cover after loading: it creates the
// -coverprofile file, selects the -coverpkg packages, and sets the
// coverage modes of the packages tested (before any action exists).
func (t *tester) initCover(ctx context.Context) error {
	f := t.f
	if !f.Cover {
		return nil
	}
	cs := &coverState{mode: load.CoverMode(&f.BuildFlags), paths: f.CoverPkg}
	t.cover = cs
	if f.CoverProfile != "" && !f.C {
		name := f.CoverProfile
		if !filepath.IsAbs(name) {
			dir := f.OutputDir.Abs
			if dir == "" {
				dir = t.inv.Dir
			}
			name = filepath.Join(dir, name)
		}
		file, err := os.Create(name)
		if err == nil {
			_, err = fmt.Fprintf(file, "mode: %s\n", cs.mode)
		}
		if err != nil {
			fmt.Fprintf(t.inv.Stderr, "%v\n", err)
			return base.Exit(1)
		}
		cs.profile = file
	}
	l := t.s.Loader
	if f.CoverPkg != nil {
		var match []func(*load.Package) bool
		for _, pat := range f.CoverPkg {
			match = append(match, l.MatchPackage(pat))
		}
		cs.pkgs = l.SelectCoverPackages(ctx, l.TestPackageList(ctx, t.pkgs), match, "test")
		if len(cs.pkgs) > 0 {
			cs.meta = &work.Action{
				Mode:   "write coverage meta-data file",
				Actor:  work.WriteCoverMetaFiles,
				Objdir: t.b.NewObjdir(),
			}
			for _, p := range cs.pkgs {
				p.Internal.Cover.GenMeta = true
			}
		}
	}
	for _, p := range t.pkgs {
		if cs.mode == "atomic" && p.ImportPath != "sync/atomic" {
			l.AddCoverImport(ctx, p, "sync/atomic")
		}
		if len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 && f.CoverPkg == nil {
			p.Internal.Cover.GenMeta = true
		}
		if p.Internal.Cover.GenMeta {
			p.Internal.Cover.Mode = cs.mode
		}
	}
	return nil
}

// testCover returns what the test main of a test -cover registers.
func (cs *coverState) testCover() *load.TestCover {
	if cs == nil {
		return nil
	}
	tc := &load.TestCover{Mode: cs.mode, Local: cs.paths == nil, Paths: cs.paths}
	for _, p := range cs.pkgs {
		tc.Pkgs = append(tc.Pkgs, p.ImportPath)
	}
	return tc
}

// closeCoverProfile finishes the -coverprofile file.
func (t *tester) closeCoverProfile() {
	if cs := t.cover; cs != nil && cs.profile != nil {
		if err := cs.profile.Close(); err != nil {
			fmt.Fprintf(t.inv.Stderr, "closing coverage profile: %v\n", err)
			t.setExitStatus(1)
		}
	}
}

// mergeProfile appends the counters of a test's profile (file) to the
// -coverprofile file, checking its mode line.
func (t *tester) mergeProfile(file string) {
	cs := t.cover
	if cs == nil || cs.profile == nil {
		return
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	r, err := os.Open(file)
	if err != nil {
		return // the test wrote no profile
	}
	defer r.Close()
	t.mergeProfileFrom(r, file)
}

func (t *tester) mergeProfileFrom(r io.Reader, name string) {
	cs := t.cover
	expect := fmt.Sprintf("mode: %s\n", cs.mode)
	buf := make([]byte, len(expect))
	n, err := io.ReadFull(r, buf)
	if n == 0 {
		return
	}
	if err != nil || string(buf) != expect {
		fmt.Fprintf(t.inv.Stderr, "test wrote malformed coverage profile %s: header %q, expected %q: %v\n", name, string(buf), expect, err)
		t.setExitStatus(1)
		return
	}
	if _, err := io.Copy(cs.profile, r); err != nil {
		fmt.Fprintf(t.inv.Stderr, "saving coverage profile: %v\n", err)
		t.setExitStatus(1)
	}
}

// coverProfTempFile is where a test run writes its own profile.
func coverProfTempFile(a *work.Action) string { return a.Objdir + "_cover_.out" }

var coverageLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`coverage: (.*)\n`) })

// coveragePercentage returns the "\tcoverage: ..." suffix of a passing
// test's ok line, taken from the test's output.
func (t *tester) coveragePercentage(out []byte) string {
	if t.cover == nil {
		return ""
	}
	m := coverageLineRE().FindSubmatch(out)
	if m == nil {
		return ""
	}
	return fmt.Sprintf("\tcoverage: %s", m[1])
}

// coverArgs returns the test binary's coverage arguments for run a and
// the GOCOVERDIR setting of its environment, creating the coverage
// directory (with -coverpkg's list of meta-data files).
func (t *tester) coverArgs(b *work.Builder, a *work.Action) (args []string, env string, err error) {
	if t.cover == nil {
		return nil, "", nil
	}
	sh := b.Shell(a)
	gcd := filepath.Join(a.Objdir, "gocoverdir")
	if err := sh.Mkdir(gcd); err != nil {
		fmt.Fprintf(t.inv.Stderr, "failed to create temporary dir: %v\n", err)
		return nil, "", base.Exit(1)
	}
	if m := t.cover.meta; m != nil {
		src := m.Objdir + work.CoverMetaFilesName
		if err := sh.CopyFile(filepath.Join(gcd, work.CoverMetaFilesName), src, 0o666, false); err != nil {
			return nil, "", err
		}
	}
	return []string{"-test.gocoverdir=" + gcd}, "GOCOVERDIR=" + gcd, nil
}

// reportNoTestCoverage prints the coverage of a package without tests
// (from the meta-data file its build wrote) and adds it to the
// -coverprofile file. It reports whether it printed anything.
func (t *tester) reportNoTestCoverage(ctx context.Context, b *work.Builder, a *work.Action, w io.Writer) (bool, error) {
	if t.cover == nil || !a.Package.Internal.Cover.GenMeta {
		return false, nil
	}
	if err := b.Shell(a).Mkdir(a.Objdir); err != nil {
		return false, err
	}
	mf, err := work.CoverMetaFile(b, a)
	if err != nil || mf == "" {
		return false, err
	}
	dir := filepath.Dir(mf)
	out, err := b.CovData(ctx, a, "percent", "-i", dir)
	if err != nil {
		return true, err
	}
	w.Write(out)
	if t.cover.profile != nil {
		cp := coverProfTempFile(a)
		out, err := b.CovData(ctx, a, "textfmt", "-i", dir, "-o", cp)
		if err != nil {
			return true, err
		}
		w.Write(out)
		t.mergeProfile(cp)
	}
	return true, nil
}

// setCoverProfileArg points the test's -test.coverprofile at its own
// temporary profile, which go test merges.
func (t *tester) setCoverProfileArg(a *work.Action, args []string) {
	if t.f.CoverProfile == "" {
		return
	}
	for i, arg := range args {
		if strings.HasPrefix(arg, "-test.coverprofile=") {
			args[i] = "-test.coverprofile=" + coverProfTempFile(a)
		}
	}
}

// coverMetaID hashes the build action IDs of the packages -coverpkg
// selected, so that cached profiles go stale when one changes.
func (t *tester) coverMetaID(b *work.Builder, a *work.Action) cache.ActionID {
	if t.cover == nil || len(t.cover.pkgs) == 0 {
		return cache.ActionID{}
	}
	deps := a.Deps
	for _, d := range a.Deps {
		if d.Mode == "test barrier" {
			deps = d.Deps
			break
		}
	}
	for _, d := range deps {
		if d.Mode == "write coverage meta-data file" {
			h := b.Hasher().NewHash("covermeta")
			for _, m := range d.Deps {
				if aid := m.BuildActionID(); aid != "" {
					fmt.Fprintf(h, "dep %s\n", aid)
				}
			}
			return cache.ActionID(h.Sum())
		}
	}
	return cache.ActionID{}
}

// coverProfileKey is the cache key of a cached test's profile.
func coverProfileKey(hr *cache.Hasher, testID, inputsID, metaID cache.ActionID) cache.ActionID {
	key := testAndInputKey(hr, testID, inputsID)
	if metaID != (cache.ActionID{}) {
		key = hr.Subkey(key, fmt.Sprintf("coverdeps:%x", metaID))
	}
	return hr.Subkey(key, "coverprofile")
}

// coverMeta returns -coverpkg's meta-data action, or nil.
func (t *tester) coverMeta() *work.Action {
	if t.cover == nil {
		return nil
	}
	return t.cover.meta
}

// useCachedProfile merges the profile of a cached test into the
// -coverprofile file, reporting false (the test must run) when it is
// not cached, or, with -coverpkg and no profile, when the covered
// packages changed since.
func (t *tester) useCachedProfile(cc cache.Cache, hr *cache.Hasher, a *work.Action, testID, inputsID, metaID cache.ActionID) bool {
	debug := cache.ParseDebug(t.inv.Env.Get("GODEBUG")).Test
	key := coverProfileKey(hr, testID, inputsID, metaID)
	switch {
	case t.f.CoverProfile != "":
		file, _, err := cache.GetFile(cc, key)
		if err != nil {
			if debug {
				fmt.Fprintf(t.inv.Stderr, "testcache: %s: cached cover profile missing: %v\n", a.Package.ImportPath, err)
			}
			return false
		}
		t.mergeProfile(file)
	case metaID != (cache.ActionID{}):
		if _, _, err := cache.GetFile(cc, key); err != nil {
			if debug {
				fmt.Fprintf(t.inv.Stderr, "testcache: %s: coverage metadata changed, re-running test: %v\n", a.Package.ImportPath, err)
			}
			return false
		}
	}
	return true
}
