package help

const helpEnvironment = `
The go command, and the tools it runs, are configured by environment
variables. An unset or empty variable means a reasonable default. 'go
env <NAME>' prints the value in effect for <NAME>, and 'go env -w
<NAME>=<VALUE>' changes its default. Such defaults are kept in a Go
environment configuration file in the user's configuration directory
(os.UserConfigDir); the GOENV variable names another file, 'go env
GOENV' prints the one in use, and 'go env -w' cannot change it. See
'go help env'.

General variables:

	GCCGO
		The gccgo program run by 'go build -compiler=gccgo'.
	GO111MODULE
		Module-aware mode or GOPATH mode: "off", "on" or "auto".
		See https://golang.org/ref/mod#mod-commands.
	GOARCH
		The target architecture (processor), such as amd64, 386, arm or
		ppc64.
	GOAUTH
		How to authenticate to go-import and HTTPS module mirror
		servers; see 'go help goauth'.
	GOBIN
		Where 'go install' puts commands.
	GOCACHE
		Where the build cache lives; an absolute path.
	GOCACHEPROG
		A program (possibly with flags, separated by spaces) acting as
		an external build cache; see 'go doc cmd/go/internal/cacheprog'.
	GODEBUG
		Debugging settings of programs built with Go, the go command
		included; not settable with 'go env -w'. See
		https://go.dev/doc/godebug.
	GOENV
		The Go environment configuration file; not settable with 'go env
		-w'. GOENV=off in the environment disables the default file.
	GOFLAGS
		Flags applied to every go command that knows them, as a list of
		-flag=value words separated by spaces (so values cannot contain
		spaces, and each word must be a complete flag). Command-line
		flags come after them and win.
	GOINSECURE
		Comma-separated glob patterns (path.Match syntax) of module path
		prefixes that may be fetched insecurely, when fetched directly.
		The checksum database is still consulted; use GOPRIVATE or
		GONOSUMDB to avoid that.
	GOMODCACHE
		Where downloaded modules are kept.
	GOOS
		The target operating system, such as linux, darwin, windows or
		netbsd.
	GOPATH
		Where various files live; see 'go help gopath'.
	GOPRIVATE, GONOPROXY, GONOSUMDB
		Comma-separated glob patterns (path.Match syntax) of module path
		prefixes to fetch directly, or not to check against the checksum
		database. See https://golang.org/ref/mod#private-modules.
	GOPROXY
		The module proxy URL; see
		https://golang.org/ref/mod#environment-variables and
		https://golang.org/ref/mod#module-proxy.
	GOROOT
		The root of the Go tree.
	GOSUMDB
		The checksum database to use, possibly with its public key and
		URL; see https://golang.org/ref/mod#authenticating.
	GOTMPDIR
		The directory where the go command and the testing package write
		temporary sources, packages and binaries, instead of the system's
		(such as "/tmp").
	GOTOOLCHAIN
		Which Go toolchain runs; see https://go.dev/doc/toolchain.
	GOVCS
		Which version control commands may be used for which servers;
		see 'go help vcs'.
	GOWORK
		In module mode, the go.work file to use. When unset or "auto",
		the go command looks for go.work in the current directory and
		its parents, and uses the modules of the first valid one found
		as main modules. "off", or finding no file in auto mode, means
		no workspace.

Variables for cgo:

	AR
		The archiver used with the gccgo compiler; 'ar' by default.
	CC
		The C compiler.
	CGO_CFLAGS
		Flags cgo passes to the C compiler.
	CGO_CFLAGS_ALLOW
		A regular expression of extra flags allowed in #cgo CFLAGS
		directives of the source (not in CGO_CFLAGS itself).
	CGO_CFLAGS_DISALLOW
		A regular expression of flags forbidden in #cgo CFLAGS
		directives of the source (not in CGO_CFLAGS itself).
	CGO_CPPFLAGS, CGO_CPPFLAGS_ALLOW, CGO_CPPFLAGS_DISALLOW
		The same three for the C preprocessor.
	CGO_CXXFLAGS, CGO_CXXFLAGS_ALLOW, CGO_CXXFLAGS_DISALLOW
		The same three for the C++ compiler.
	CGO_ENABLED
		Whether cgo is enabled: 0 or 1.
	CGO_FFLAGS, CGO_FFLAGS_ALLOW, CGO_FFLAGS_DISALLOW
		The same three for the Fortran compiler.
	CGO_LDFLAGS, CGO_LDFLAGS_ALLOW, CGO_LDFLAGS_DISALLOW
		The same three for the linker.
	CXX
		The C++ compiler.
	FC
		The Fortran compiler.
	PKG_CONFIG
		The pkg-config program.

Variables for particular architectures:

	GO386
		GOARCH=386: floating point with sse2 (the default) or softfloat.
	GOAMD64
		GOARCH=amd64: the microarchitecture level, v1 (the default), v2,
		v3 or v4. See https://golang.org/wiki/MinimumRequirements#amd64
	GOARM
		GOARCH=arm: the ARM version, 5, 6 or 7. The default is what the
		build machine supports when the tools are built on arm, and 7
		for cross-compilers. A suffix ,softfloat (default for 5) or
		,hardfloat (default for 6 and 7) chooses the floating point
		implementation.
	GOARM64
		GOARCH=arm64: the version, v8.0 (the default), v8.{1-9} or
		v9.{0-5}, possibly followed by ,lse and ,crypto for extensions of
		the target. Some extensions come with some versions anyway (lse
		from v8.1 on).
	GOMIPS
		GOARCH=mips{,le}: hardfloat (the default) or softfloat.
	GOMIPS64
		GOARCH=mips64{,le}: hardfloat (the default) or softfloat.
	GOPPC64
		GOARCH=ppc64{,le}: the target ISA, power8 (the default), power9
		or power10.
	GORISCV64
		GOARCH=riscv64: the RISC-V user-mode application profile,
		rva20u64 (the default), rva22u64 or rva23u64. See
		https://github.com/riscv/riscv-profiles/blob/main/src/profiles.adoc
		and https://github.com/riscv/riscv-profiles/blob/main/src/rva23-profile.adoc
	GOWASM
		GOARCH=wasm: comma-separated experimental WebAssembly features,
		satconv and signext.

Variables for code coverage:

	GOCOVERDIR
		Where binaries built with "go build -cover" write their coverage
		data files.

Special-purpose variables:

	GCCGOTOOLDIR
		Where gccgo's tools, such as cgo, are; by default where gccgo's
		configuration says.
	GOEXPERIMENT
		Comma-separated toolchain experiments to turn on or off. The set
		changes freely between releases; GOROOT/src/internal/goexperiment/flags.go
		lists the current ones. Meant for developing and testing the Go
		toolchain only, and unsupported otherwise.
	GOFIPS140
		The FIPS-140 cryptography mode of the binaries built. The default,
		off, changes nothing; other values turn on FIPS-140 measures and
		select other versions of the cryptography code. See
		https://go.dev/doc/security/fips140.
	GO_EXTLINK_ENABLED
		With -linkmode=auto and cgo code, whether the linker links
		externally: 1 to do so, 0 not to.
	GIT_ALLOW_PROTOCOL
		Git's own colon-separated list of schemes git fetch and clone may
		use; 'go get' then considers every other scheme insecure. Being
		Git's, it cannot be given a default with 'go env -w'.

Values 'go env' reports that are not read from the environment:

	GOEXE
		The suffix of executable names (".exe" on Windows, "" elsewhere).
	GOGCCFLAGS
		The arguments given to the CC command, separated by spaces.
	GOHOSTARCH
		The architecture (GOARCH) of the toolchain's own binaries.
	GOHOSTOS
		The operating system (GOOS) of the toolchain's own binaries.
	GOMOD
		The absolute path of the main module's go.mod; os.DevNull
		("/dev/null" on Unix, "NUL" on Windows) in module mode without a
		go.mod, and empty in GOPATH mode.
	GOTELEMETRY
		The telemetry mode ("off", "local" or "on"); see
		"go help telemetry".
	GOTELEMETRYDIR
		Where telemetry data is written.
	GOTOOLDIR
		Where the go tools (compile, cover, doc, ...) are installed.
	GOVERSION
		The version of the installed Go tree, as runtime.Version reports
		it.
`
