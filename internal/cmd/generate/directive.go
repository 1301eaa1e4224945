package generate

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gocmd/internal/base"
)

// errStop ends the processing of a file after an error was printed.
var errStop = errors.New("error in generation")

// generator scans one file for //go:generate directives and runs them.
type generator struct {
	c        *config
	path     string // absolute path of the file
	dir      string // its directory
	file     string // its base name
	pkg      string // name in its package clause
	line     int    // current line, from 1
	commands map[string][]string
	env      []string // the variables go generate adds
}

// generate runs the directives of file. It reports false if one failed
// (after printing why): the rest of the package is then skipped. An error
// means the file could not be read.
func (c *config) generate(ctx context.Context, file string) (bool, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return false, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		// Files without a valid package clause are not Go files to us.
		return true, nil
	}
	g := &generator{
		c:        c,
		path:     file,
		dir:      filepath.Dir(file),
		file:     filepath.Base(file),
		pkg:      f.Name.String(),
		commands: map[string][]string{},
	}
	if c.f.V {
		fmt.Fprintf(c.inv.Stderr, "%s\n", base.ShortPath(c.inv.Dir, file))
	}
	if err := g.run(ctx, src); err != nil {
		return false, nil
	}
	return true, nil
}

// errorf prints an error at the current line and returns errStop.
func (g *generator) errorf(format string, args ...any) error {
	fmt.Fprintf(g.c.inv.Stderr, "%s:%d: %s\n", base.ShortPath(g.c.inv.Dir, g.path), g.line, fmt.Sprintf(format, args...))
	return errStop
}

func isDirective(line []byte) bool {
	return bytes.HasPrefix(line, []byte("//go:generate ")) || bytes.HasPrefix(line, []byte("//go:generate\t"))
}

func (g *generator) run(ctx context.Context, src []byte) error {
	r := bufio.NewReader(bytes.NewReader(src))
	var err error
	for {
		g.line++
		var line []byte
		line, err = r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// Overlong lines are skipped (and are an error if they
			// are directives).
			if isDirective(line) {
				return g.errorf("directive too long")
			}
			for err == bufio.ErrBufferFull {
				_, err = r.ReadSlice('\n')
			}
			if err != nil {
				break
			}
			continue
		}
		if err != nil {
			if err == io.EOF && isDirective(line) {
				err = io.ErrUnexpectedEOF
			}
			break
		}
		if !isDirective(line) {
			continue
		}
		text := bytes.TrimSpace(line)
		if g.c.runRE != nil && !g.c.runRE.Match(text) {
			continue
		}
		if g.c.skipRE != nil && g.c.skipRE.Match(text) {
			continue
		}
		g.setEnv()
		words, err := g.split(string(line))
		if err != nil {
			return err
		}
		if len(words) == 0 {
			return g.errorf("no arguments to directive")
		}
		if words[0] == "-command" {
			if err := g.define(words); err != nil {
				return err
			}
			continue
		}
		if g.c.f.N || g.c.f.X {
			fmt.Fprintf(g.c.inv.Stderr, "%s\n", strings.Join(words, " "))
		}
		if g.c.f.N {
			continue
		}
		if err := g.exec(ctx, words); err != nil {
			return err
		}
	}
	if err != nil && err != io.EOF {
		return g.errorf("error reading %s: %s", base.ShortPath(g.c.inv.Dir, g.path), err)
	}
	return nil
}

// setEnv computes the variables a directive sees.
func (g *generator) setEnv() {
	e := g.c.inv.Env
	g.env = []string{
		"GOROOT=" + e.GOROOT(),
		"GOARCH=" + e.GOARCH(),
		"GOOS=" + e.GOOS(),
		"GOFILE=" + g.file,
		"GOLINE=" + strconv.Itoa(g.line),
		"GOPACKAGE=" + g.pkg,
		"DOLLAR=$",
	}
	if kv := e.GOROOTBinPATH(); kv != "" {
		g.env = append(g.env, kv)
	}
	g.env = append(g.env, "PWD="+g.dir)
}

// split breaks a directive into words: quoted words are Go strings,
// $NAME and ${NAME} are expanded, and a -command alias is replaced by
// its definition.
func (g *generator) split(line string) ([]string, error) {
	line = line[len("//go:generate ") : len(line)-1]
	line = strings.TrimSuffix(line, "\r")
	var words []string
	for {
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			break
		}
		if line[0] == '"' {
			end := -1
			for i := 1; i < len(line) && end < 0; i++ {
				switch line[i] {
				case '\\':
					if i+1 == len(line) {
						return nil, g.errorf("bad backslash")
					}
					i++
				case '"':
					end = i
				}
			}
			if end < 0 {
				return nil, g.errorf("mismatched quoted string")
			}
			word, err := strconv.Unquote(line[:end+1])
			if err != nil {
				return nil, g.errorf("bad quoted string")
			}
			words = append(words, word)
			line = line[end+1:]
			if line != "" && line[0] != ' ' && line[0] != '\t' {
				return nil, g.errorf("expect space after quoted argument")
			}
			continue
		}
		i := strings.IndexAny(line, " \t")
		if i < 0 {
			i = len(line)
		}
		words = append(words, line[:i])
		line = line[i:]
	}
	if len(words) > 0 && g.commands[words[0]] != nil {
		words = append(slices.Clone(g.commands[words[0]]), words[1:]...)
	}
	for i, w := range words {
		words[i] = os.Expand(w, g.lookup)
	}
	return words, nil
}

// lookup expands $name: first the generator's variables, then the go
// command's environment.
func (g *generator) lookup(name string) string {
	for _, list := range [][]string{g.env, g.c.gocmdEnv} {
		for _, kv := range list {
			if v, ok := strings.CutPrefix(kv, name+"="); ok {
				return v
			}
		}
	}
	return ""
}

// define records a -command alias.
func (g *generator) define(words []string) error {
	if len(words) == 1 {
		return g.errorf("no command specified for -command")
	}
	if g.commands[words[1]] != nil {
		return g.errorf("command %q multiply defined", words[1])
	}
	g.commands[words[1]] = slices.Clip(words[2:])
	return nil
}

// exec runs a directive's command in the file's directory. A bare
// command name is looked up in GOROOT/bin first, so that "go" is this
// toolchain's.
func (g *generator) exec(ctx context.Context, words []string) error {
	path := words[0]
	if path != "" && !strings.Contains(path, string(os.PathSeparator)) && g.c.gorootBin != "" {
		if p, err := exec.LookPath(filepath.Join(g.c.gorootBin, path)); err == nil {
			path = p
		}
	}
	cmd := exec.CommandContext(ctx, path, words[1:]...)
	cmd.Args[0] = words[0]
	cmd.Stdout = g.c.inv.Stdout
	cmd.Stderr = g.c.inv.Stderr
	cmd.Dir = g.dir
	cmd.Env = append(slices.Clone(g.c.origEnviron), g.env...)
	if err := cmd.Run(); err != nil {
		return g.errorf("running %q: %s", words[0], err)
	}
	return nil
}
