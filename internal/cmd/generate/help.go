package generate

const helpGenerate = `
Generate runs the commands written in directives of existing files.
Any program may run, but the point is to create or refresh Go source
files. Nothing else (go build, go test, ...) ever runs go generate: it
has to be invoked explicitly.

A directive is a line of the form

	//go:generate command argument...

starting in the first column, with no space between "//" and "go".
The command is a program in the shell path (gofmt), an absolute path
(/usr/you/bin/mytool), or an alias defined by -command (see below).
Files are not parsed, so text that looks like a directive inside a
block comment or a raw string counts as one too.

The arguments are separated by spaces; a double-quoted string, in Go
syntax, makes a single argument and is unquoted before the command
runs.

Generated files should say so with a line matching

	^// Code generated .* DO NOT EDIT\.$

placed before the first text that is neither a comment nor blank, so
that people and tools recognize them.

The command runs with these variables set:

	$GOARCH
		the target architecture (amd64, arm, ...)
	$GOOS
		the target operating system (linux, windows, ...)
	$GOFILE
		the base name of the file holding the directive
	$GOLINE
		the line number of the directive
	$GOPACKAGE
		the package name of that file
	$GOROOT
		the GOROOT of the go command running generate, that is of
		its toolchain and standard library
	$DOLLAR
		a dollar sign
	$PATH
		the caller's $PATH with $GOROOT/bin put first, so that
		generators running 'go' use the same go command

Before the command runs, every $NAME with an alphanumeric NAME is
replaced, everywhere on the line and even inside quoted strings, by the
value of that environment variable (empty when unset). No other
processing, such as file name globbing, takes place.

A directive of the form

	//go:generate -command xxx args...

makes xxx, for the rest of that file, an alias for the command given
by args, which is handy for commands of several words:

	//go:generate -command foo go tool foo

Packages are processed one at a time, in command-line order; .go files
named on the command line, all from one directory, form one package.
Within a package, files are processed in file name order, and within a
file, directives in source order. Generate sets the build tag "generate",
so files can be seen by go generate yet excluded from builds. In a
package with broken code, only files with a valid package clause are
processed. When a command fails, the rest of its package is skipped.
Commands run in the package's source directory.

Flags:

	-run=""
		when set, run only the directives whose full text (without
		trailing spaces and final newline) matches this regular
		expression.
	-skip=""
		when set, skip the directives whose full text matches this
		regular expression; it wins over -run.

Generate also takes the build flags, among which -v prints packages and
files as they are processed, -n prints the commands that would run and
-x prints them as they run. See 'go help build' for the build flags and
'go help packages' for naming packages.
`
