package install

const helpInstall = `
Install compiles the named packages and installs the results.

Executables go to the directory named by $GOBIN, which defaults to
$GOPATH/bin, or $HOME/go/bin when GOPATH is not set. Commands that are
part of $GOROOT go to $GOROOT/bin or $GOTOOLDIR instead. Executables
built for another system go to a $GOOS_$GOARCH subdirectory of these.

When the arguments carry a version suffix (@latest, @v1.0.0, ...),
install builds in module mode and ignores any go.mod file in the current
directory and its parents, so that commands can be installed without
touching the dependencies of a module. The build must then be
unambiguous:

- Arguments are package paths or patterns with "..." wildcards; not
standard library packages (like fmt), not the meta-patterns std, cmd
and all, and not file system paths.

- Every argument carries the same version suffix, written the same way.

- All arguments name packages of one module at one version.

- Package paths name main packages; patterns match main packages only.

- There is no main module. The go.mod of the module holding the
packages, if any, must not contain replace or exclude directives that
would give it another meaning were it the main module, nor require a
newer version of itself.

- Vendor directories are never used (module zip files do not contain
them).

Without version suffixes, install runs in module mode or in GOPATH mode
depending on GO111MODULE and on whether there is a go.mod file (see
'go help modules'); in module mode it works within the main module.

In GOPATH mode, packages that are not main are installed in
$GOPATH/pkg/$GOOS_$GOARCH; in module mode they are built and cached but
not installed.

Since Go 1.20 the standard library is also only built and cached, no
longer installed in $GOROOT/pkg/$GOOS_$GOARCH; GODEBUG=installgoroot=all
brings back the old behavior.

See 'go help build' for the build flags and 'go help packages' for
naming packages.

See also: go build, go get, go clean.
`
