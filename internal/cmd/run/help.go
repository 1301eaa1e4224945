package run

const helpRun = `
Run compiles the named main package and runs it. The package is most
often given as a list of .go files from one directory, but an import
path, a directory or a pattern matching exactly one package works too,
as in 'go run .' or 'go run my/cmd'.

With a version suffix on the package (@latest, @v1.0.0, ...), run builds
in module mode and ignores any go.mod file in the current directory and
its parents, so a program can be run without changing the dependencies
of a module. Without one, run works in module mode or GOPATH mode
depending on GO111MODULE and on whether there is a go.mod file (see
'go help modules'); in module mode it works within the main module.

The program normally runs directly, as 'a.out arguments...'. With
-exec, it runs as 'xprog a.out arguments...'. Without -exec, when GOOS
or GOARCH differs from the host's and a program named
go_$GOOS_$GOARCH_exec is on the search path, that program runs the
binary (for example 'go_js_wasm_exec a.out arguments...'), which lets
simulators run cross-compiled programs.

To build faster, run leaves out debugger information; use 'go build'
to get a binary that has it.

The exit status of run is not the program's exit status.

See 'go help build' for the build flags and 'go help packages' for
naming packages.

See also: go build.
`
