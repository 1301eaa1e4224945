package get

const helpGet = `
Get maps each argument to a package at specific module versions,
updates go.mod to require those versions, and downloads the needed
source code into the module cache.

Common uses:

	go get example.com/pkg
		add a dependency on a package, or upgrade it to its latest
		version.
	go get example.com/pkg@v1.2.3
		move a dependency up or down to a given version.
	go get example.com/mod@none
		drop a module, downgrading the modules that require it.
	go get go@latest
		raise the minimum Go version of the module to the latest
		Go release.
	go get toolchain@patch
		move the suggested toolchain to the latest patch release of
		the current one.

The details are in https://golang.org/ref/mod#go-get.

Get no longer builds or installs packages: it only edits the
requirements in go.mod. To install a command, use 'go install'; with
a version, as in

	go install example.com/pkg@v1.2.3
	go install example.com/pkg@latest

it runs in module mode and ignores any go.mod in the current directory
(see 'go help install' and https://golang.org/ref/mod#go-install).

Flags:

	-t
		also consider the modules needed to build the tests of the
		packages named on the command line.
	-u
		also update the modules that provide dependencies of the named
		packages to newer minor or patch releases, when there are any.
		With -t, test dependencies are updated as well.
	-u=patch
		the same, but prefer patch releases (write -u=patch, not
		-u patch).
	-tool
		add a tool line to go.mod for each package named; with @none,
		remove it.
	-x
		print commands as they run, which helps to debug version
		control commands when a module comes straight from its
		repository.

See 'go help build' for the build flags, https://golang.org/ref/mod for
modules, https://go.dev/doc/toolchain for managing the go and toolchain
lines, and 'go help packages' for naming packages.

See also: go build, go install, go clean, go mod.
`
