package workcmd

const helpWork = `
Work gathers commands that work on workspaces.

Many other commands understand workspaces too, not only 'go work'.
Workspaces belong to the module system ('go help modules'); the
reference is https://go.dev/ref/mod#workspaces and a tutorial is at
https://go.dev/doc/tutorial/workspaces.

A workspace is described by a go.work file, whose "use" directives list
module directories. The go command treats those modules as root modules
when building. A workspace that uses no modules cannot build from local
modules.

go.work has one directive per line: a keyword and its arguments, as in

	go 1.18

	use ../foo/bar
	use ./baz

	replace example.com/foo v1.2.3 => example.com/bar v1.4.5

Lines sharing a keyword may be grouped in a block, as imports are in Go:

	use (
	  ../foo/bar
	  ./baz
	)

use names the directory holding the go.mod of a module that becomes one
of the workspace's main modules.

go gives the Go version the file was written for. It has no effect yet,
but may select workspace semantics in the future.

replace is written as in go.mod and takes precedence over the replace
directives of the modules' go.mod files; its main use is to settle
replacements on which workspace modules disagree.

'go env GOWORK' prints the workspace file in use, if any, which tells
whether the go command runs in workspace mode.
`

const helpEdit = `
Edit changes go.work from the command line, for tools and scripts. It
reads go.work alone and never looks up anything about the modules it
mentions. Without a file argument, it uses the go.work found in the
current directory or its parents.

The editing flags describe changes, made in order:

	-fmt
		reformat go.work and change nothing else. Every other change
		reformats the file anyway, so -fmt is only needed alone.
	-godebug=key=value
		add a godebug line, replacing those with the same key.
	-dropgodebug=key
		remove the godebug lines with this key.
	-use=path, -dropuse=path
		add or remove a use directive for a module directory.
	-replace=old[@v]=new[@v]
		add a replacement. Without @v on the left, it applies to every
		version of old; without @v on the right, new is a directory
		holding a module, not a module path. -replace supersedes the
		replacements of old[@v] it makes redundant: without @v, those of
		specific versions of old are dropped.
	-dropreplace=old[@v]
		remove a replacement (without @v, the one for all versions).
	-go=version
		set the Go language version (the go line).
	-toolchain=name
		set the toolchain line.

-use, -dropuse, -replace and -dropreplace may be repeated.

Instead of writing go.work back, -print prints the result in go.work
syntax, and -json prints it as JSON in this shape:

	type GoWork struct {
		Go        string
		Toolchain string
		Godebug   []Godebug
		Use       []Use
		Replace   []Replace
	}

	type Godebug struct {
		Key   string
		Value string
	}

	type Use struct {
		DiskPath   string
		ModulePath string
	}

	type Replace struct {
		Old Module
		New Module
	}

	type Module struct {
		Path    string
		Version string
	}

More about workspaces: https://go.dev/ref/mod#workspaces.
`

const helpInit = `
Init creates a go.work file in the current directory, which becomes the
root of a new workspace.

Each argument is the directory of a module to include; it gets a use
directive. Without arguments, the workspace starts with no modules. The
file also gets a go line with the current Go version.

More about workspaces: https://go.dev/ref/mod#workspaces.
`

const helpSync = `
Sync writes the workspace's build list back into the workspace's
modules.

The build list is the set of versions of all the dependency modules,
direct or not, that builds in the workspace use. Sync computes it by
Minimal Version Selection, then goes through the modules named by use
directives one by one and raises each dependency they require to its
version in the build list, when it differs. Minimal Version Selection
guarantees that the build list never holds a lower version than a
workspace module asks for.

More about workspaces: https://go.dev/ref/mod#workspaces.
`

const helpUse = `
Use adds directories, recursively if asked, to go.work.

For each directory argument, a use directive is added to go.work when
the directory exists, and removed when it does not. Use fails if a use
directive left in the file names a module that does not exist.

Use also raises the go line of go.work to at least the go version of
every used module, old or new. Without arguments, that is all it does.

	-r
		search the argument directories recursively for modules, and
		treat each module found as if it were an argument.

More about workspaces: https://go.dev/ref/mod#workspaces.
`

const helpVendor = `
Vendor rebuilds the workspace's vendor directory so that it holds every
package needed to build and test the workspace's packages. Tests of
vendored packages are not copied.

	-v
		print the vendored modules and packages on standard error.
	-e
		go on despite errors met while loading packages.
	-o outdir
		write the vendor directory at outdir instead of "vendor". The go
		command only uses a directory named "vendor" at the root, so
		this is for other tools.
`
