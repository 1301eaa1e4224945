package workcmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"gocmd/internal/base"
	"gocmd/internal/fsys"
	"gocmd/internal/gover"
	"gocmd/internal/lockedfile"
	"gocmd/internal/modload"
)

// errNoGoWork is go's error when a command needs a go.work and there is
// none.
var errNoGoWork = errors.New("go: no go.work file found\n\t(run 'go work init' first or specify path using GOWORK environment variable)")

// workState is what the work commands learn before reading go.work: the
// overlay and where go.work is.
type workState struct {
	inv     *base.Invocation
	overlay *fsys.FS
	gowork  string // absolute; "" when there is none
}

// initWorkfile loads the -overlay file and finds go.work from $GOWORK
// or the working directory, as go's module loader does for workspace
// commands. It is a local helper: modload.Init would also read and
// check go.work and every used module, which these commands must not
// require.
func initWorkfile(inv *base.Invocation, f *ModFlags) (*workState, error) {
	if err := modload.CheckFIPS(inv.Env, nil, false); err != nil {
		return nil, err
	}
	ws := &workState{inv: inv}
	ov, err := fsys.LoadOverlay(f.Overlay, inv.Dir)
	if err != nil {
		return nil, fmt.Errorf("go: %v", err)
	}
	ws.overlay = ov
	switch gowork := inv.Env.Get("GOWORK"); gowork {
	case "off":
	case "", "auto":
		ws.gowork = ws.findGoWork(inv.Dir)
	default:
		if !filepath.IsAbs(gowork) {
			return nil, errors.New("go: invalid GOWORK: not an absolute path")
		}
		ws.gowork = gowork
	}
	return ws, nil
}

// checkModules rejects GO111MODULE=off (the work commands need modules)
// and unknown settings.
func checkModules(inv *base.Invocation) error {
	switch v := inv.Env.Get("GO111MODULE"); v {
	case "", "on", "auto":
		return nil
	case "off":
		return errors.New("go: modules disabled by GO111MODULE=off; see 'go help modules'")
	default:
		return fmt.Errorf("go: unknown environment setting GO111MODULE=%s", v)
	}
}

// findGoWork looks for go.work at or above dir, never crossing into
// GOROOT from below.
func (ws *workState) findGoWork(dir string) string {
	dir = filepath.Clean(dir)
	goroot := ws.inv.Env.GOROOT()
	for {
		f := filepath.Join(dir, "go.work")
		if fi, err := ws.overlay.Stat(f); err == nil && !fi.IsDir() {
			return f
		}
		parent := filepath.Dir(dir)
		if parent == dir || parent == goroot {
			return ""
		}
		dir = parent
	}
}

// shortPath returns path as go prints it: relative to the working
// directory when that is shorter (see base.ShortPath).
func (ws *workState) shortPath(path string) string { return base.ShortPath(ws.inv.Dir, path) }

func (ws *workState) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(ws.inv.Dir, path)
}

// tooNew is go's error for a file that needs a newer Go.
func (ws *workState) tooNew(what, goVersion string) *gover.TooNewError {
	return &gover.TooNewError{What: what, GoVersion: goVersion, Local: gover.Local(ws.inv.Env.GOROOT()), Explain: ws.inv.Env.TooNewExplain()}
}

// readWorkFile reads and parses go.work (errors without "go: ").
// Unless editing, a go line newer than this toolchain is an error.
func (ws *workState) readWorkFile(path string, editing bool) (*modfile.WorkFile, error) {
	short := ws.shortPath(path)
	data, err := ws.overlay.ReadFile(ws.abs(path))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = short
		}
		return nil, fmt.Errorf("reading go.work: %w", err)
	}
	wf, err := modfile.ParseWork(short, data, nil)
	if err != nil {
		return nil, fmt.Errorf("errors parsing go.work:\n%w", err)
	}
	if !editing && wf.Go != nil && gover.Compare(wf.Go.Version, gover.Local(ws.inv.Env.GOROOT())) > 0 {
		return nil, ws.tooNew(short, wf.Go.Version)
	}
	return wf, nil
}

// writeWorkFile formats wf and writes it to path.
func (ws *workState) writeWorkFile(path string, wf *modfile.WorkFile) error {
	wf.SortBlocks()
	wf.Cleanup()
	return os.WriteFile(ws.abs(path), modfile.Format(wf.Syntax), 0o666)
}

// readModFile reads and checks the go.mod at path (errors without
// "go: ", as go's module loader words them).
func (ws *workState) readModFile(gomod string) (*modfile.File, error) {
	var data []byte
	var err error
	if ws.overlay.Replaced(gomod) {
		data, err = ws.overlay.ReadFile(gomod)
	} else {
		data, err = lockedfile.Read(gomod)
	}
	if err != nil {
		return nil, err
	}
	local := gover.Local(ws.inv.Env.GOROOT())
	f, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		if lax, laxErr := modfile.ParseLax(gomod, data, nil); laxErr == nil && lax.Go != nil && gover.Compare(lax.Go.Version, local) > 0 {
			return nil, ws.tooNew(ws.shortPath(gomod), lax.Go.Version)
		}
		return nil, fmt.Errorf("errors parsing %s:\n%w", ws.shortPath(gomod), ws.shortErrorList(err))
	}
	if f.Go != nil && gover.Compare(f.Go.Version, local) > 0 {
		return nil, ws.tooNew(ws.shortPath(gomod), f.Go.Version)
	}
	if f.Module == nil {
		return nil, fmt.Errorf("error reading %s: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod", ws.shortPath(gomod))
	}
	if gover.IsToolchain(f.Module.Mod.Path) {
		return nil, fmt.Errorf("error reading %s: invalid module path: %q", ws.shortPath(gomod), f.Module.Mod.Path)
	}
	return f, nil
}

// shortErrorList shortens the file names in a modfile.ErrorList.
func (ws *workState) shortErrorList(err error) error {
	var list modfile.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	for i := range list {
		list[i].Filename = ws.shortPath(list[i].Filename)
	}
	return list
}

// toDirectoryPath makes a path that modfile recognizes as a directory:
// relative paths start with ./ or ../.
func toDirectoryPath(path string) string {
	if modfile.IsDirectoryPath(path) {
		return path
	}
	return "./" + filepath.ToSlash(filepath.Clean(path))
}

// hasPathPrefix reports whether path is prefix or below it.
func hasPathPrefix(path, prefix string) bool {
	if path == prefix {
		return true
	}
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	return strings.HasPrefix(path, prefix)
}
