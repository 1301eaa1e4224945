package help

const helpBuildConstraint = `
A build constraint, or build tag, is a condition deciding whether a file
belongs to the package in a given build. It is a line comment starting

	//go:build

A build constraint can also lower the Go language version a file is
compiled with (see the end of this text).

Any kind of source file may carry one, not only Go files, but it must
come near the top: only blank lines and other comments may precede it.
In Go files it therefore comes before the package clause. Leave a blank
line after it, so that it is not taken for package documentation.

The rest of the line is an expression over build tags, with the
operators ||, && and ! and parentheses, meaning what they mean in Go.
This file builds for linux on 386, or for darwin without cgo:

	//go:build (linux && 386) || (darwin && !cgo)

A file may have only one //go:build line.

The tags satisfied in a build are:

	- the target operating system, as runtime.GOOS spells it (set by
	  the GOOS environment variable);
	- the target architecture, as runtime.GOARCH spells it (set by
	  GOARCH);
	- the architecture features, as GOARCH.feature (such as
	  "amd64.v2"), listed below;
	- "unix", when GOOS is a Unix or Unix-like system;
	- the compiler, "gc" or "gccgo";
	- "cgo", when cgo is enabled (see CGO_ENABLED in
	  'go help environment');
	- one tag per Go major release up to the current one: "go1.1"
	  from Go 1.1 on, "go1.12" from Go 1.12 on, and so on;
	- the tags given with -tags (see 'go help build').

Beta and minor releases have no tags of their own.

A file whose name, without its extension and any _test suffix, ends in
one of

	*_GOOS
	*_GOARCH
	*_GOOS_GOARCH

where GOOS and GOARCH are known system and architecture names (for
example source_windows_amd64.go) carries an implicit constraint on those
terms, in addition to its explicit one.

GOOS=android also satisfies the linux tags and file names, GOOS=illumos
the solaris ones, and GOOS=ios the darwin ones.

The architecture feature tags are:

	- GOARCH=386: GO386=387 and GO386=sse2 set 386.387 and 386.sse2.
	- GOARCH=amd64: GOAMD64=v1, v2 and v3 set amd64.v1, amd64.v2 and
	  amd64.v3.
	- GOARCH=arm: GOARM=5, 6 and 7 set arm.5, arm.6 and arm.7.
	- GOARCH=arm64: GOARM64=v8.{0-9} and v9.{0-5} set arm64.v8.{0-9}
	  and arm64.v9.{0-5}.
	- GOARCH=mips or mipsle: GOMIPS=hardfloat and softfloat set
	  mips.hardfloat and mips.softfloat (mipsle.hardfloat and
	  mipsle.softfloat).
	- GOARCH=mips64 or mips64le: GOMIPS64=hardfloat and softfloat set
	  mips64.hardfloat and mips64.softfloat (mips64le.hardfloat and
	  mips64le.softfloat).
	- GOARCH=ppc64 or ppc64le: GOPPC64=power8, power9 and power10 set
	  ppc64.power8, ppc64.power9 and ppc64.power10 (ppc64le.power8,
	  ppc64le.power9 and ppc64le.power10).
	- GOARCH=riscv64: GORISCV64=rva20u64, rva22u64 and rva23u64 set
	  riscv64.rva20u64, riscv64.rva22u64 and riscv64.rva23u64.
	- GOARCH=wasm: GOWASM=satconv and signext set wasm.satconv and
	  wasm.signext.

For amd64, arm, ppc64, ppc64le and riscv64, a feature level also sets
the tags of all lower levels: GOAMD64=v2 sets amd64.v1 and amd64.v2. Code
written for v2 thus keeps building under any higher level added later.
Code for machines lacking a level tests the negation:

	//go:build !amd64.v2

To exclude a file from every build:

	//go:build ignore

(any tag never satisfied would do; "ignore" is the convention).

A file built only with cgo, and only on Linux and macOS:

	//go:build cgo && (linux || darwin)

usually has a companion file for all other cases:

	//go:build !(cgo && (linux || darwin))

File names work alone too: dns_windows.go is built only for Windows,
math_386.s only for 32-bit x86.

Packages with assembly code conventionally offer a pure Go version under
the "purego" tag, which says nothing about cgo (use the "cgo" tag) or
unsafe:

        //go:build purego

Go 1.16 and earlier used another syntax, lines starting "// +build";
gofmt adds the equivalent //go:build line when it finds one.

In a module whose go version is 1.21 or later, a file whose constraint
mentions a Go release tag is compiled with the oldest language version
that the constraint allows.
`

const helpBuildJSON = `
With -json, 'go build', 'go install' and 'go test' report build output
and failures as JSON on standard output: a stream of BuildEvent objects,
one per line, of this shape:

	type BuildEvent struct {
		ImportPath string
		Action     string
		Output     string
	}

ImportPath is the ID of the package being built, as in the ImportPath
field of 'go list -json' and the FailedBuild field of the TestEvents of
'go test -json' (not their Package field).

Action is one of:

	build-output - the toolchain printed something
	build-fail - the build failed

Output, set for "build-output", holds part of the build's output:
joining the Output of all events gives exactly the output of the build.
One event may carry several lines, and one package may have several
events. This is the meaning TestEvent.Output has in 'go test -json'.

In 'go test -json' output, the Action field tells BuildEvents and
TestEvents apart, and joining the Output fields of all events gives the
text go test would print without -json.

Even with -json, non-JSON error text may appear on standard error,
usually for an early and serious failure; consumers must cope with it.
`

const helpBuildmode = `
'go build' and 'go install' take a -buildmode flag choosing what kind
of object to build:

	-buildmode=archive
		Build each listed package that is not main into a .a file.
		Main packages are ignored.

	-buildmode=c-archive
		Build the one listed main package and everything it imports
		into a C archive. Only functions exported with a cgo //export
		comment can be called.

	-buildmode=c-shared
		Build the one listed main package and everything it imports
		into a C shared library whose callable functions are those
		exported with a cgo //export comment. On wasip1 the result is a
		WASI reactor (library) exporting the functions marked
		//go:wasmexport.

	-buildmode=default
		Build main packages into executables and other packages into
		.a files. This is the default.

	-buildmode=shared
		Combine all listed non-main packages into one shared library,
		for builds using -linkshared. Main packages are ignored.

	-buildmode=exe
		Build the listed main packages and their dependencies into
		executables. Other packages are ignored.

	-buildmode=pie
		Build the listed main packages and their dependencies into
		position independent executables (PIE). Other packages are
		ignored.

	-buildmode=plugin
		Build the listed main packages and their dependencies into Go
		plugins. Other packages are ignored.

On AIX, a C program linked with a Go archive made by
-buildmode=c-archive needs -Wl,-bnoobjreorder passed to the C compiler.
`

const helpC = `
Go and C/C++ code can call each other in two ways.

The cgo tool, part of Go, is the first; 'go doc cmd/cgo' documents it.

SWIG (https://swig.org/), a general tool for binding languages together,
is the second. go build runs SWIG on the files ending in .swig, and on
those ending in .swigcxx with the -c++ option. A package also needs at
least one .go file, even one holding only a package clause.

In a package using cgo or SWIG, go build hands the .c, .m, .s, .S and
.sx files to the C compiler and the .cc, .cpp and .cxx files to the C++
compiler; the CC and CXX environment variables choose those compilers.
`

const helpCache = `
The go command keeps build results in a cache to reuse them. The cache
is the go-build subdirectory of the user's cache directory (as the
operating system defines it) unless GOCACHE names another one; 'go env
GOCACHE' prints the one in use. Several go commands may use the cache at
the same time.

Entries not used for a while are deleted from time to time; 'go clean
-cache' empties the cache.

The cache notices changes of Go sources, compilers, options and so on,
so there is normally no need to clean it. It does not notice changes of
C libraries used through cgo, though: after updating such libraries,
clean the cache or rebuild with -a (see 'go help build').

Successful test results are cached too (see 'go help test'); 'go clean
-testcache' drops them, keeping build results.

'go test -fuzz' stores, in a subdirectory of the cache, the inputs that
widened coverage. Builds and ordinary tests do not use them. 'go clean
-fuzzcache' removes them, which can make fuzzing less effective for a
while.

GODEBUG settings help to debug the cache:

GODEBUG=gocacheverify=1 ignores cache entries, rebuilding everything
and checking that the results equal the cached ones.

GODEBUG=gocachehash=1 prints the inputs of every hash used to compute
cache keys. The output is large.

GODEBUG=gocachetest=1 explains why cached test results are or are not
reused.
`

const helpFileType = `
The go command only looks at some files of each directory, chosen by
their extension:

	.go
		Go source files.
	.c, .h
		C source files. Compiled with the system's compiler (usually
		gcc) when the package uses cgo or SWIG, and an error otherwise.
	.cc, .cpp, .cxx, .hh, .hpp, .hxx
		C++ source files, for cgo or SWIG only, compiled with the
		system's compiler.
	.m
		Objective-C source files, for cgo only, compiled with the
		system's compiler.
	.s, .S, .sx
		Assembly files. Assembled with the system's assembler (usually
		gcc, really) when the package uses cgo or SWIG, and with the Go
		assembler otherwise.
	.swig, .swigcxx
		SWIG definition files.
	.syso
		System object files.

All but .syso files may carry build constraints, which the go command
looks for only before the first thing in the file that is neither a
blank line nor a //-style comment. The go/build package documents the
details.
`
