package doc

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/mod/semver"
)

// dirEntry is a directory holding Go files, or a root of the search.
type dirEntry struct {
	importPath string
	dir        string
	inModule   bool
}

// dirs enumerates the directories of the code roots breadth-first,
// lazily, remembering what it has produced so that a search can start
// over (reset) without walking again.
type dirs struct {
	d      *docer
	hist   []dirEntry
	offset int

	started bool
	roots   []dirEntry
	rootIdx int
	root    dirEntry
	this    []string
	queued  []string
}

func (s *dirs) reset() { s.offset = 0 }

// next returns the next directory of the walk.
func (s *dirs) next() (dirEntry, bool) {
	if s.offset >= 0 && s.offset < len(s.hist) {
		e := s.hist[s.offset]
		s.offset++
		return e, true
	}
	e, ok := s.scan()
	if !ok {
		return dirEntry{}, false
	}
	s.hist = append(s.hist, e)
	s.offset++
	return e, true
}

// scan continues the breadth-first walk to the next directory with Go
// files.
func (s *dirs) scan() (dirEntry, bool) {
	if !s.started {
		s.started = true
		s.roots = s.d.codeRoots()
		s.rootIdx = -1
	}
	for {
		if len(s.this) == 0 {
			if len(s.queued) > 0 {
				s.this, s.queued = s.queued, nil
			} else {
				s.rootIdx++
				if s.rootIdx >= len(s.roots) {
					return dirEntry{}, false
				}
				s.root = s.roots[s.rootIdx]
				s.root.dir = filepath.Clean(s.root.dir)
				s.this = []string{s.root.dir}
			}
		}
		dir := s.this[0]
		s.this = s.this[1:]
		if e, ok := s.visit(dir); ok {
			return e, true
		}
	}
}

// visit queues the subdirectories of dir and reports it if it has Go
// files.
func (s *dirs) visit(dir string) (dirEntry, bool) {
	f, err := os.Open(dir)
	if err != nil {
		fmt.Fprintf(s.d.inv.Stderr, "doc: %v\n", err)
		return dirEntry{}, false
	}
	entries, err := f.Readdir(0)
	f.Close()
	if err != nil {
		fmt.Fprintf(s.d.inv.Stderr, "doc: %v\n", err)
		return dirEntry{}, false
	}
	hasGo := false
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() {
			if strings.HasSuffix(name, ".go") {
				hasGo = true
			}
			continue
		}
		if name[0] == '.' || name[0] == '_' || name == "testdata" {
			continue
		}
		if s.root.inModule {
			if name == "vendor" {
				continue
			}
			if fi, err := os.Stat(filepath.Join(dir, name, "go.mod")); err == nil && !fi.IsDir() {
				continue
			}
		}
		s.queued = append(s.queued, filepath.Join(dir, name))
	}
	if !hasGo {
		return dirEntry{}, false
	}
	ip := s.root.importPath
	if len(dir) > len(s.root.dir) {
		if ip != "" {
			ip += "/"
		}
		ip += filepath.ToSlash(dir[len(s.root.dir)+1:])
	}
	return dirEntry{ip, dir, s.root.inModule}, true
}

// goCmd is the go command of the GOROOT, which go doc asks about modules.
func (d *docer) goCmd() string {
	if d.goroot == "" {
		return "go"
	}
	return filepath.Join(d.goroot, "bin", "go")
}

// goOutput runs the GOROOT's go command in the working directory.
func (d *docer) goOutput(passStderr bool, args ...string) ([]byte, error) {
	cmd := exec.Command(d.goCmd(), args...)
	cmd.Dir = d.wd
	cmd.Env = d.inv.Env.Environ()
	if passStderr {
		cmd.Stderr = d.inv.Stderr
	}
	return cmd.Output()
}

// codeRoots returns the trees searched for packages: GOROOT and GOPATH
// in GOPATH mode; GOROOT, the vendor directory or the modules of the
// build list in module mode.
func (d *docer) codeRoots() []dirEntry {
	if !d.rootsDone {
		d.rootsDone = true
		d.roots = d.findCodeRoots()
	}
	return d.roots
}

func (d *docer) findCodeRoots() []dirEntry {
	var list []dirEntry
	out, _ := d.goOutput(false, "env", "GOMOD")
	gomod := string(bytes.TrimSpace(out))
	d.usingModules = gomod != ""
	goroot := d.goroot
	if d.usingModules && goroot != "" {
		list = append(list,
			dirEntry{dir: filepath.Join(goroot, "src"), inModule: true},
			dirEntry{importPath: "cmd", dir: filepath.Join(goroot, "src", "cmd"), inModule: true})
	}
	if gomod == os.DevNull {
		return list
	}
	if !d.usingModules {
		if goroot != "" {
			list = append(list, dirEntry{dir: filepath.Join(goroot, "src")})
		}
		for _, root := range filepath.SplitList(d.ctxt.GOPATH) {
			list = append(list, dirEntry{dir: filepath.Join(root, "src")})
		}
		return list
	}
	main, vendor := d.vendorEnabled()
	if vendor && main != nil {
		list = append([]dirEntry{{dir: filepath.Join(main.dir, "vendor")}}, list...)
		if main.path != "std" {
			list = append(list, dirEntry{importPath: main.path, dir: main.dir, inModule: true})
		}
		return list
	}
	out, _ = d.goOutput(true, "list", "-m", "-f={{.Path}}\t{{.Dir}}", "all")
	for _, line := range strings.Split(string(out), "\n") {
		p, dir, _ := strings.Cut(line, "\t")
		if dir != "" {
			list = append(list, dirEntry{importPath: p, dir: dir, inModule: true})
		}
	}
	return list
}

type mainModule struct {
	path, dir, goVersion string
}

var modFlagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-mod[ =](\w+)`) })

// vendorEnabled reports the main module and whether its packages come
// from its vendor directory.
func (d *docer) vendorEnabled() (*mainModule, bool) {
	const format = "{{.Path}}\n{{.Dir}}\n{{.GoVersion}}\n" +
		`{{range context.ReleaseTags}}{{if eq . "go1.14"}}{{.}}{{end}}{{end}}` + "\n"
	out, err := d.goOutput(true, "list", "-m", "-f", format)
	var main *mainModule
	go114 := false
	if err == nil {
		lines := strings.Split(string(out), "\n")
		if len(lines) < 5 {
			return nil, false
		}
		main = &mainModule{lines[0], lines[1], lines[2]}
		go114 = lines[3] == "go1.14"
	}
	out, _ = d.goOutput(false, "env", "GOFLAGS")
	if m := modFlagRE().FindStringSubmatch(string(bytes.TrimSpace(out))); m != nil && m[1] != "" {
		return main, m[1] == "vendor"
	}
	if main == nil || !go114 {
		return main, false
	}
	if fi, err := os.Stat(filepath.Join(main.dir, "vendor")); err == nil && fi.IsDir() {
		if main.goVersion != "" && semver.Compare("v"+main.goVersion, "v1.14") >= 0 {
			return main, true
		}
	}
	return main, false
}
