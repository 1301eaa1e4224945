package modcmd

const helpMod = `
Go mod gathers commands that work on modules as such.

Modules are supported by every go command, not only by 'go mod': to
add, remove, upgrade or downgrade dependencies in day-to-day work, use
'go get'. 'go help modules' gives an overview of modules.
`

const helpDownload = `
Download fetches the named modules into the module cache. Arguments are
module patterns selecting dependencies of the main module, or queries
of the form path@version.

Without arguments, download fetches the modules needed to build and
test the packages of the main module: those the main module requires
explicitly when its go.mod says go 1.17 or later, or every module
required directly or indirectly when it says go 1.16 or earlier.

The go command downloads modules by itself whenever it needs them;
'go mod download' mostly serves to fill a cache ahead of time or to
compute the answers a module proxy serves.

Normally nothing is printed on standard output; progress and errors go
to standard error.

-json prints, on standard output, one JSON object for each module
downloaded (or that failed), with these fields:

    type Module struct {
        Path     string // the module path
        Query    string // the query that selected this version
        Version  string // the module version
        Error    string // why the module could not be loaded
        Info     string // absolute path of the .info file in the cache
        GoMod    string // absolute path of the .mod file in the cache
        Zip      string // absolute path of the .zip file in the cache
        Dir      string // absolute path of the unpacked source tree
        Sum      string // the module's checksum, as in go.sum
        GoModSum string // the go.mod file's checksum, as in go.sum
        Origin   any    // where the module came from
        Reuse    bool   // the old information could be reused
    }

-reuse=old.json names the output of an earlier 'go mod download -json'.
Modules shown unchanged since then are not downloaded again, and carry
Reuse: true in the new output. The module cache normally makes this
unnecessary; -reuse helps where the cache does not survive between runs.

-x prints the commands download runs.

More about 'go mod download': https://golang.org/ref/mod#go-mod-download;
about version queries: https://golang.org/ref/mod#version-queries.
`

const helpGraph = `
Graph prints the module requirement graph, replacements applied, as
text: each line holds a module and one of its requirements, separated by
a space. Modules are written path@version, except the main module, which
has no @version.

	-go=version
		print the graph as the given Go version would load it, instead
		of the version of the go line of go.mod.
	-x
		print the commands graph runs.

More about 'go mod graph': https://golang.org/ref/mod#go-mod-graph.
`

const helpInit = `
Init creates a go.mod file in the current directory, which becomes the
root of a new module. There must be no go.mod file there yet.

The optional argument is the path of the new module. Without it, init
tries to work the path out from import comments in the .go files of the
directory and, inside GOPATH, from the directory's location.

More about 'go mod init': https://golang.org/ref/mod#go-mod-init.
`

const helpTidy = `
Tidy brings go.mod in line with the source code of the module: it adds
the modules missing to build the module's packages and their
dependencies, and drops the modules that provide no package that
matters. It also adds the missing entries of go.sum and removes the
needless ones.

	-v
		report the removed modules on standard error.
	-e
		go on despite errors met while loading packages.
	-diff
		change neither go.mod nor go.sum, but print the changes as a
		unified diff; the exit status is non-zero when the diff is not
		empty.
	-go=version
		set the go line of go.mod to version, which may change which
		dependencies stay listed explicitly (from Go 1.17 on, more are
		kept, for lazy module loading).
	-compat=version
		keep the extra go.sum checksums that the go command of that
		major release needs to load the module graph, and fail if that
		release would load an imported package from a different module
		version. The default is the release before the one of the go
		line.
	-x
		print the commands tidy runs.

More about 'go mod tidy': https://golang.org/ref/mod#go-mod-tidy.
`

const helpVendor = `
Vendor rebuilds the vendor directory of the main module so that it holds
every package needed to build and test the main module's packages. Tests
of vendored packages are not copied.

	-v
		print the vendored modules and packages on standard error.
	-e
		go on despite errors met while loading packages.
	-o outdir
		write the vendor directory at outdir instead of "vendor". The go
		command only uses a directory named "vendor" at the module root,
		so this is for other tools.

More about 'go mod vendor': https://golang.org/ref/mod#go-mod-vendor.
`

const helpVerify = `
Verify checks that the dependencies of the current module held in the
module cache are unchanged since they were downloaded. When they all
are, it prints "all modules verified."; otherwise it names the modules
that changed and exits with a non-zero status.

More about 'go mod verify': https://golang.org/ref/mod#go-mod-verify.
`

const helpWhy = `
Why prints, for each package named, one of the shortest chains of
imports leading to it from the main module. With -m, the arguments are
modules, and the chain leads to any package of each.

The graph searched is that of "go list all", which includes the tests of
the packages reached; -vendor leaves out the tests of dependencies.

The output has one block per argument, blocks being separated by blank
lines. A block starts with "# package" or "# module" and the target,
then lists the chain, one package per line. When the main module does
not reach the target, the block holds a single note in parentheses
saying so:

	$ go mod why golang.org/x/text/language golang.org/x/text/encoding
	# golang.org/x/text/language
	rsc.io/quote
	rsc.io/sampler
	golang.org/x/text/language

	# golang.org/x/text/encoding
	(main module does not need package golang.org/x/text/encoding)
	$

More about 'go mod why': https://golang.org/ref/mod#go-mod-why.
`
