package vet

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"gocmd/internal/base"
	"gocmd/internal/work"
)

// runner is one 'go vet' or 'go fix' invocation.
type runner struct {
	inv    *base.Invocation
	f      *Flags
	name   string // "vet" or "fix"
	mu     sync.Mutex
	status atomic.Int32
}

func run(ctx context.Context, inv *base.Invocation, name string, f *Flags, pkgArgs []string) (err error) {
	r := &runner{inv: inv, f: f, name: name}
	toolFlags := append([]string(nil), f.ToolArgs...)
	opts := work.VetOptions{Tool: f.ToolPath, Explicit: len(toolFlags) > 0}

	applyFixes := false
	if name == "fix" || f.Fix {
		if f.JSON {
			if f.Diff {
				fmt.Fprintf(inv.Stderr, "-json and -diff cannot be used together\n")
				return base.Exit(1)
			}
		} else {
			toolFlags = append(toolFlags, "-fix")
			if f.Diff {
				toolFlags = append(toolFlags, "-diff")
				opts.HandleStdout = r.copyAndDetectDiff
			} else {
				applyFixes = true
			}
		}
		if f.Context != -1 {
			fmt.Fprintf(inv.Stderr, "-c flag cannot be used when applying fixes\n")
			return base.Exit(1)
		}
	} else {
		if !f.JSON {
			toolFlags = append(toolFlags, "-json")
			opts.HandleStdout = r.printJSONDiagnostics
		}
		if f.Diff {
			fmt.Fprintf(inv.Stderr, "go vet -diff flag requires -fix\n")
			return base.Exit(1)
		}
	}
	if f.FixList != "" {
		fmt.Fprintf(inv.Stderr, "go %s: the -fix=%s flag is obsolete and has no effect", name, f.FixList)
		for _, fx := range strings.Split(f.FixList, ",") {
			if fx == "buildtag" {
				fmt.Fprintf(inv.Stderr, "go %s: to enable the buildtag check, use -buildtag", name)
				break
			}
		}
	}
	opts.Flags = toolFlags
	if opts.HandleStdout == nil {
		opts.HandleStdout = r.copyStdout
	}

	s, err := work.NewSession(ctx, inv, &f.BuildFlags, name)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = work.Fatal(inv.Stderr, cerr)
		}
	}()
	b := s.Builder
	b.SetVetOptions(opts)

	pkgs, err := s.Loader.LoadPackages(ctx, pkgArgs)
	if err != nil {
		return work.Fatal(inv.Stderr, err)
	}
	if err := s.CheckErrors(pkgs); err != nil {
		return err
	}
	if len(pkgs) == 0 {
		fmt.Fprintf(inv.Stderr, "no packages to %s\n", name)
		return base.Exit(1)
	}

	root := &work.Action{Mode: "go " + name}
	for _, p := range pkgs {
		if applyFixes && (p.Standard && strings.HasPrefix(p.ImportPath, "vendor/") || p.Module != nil && !p.Module.Main) {
			continue
		}
		_, ptest, pxtest, perr := s.Loader.TestPackagesFor(ctx, p)
		if perr != nil {
			fmt.Fprintf(inv.Stderr, "%v\n", perr)
			r.setStatus(1)
			continue
		}
		if len(ptest.GoFiles) == 0 && len(ptest.CgoFiles) == 0 && pxtest == nil {
			fmt.Fprintf(inv.Stderr, "go: can't %s %s: no Go files in %s\n", name, p.ImportPath, p.Dir)
			r.setStatus(1)
			continue
		}
		if len(ptest.GoFiles) > 0 || len(ptest.CgoFiles) > 0 {
			root.Deps = append(root.Deps, b.VetAction(work.ModeBuild, work.ModeBuild, applyFixes, ptest))
		}
		if pxtest != nil {
			b.InheritFlags(pxtest, p)
			root.Deps = append(root.Deps, b.VetAction(work.ModeBuild, work.ModeBuild, applyFixes, pxtest))
		}
	}
	if err := s.Run(ctx, root); err != nil {
		r.setStatus(1)
	}

	if applyFixes {
		contents := map[string][]byte{}
		for _, a := range root.Deps {
			if file := a.FixArchive(); file != "" {
				if err := readZip(file, contents); err != nil {
					fmt.Fprintf(inv.Stderr, "reading archive of fixes: %v\n", err)
					return base.Exit(1)
				}
			}
		}
		for file, data := range contents {
			if err := os.WriteFile(file, data, 0o644); err != nil {
				fmt.Fprintf(inv.Stderr, "applying fix: %v\n", err)
				r.setStatus(1)
			}
		}
	}
	if n := r.status.Load(); n != 0 {
		return base.Exit(int(n))
	}
	return nil
}

func (r *runner) setStatus(n int32) {
	for {
		old := r.status.Load()
		if old >= n || r.status.CompareAndSwap(old, n) {
			return
		}
	}
}

// readZip adds the files of a fix archive to out, refusing two
// different fixed versions of one file.
func readZip(file string, out map[string][]byte) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if prev, ok := out[f.Name]; ok && !bytes.Equal(prev, data) {
			return fmt.Errorf("inconsistent fixes to file %v", f.Name)
		}
		out[f.Name] = data
	}
	return nil
}

// copyStdout passes the tool's output through.
func (r *runner) copyStdout(rd io.Reader) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := io.Copy(r.inv.Stdout, rd); err != nil {
		return fmt.Errorf("copying vet tool stdout: %w", err)
	}
	return nil
}

// copyAndDetectDiff passes diffs through; any diff means exit status 1.
func (r *runner) copyAndDetectDiff(rd io.Reader) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	n, err := io.Copy(r.inv.Stdout, rd)
	if err != nil {
		return fmt.Errorf("copying diff output: %w", err)
	}
	if n > 0 {
		r.setStatus(1)
	}
	return nil
}

// The tool's -json output: package ID -> analyzer -> error or
// diagnostics.
type jsonTree map[string]map[string]json.RawMessage

type jsonError struct {
	Err string `json:"error"`
}

type jsonDiagnostic struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
	Related []struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	} `json:"related,omitempty"`
}

// printJSONDiagnostics prints the tool's JSON diagnostics on standard
// error as file:line:col: message; any diagnostic means exit status 1.
func (r *runner) printJSONDiagnostics(rd io.Reader) error {
	data, err := io.ReadAll(rd)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return nil
	}
	var tree jsonTree
	if err := json.Unmarshal(data, &tree); err != nil {
		return fmt.Errorf("parsing JSON: %v", err)
	}
	for _, units := range tree {
		for _, msg := range units {
			if len(msg) > 0 && msg[0] == '[' {
				var diags []jsonDiagnostic
				if err := json.Unmarshal(msg, &diags); err != nil {
					return fmt.Errorf("parsing JSON diagnostics: %v", err)
				}
				for _, d := range diags {
					r.setStatus(1)
					r.printDiagnostic(d)
				}
				continue
			}
			var e jsonError
			if err := json.Unmarshal(msg, &e); err != nil {
				return fmt.Errorf("parsing JSON error: %v", err)
			}
			r.setStatus(1)
			return errors.New(e.Err)
		}
	}
	return nil
}

type posn struct {
	file      string
	line, col int
}

func parsePosn(s string) (posn, bool) {
	c2 := strings.LastIndexByte(s, ':')
	if c2 < 0 {
		return posn{}, false
	}
	c1 := strings.LastIndexByte(s[:c2], ':')
	if c1 < 0 {
		return posn{}, false
	}
	line, err := strconv.Atoi(s[c1+1 : c2])
	if err != nil {
		return posn{}, false
	}
	col, err := strconv.Atoi(s[c2+1:])
	if err != nil {
		return posn{}, false
	}
	return posn{s[:c1], line, col}, true
}

func (r *runner) printDiagnostic(d jsonDiagnostic) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.printOne(d.Posn, d.End, d.Message)
	for _, rel := range d.Related {
		r.printOne(rel.Posn, rel.End, "\t"+rel.Message)
	}
}

func (r *runner) printOne(start, end, message string) {
	w := r.inv.Stderr
	if p, ok := parsePosn(start); ok {
		fmt.Fprintf(w, "%s:%d:%d: %v\n", base.ShortPath(r.inv.Dir, p.file), p.line, p.col, message)
	} else {
		fmt.Fprintf(w, "%s: %v\n", start, message)
	}
	n := r.f.Context
	if n < 0 {
		return
	}
	if end == "" {
		end = start
	}
	sp, ok1 := parsePosn(start)
	ep, ok2 := parsePosn(end)
	if !ok1 || !ok2 {
		return
	}
	data, _ := os.ReadFile(sp.file)
	lines := strings.Split(string(data), "\n")
	for i := sp.line - n; i <= ep.line+n; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}
