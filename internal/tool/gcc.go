package tool

import (
	"errors"
	"fmt"
	"path/filepath"
)

// GccCompile is one run of the C (C++, Fortran) compiler turning one
// source file into an object: the compiler command line prefix (the
// compiler, -I dir and the flags go adds, see env.CompilerCmd), the
// package's flags, then "-o output -c file".
type GccCompile struct {
	Compiler []string
	Flags    []string
	Output   string
	File     string // the source file, relative to the directory the compiler runs in
}

// Args returns the command line, program first.
func (g *GccCompile) Args() []string {
	args := append([]string(nil), g.Compiler...)
	args = append(args, g.Flags...)
	return append(args, "-o", g.Output, "-c", g.File)
}

// GccLink is the test link of a cgo package's objects into _cgo_.o, from
// which the cgo tool reads the dynamic imports.
type GccLink struct {
	Compiler []string
	Output   string
	Objects  []string
	Flags    []string // the package's linker flags
}

// Args returns the command line, program first.
func (g *GccLink) Args() []string {
	args := append([]string(nil), g.Compiler...)
	args = append(args, "-o", g.Output)
	args = append(args, g.Objects...)
	return append(args, g.Flags...)
}

// PrefixMap returns the C compiler flag that rewrites the source
// directory from in debug information to to: -ffile-prefix-map when the
// compiler has it, else -fdebug-prefix-map. to is made absolute under
// "/_" (or `\\_\_` for Windows targets), as compilers require.
func PrefixMap(fileMap bool, goos, from, to string) string {
	flag := "-fdebug-prefix-map"
	if fileMap {
		flag = "-ffile-prefix-map"
	}
	if goos == "windows" {
		to = filepath.Join(`\\_\_`, to)
	} else {
		to = filepath.Join("/_", to)
	}
	return flag + "=" + from + "=" + to
}

// PkgConfigArgs returns the pkg-config command line asking for mode
// ("--cflags" or "--libs") of pkgs, with the user's pkg-config flags.
func PkgConfigArgs(pkgConfig, mode string, flags, pkgs []string) []string {
	args := []string{pkgConfig, mode}
	args = append(args, flags...)
	args = append(args, "--")
	return append(args, pkgs...)
}

// SplitPkgConfigOutput splits the output of pkg-config into flags the
// way a POSIX shell splits words: blanks separate words; single quotes
// keep everything; double quotes keep everything but \, $ and `; an
// unquoted backslash escapes the next character (a newline after it
// joins lines). Expansions and shell operators are errors.
func SplitPkgConfigOutput(out []byte) ([]string, error) {
	var flags []string
	var cur []byte
	quoted := false // the current word had quotes (so "" is a word)
	var quote byte  // the open quote, or 0
	escape := false
	for _, c := range out {
		if escape {
			escape = false
			if quote == '"' && c != '$' && c != '`' && c != '"' && c != '\\' && c != '\n' {
				cur = append(cur, '\\', c)
				continue
			}
			if c != '\n' {
				cur = append(cur, c)
			}
			continue
		}
		if quote != 0 && c == quote {
			quote = 0
			continue
		}
		if quote == '\'' || quote == '"' && c != '`' && c != '$' && c != '\\' {
			cur = append(cur, c)
			continue
		}
		switch c {
		case '|', '&', ';', '<', '>', '(', ')', '$', '`':
			return nil, fmt.Errorf("unexpected shell character %q in pkgconf output", c)
		case '\\':
			escape = true
		case '\'', '"':
			quote = c
			quoted = true
		case ' ', '\t', '\n':
			if len(cur) > 0 || quoted {
				flags = append(flags, string(cur))
			}
			cur, quoted = cur[:0], false
		default:
			cur = append(cur, c)
		}
	}
	switch {
	case quote != 0:
		return nil, errors.New("unterminated quoted string in pkgconf output")
	case escape:
		return nil, errors.New("broken character escaping in pkgconf output")
	}
	if len(cur) > 0 || quoted {
		flags = append(flags, string(cur))
	}
	return flags, nil
}
