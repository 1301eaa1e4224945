package build

const helpBuild = `
Build compiles the named packages and the packages they import. The
results are not installed (see 'go install' for that).

The arguments are import paths or patterns (see 'go help packages'), or
a list of .go files, all in one directory, which then form a single
package. Files whose names end in '_test.go' are never compiled by build.

What build keeps depends on what it compiled:

  - One main package: the executable is written to the current
    directory, named after the last element of the import path that is
    not a major version suffix ('go build example.com/tool/v2' writes
    'tool'); from a list of files, after the first file ('go build
    a.go b.go' writes 'a'). On Windows '.exe' is appended.
  - Several packages, or a package that is not main: the packages are
    compiled and the results thrown away, so build only checks that
    they compile.

The -o flag names the output file or directory instead. When the named
output is an existing directory, or ends in a slash or backslash, each
executable is written into it.

Build flags are accepted by build, clean, get, install, list, run and
test:

	-C dir
		Change to dir before doing anything else. File names on the
		command line are then relative to dir. This flag has to come
		first, right after the command name.
	-a
		rebuild packages even when they are up to date.
	-n
		print the commands that would run, without running them.
	-p n
		how many programs (compilations, test binaries) may run at the
		same time. Defaults to GOMAXPROCS, usually the number of CPUs.
	-race
		build with the data race detector. Only some systems support it:
		darwin/amd64, darwin/arm64, freebsd/amd64, linux/amd64,
		linux/arm64 (48-bit VMA only), linux/ppc64le, linux/riscv64 and
		windows/amd64.
	-msan
		build for use with the memory sanitizer. Needs Clang/LLVM as the
		C compiler, on linux/amd64, linux/arm64, linux/loong64 or
		freebsd/amd64; outside linux/amd64 it builds PIE executables.
	-asan
		build for use with the address sanitizer, on linux/arm64,
		linux/amd64 and linux/loong64. The C compiler must be GCC 7 or
		Clang/LLVM 9 or newer (Clang/LLVM 16 or newer on linux/loong64).
	-cover
		instrument the code for coverage analysis.
	-covermode set,count,atomic
		how coverage is counted: set records whether each statement ran,
		count how many times, and atomic counts too but safely across
		goroutines, at a higher cost. The default is set, or atomic when
		-race is given. Implies -cover.
	-coverpkg pattern1,pattern2,pattern3
		when building a main package, instrument the packages matching
		these patterns (see 'go help packages') instead of the default,
		the packages of the main module. Implies -cover.
	-v
		print package names as they are compiled.
	-work
		print the temporary work directory and keep it after exit.
	-x
		print the commands as they run.
	-asmflags '[pattern=]arg list'
		arguments for every run of go tool asm.
	-buildmode mode
		the kind of object to build; see 'go help buildmode'.
	-buildvcs
		whether to record version control information in binaries:
		"true", "false" or "auto" (the default). With auto, the
		information is recorded when the main package, its module and
		the current directory belong to one repository. With true,
		a missing VCS tool or an ambiguous layout is an error; with
		false, nothing is recorded.
	-compiler name
		the compiler to use, gc or gccgo (as in runtime.Compiler).
	-gccgoflags '[pattern=]arg list'
		arguments for every gccgo compile or link.
	-gcflags '[pattern=]arg list'
		arguments for every run of go tool compile.
	-installsuffix suffix
		a suffix for the package installation directory, to keep the
		output of unusual builds apart. -race, -msan, -asan and build
		modes needing special compiler flags set or extend it too.
	-json
		print build output as JSON events; see 'go help buildjson'.
	-ldflags '[pattern=]arg list'
		arguments for every run of go tool link.
	-linkshared
		link against shared libraries made earlier with
		-buildmode=shared.
	-mod mode
		how to treat go.mod and the module cache: readonly, vendor or
		mod. When the main module has a vendor directory and its go.mod
		says go 1.14 or later, the default is vendor, otherwise
		readonly. See https://golang.org/ref/mod#build-commands.
	-modcacherw
		leave new directories in the module cache writable rather than
		read-only.
	-modfile file
		in module mode, use file (and the go.sum beside it, named by
		replacing ".mod" with ".sum") instead of the main module's
		go.mod and go.sum. A go.mod must still exist to mark the module
		root, but it is not read.
	-overlay file
		read a JSON file whose 'Replace' field maps file paths to
		replacement files, so that the build sees each path with the
		contents of its replacement, or as missing when the replacement
		is the empty string. Limits: cgo files included from outside
		the include path must sit in the directory of the package
		including them; the overlay does not apply to binaries run by
		go run and go test; files in GOMODCACHE cannot be replaced.
	-pgo file
		the profile for profile-guided optimization. "auto" (the
		default) uses a file named default.pgo in each main package's
		directory, if present, for that package and its dependencies;
		"off" disables PGO.
	-pkgdir dir
		install and find compiled packages in dir instead of the usual
		places, to keep builds with unusual settings apart.
	-tags tag,list
		extra build tags to treat as satisfied, separated by commas (a
		space-separated list is still accepted but deprecated). See
		'go help buildconstraint'.
	-trimpath
		keep file system paths out of the result: recorded file names
		start with a module path@version or a plain import path instead.
	-toolexec 'cmd args'
		run toolchain programs (asm, compile, vet, ...) through cmd: the
		go command runs 'cmd args /path/to/tool <tool arguments>', with
		TOOLEXEC_IMPORTPATH set to the import path of the package being
		built.

The values of -asmflags, -gccgoflags, -gcflags and -ldflags are lists of
arguments separated by spaces; quote an argument (single or double
quotes) to keep spaces inside it. A value may start with a package
pattern and '=' to apply the arguments only to the packages matching it;
without a pattern they apply to the packages named on the command line
only. The flags can be given several times; when several patterns match
a package, the last one on the command line wins. So
'go build -gcflags=-S fmt' disassembles fmt alone, while
'go build -gcflags=all=-S fmt' also disassembles its dependencies.

See 'go help packages' for naming packages, 'go help gopath' for where
results are installed, and 'go help c' for using C and C++ code.

Build follows the conventions of the go command (see 'go help gopath');
projects that cannot, or that use another build system, can run the
lower-level tools such as 'go tool compile' and 'go tool link' directly.

See also: go install, go get, go clean.
`
