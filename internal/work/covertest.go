package work

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"gocmd/internal/tool"
)

// The parts of go test -cover that run after the builds: the meta-data
// files of packages without tests, the summary of the meta-data files
// of -coverpkg's packages, and the covdata tool's reports.

// CoverMetaFilesName is the name of the file listing the meta-data
// files of the packages -coverpkg selects, which the coverage runtime
// of each test binary reads from its GOCOVERDIR.
const CoverMetaFilesName = "metafiles.txt"

// restoreCoverMeta copies the meta-data file a cached build of a's
// package recorded into a's object directory (go test -cover of a
// package without tests), reporting whether it could.
func (b *Builder) restoreCoverMeta(a *Action) bool {
	name := tool.CoverMetaFile(a.Package.ImportPath)
	file, err := b.cachedObjdirFile(a, name)
	if err != nil {
		return false
	}
	sh := b.Shell(a)
	if err := sh.Mkdir(a.Objdir); err != nil {
		return false
	}
	return sh.CopyFile(a.Objdir+name, file, 0o666, true) == nil
}

// CoverMetaFile returns the meta-data file that the build of the
// package of run (a "test run" action of a package without tests)
// wrote, or "" when the package has no functions to report.
func CoverMetaFile(b *Builder, run *Action) (string, error) {
	p := run.Package
	deps := run.Deps
	if len(deps) > 0 && deps[0].Mode == "test barrier" {
		deps = deps[0].Deps
	}
	for _, a := range deps {
		if a.Mode != "build" || a.Package == nil || a.Package.ImportPath != p.ImportPath {
			continue
		}
		mf := a.Objdir + tool.CoverMetaFile(p.ImportPath)
		if b.flags.N {
			return mf, nil
		}
		fi, err := os.Stat(mf)
		if err != nil {
			return "", err
		}
		if fi.Size() == 0 {
			return "", nil
		}
		return mf, nil
	}
	return "", fmt.Errorf("internal error: unable to locate build action for package %q run action", p.ImportPath)
}

// CovData runs "GOROOT/bin/go tool covdata" with args in a's object
// directory, as go does (the covdata tool is built on demand), and
// returns its output.
func (b *Builder) CovData(ctx context.Context, a *Action, args ...string) ([]byte, error) {
	sh := b.Shell(a)
	cmd := append(append([]string(nil), b.flags.Toolexec...), filepath.Join(b.env.GOROOT(), "bin", "go"+b.hostExe()), "tool", "covdata")
	out, err := sh.RunOut(a.Objdir, nil, append(cmd, args...)...)
	if err != nil {
		return out, sh.Report("", a.Objdir, out, err)
	}
	return out, nil
}

// hostExe is the executable suffix of the host's programs.
func (b *Builder) hostExe() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// WriteCoverMetaFiles is the actor of go test -coverpkg's "write
// coverage meta-data file" action: it lists the meta-data files its
// dependencies (builds of the selected packages) wrote, in
// metafiles.txt in its object directory.
func WriteCoverMetaFiles(b *Builder, ctx context.Context, a *Action) error {
	var coll struct {
		ImportPaths       []string
		MetaFileFragments []string
	}
	for _, dep := range a.Deps {
		if dep.Mode != "build" {
			return fmt.Errorf("internal error: unexpected mode %s", dep.Mode)
		}
		mf := dep.Objdir + tool.CoverMetaFile(dep.Package.ImportPath)
		if fi, err := os.Stat(mf); err != nil || fi.Size() == 0 {
			continue
		}
		coll.ImportPaths = append(coll.ImportPaths, dep.Package.ImportPath)
		coll.MetaFileFragments = append(coll.MetaFileFragments, mf)
	}
	data, err := json.Marshal(coll)
	if err != nil {
		return fmt.Errorf("marshal MetaFileCollection: %v", err)
	}
	sh := b.Shell(a)
	if err := sh.Mkdir(a.Objdir); err != nil {
		return err
	}
	if err := sh.WriteFile(a.Objdir+CoverMetaFilesName, append(data, '\n')); err != nil {
		return fmt.Errorf("writing metafiles file: %v", err)
	}
	return nil
}
