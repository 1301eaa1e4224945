package load

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"gocmd/internal/wire"
)

// GoFilesError is a problem with the .go files named on the command
// line that stops loading; go prints it as is, without the "go: " prefix.
type GoFilesError struct{ Err error }

func (e *GoFilesError) Error() string { return e.Err.Error() }
func (e *GoFilesError) Unwrap() error { return e.Err }

// NoPrefix marks the message as complete: printers add no "go: ".
func (e *GoFilesError) NoPrefix() {}

// goFilesPackage makes the synthetic package command-line-arguments from
// .go files named on the command line.
func (l *Loader) goFilesPackage(ctx context.Context, gofiles []string) (*Package, error) {
	s := l.st
	for _, f := range gofiles {
		if !strings.HasSuffix(f, ".go") {
			p := &Package{}
			p.Internal.Local = true
			p.Internal.CmdlineFiles = true
			p.Name = f
			p.Error = &wire.PackageError{Err: fmt.Errorf("named files must be .go files: %s", f)}
			p.Incomplete = true
			return p, nil
		}
	}
	var infos []fs.FileInfo
	var dir string
	for _, file := range gofiles {
		fi, err := s.fs.Stat(abs(l.cfg.Dir, file))
		if err != nil {
			return nil, &GoFilesError{fmt.Errorf("stat %s: %v", file, errText(err))}
		}
		if fi.IsDir() {
			return nil, &GoFilesError{fmt.Errorf("%s is a directory, should be a Go file", file)}
		}
		dir1 := filepath.Dir(file)
		if dir == "" {
			dir = dir1
		} else if dir != dir1 {
			return nil, &GoFilesError{fmt.Errorf("named files must all be in one directory; have %s and %s", dir, dir1)}
		}
		infos = append(infos, fi)
	}
	ctxt := s.ctxt
	if s.modules {
		ctxt = s.ctxtMod
	}
	ctxt.UseAllFiles = true
	ctxt.ReadDir = func(string) ([]fs.FileInfo, error) { return infos, nil }
	if dir == "" {
		dir = l.cfg.Dir
	}
	dir = abs(l.cfg.Dir, dir)
	bp, err := ctxt.ImportDir(dir, 0)
	p := &Package{}
	p.Internal.Local = true
	p.Internal.CmdlineFiles = true
	p.Internal.CmdlinePkg = true
	var stk importStack
	l.load(ctx, p, "command-line-arguments", &stk, nil, bp, err)
	l.queue.Wait()
	if !s.modules {
		p.Internal.LocalPrefix = dirToImportPath(dir)
	}
	p.ImportPath = "command-line-arguments"
	p.Target = ""
	p.Match = gofiles
	if p.Name == "main" {
		exe := l.DefaultExecName(p) + l.exeSuffix()
		if s.gobin != "" {
			p.Target = filepath.Join(s.gobin, exe)
		} else if s.modules {
			if bin := l.modBinDir(); bin != "" {
				p.Target = filepath.Join(bin, exe)
			}
		}
	}
	l.resolveTestImports(ctx, PackageList([]*Package{p}))
	return p, nil
}

// errText is the text of a path error without the operation and path.
func errText(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
