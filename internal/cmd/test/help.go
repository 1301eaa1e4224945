package test

const helpTest = `
Test builds and runs the tests of the named packages and prints one
summary line for each:

	ok   archive/tar   0.011s
	FAIL archive/zip   0.022s
	ok   compress/gzip 0.033s
	...

followed by the full output of every package that failed.

A package's tests are its source files plus the files matching
"*_test.go", which may hold tests, benchmarks, fuzz tests and examples
(see 'go help testfunc'). Files whose names start with "_" (this
includes "_test.go") or "." are ignored. Test files whose package clause
ends in "_test" form a separate package, compiled and linked into the
same test binary. Each package gets its own test binary. Directories
named "testdata" are ignored by the go command, so they can hold data
files for tests.

While building a test binary, test runs go vet on the package and its
test files and, when vet reports a problem, prints it and does not run
the binary. Only a few reliable vet checks run this way: atomic, bool,
buildtags, directive, errorsas, ifaceassert, nilfunc, printf,
stringintconv and tests ('go doc cmd/vet' documents them). -vet=off
turns this off and -vet=all runs every check.

Everything the tests print, and the summary lines, go to the standard
output of the go command, even what a test wrote to its standard error;
the go command's standard error only reports failures to build tests.

Tests run with $GOROOT/bin first in $PATH, so that tests running 'go'
use the same go command.

Test works in one of two modes:

In local directory mode, when no packages are named ('go test',
'go test -v'), it builds and runs the tests of the package in the
current directory, prints a summary line (status, package, elapsed
time), and never caches results.

In package list mode, when packages are named ('go test math',
'go test ./...', even 'go test .'), it tests each of them. A package
that passes prints only its 'ok' line, unless -bench or -v asked for
its output; a package that fails prints its whole output. When all are
done, a final 'FAIL' is printed if any package failed.

Only in package list mode are successful results cached: when a
previous result can be reused, test prints its output again instead of
running the binary, with '(cached)' instead of the elapsed time. A
result is reused when the test binary is the same and every flag comes
from the cacheable set -benchtime, -coverprofile, -cpu, -failfast,
-fullpath, -list, -outputdir, -parallel, -run, -short, -skip, -timeout
and -v. Any other flag or argument disables caching, conventionally
-count=1. Tests that read files of their module or environment
variables only reuse results while those are unchanged. A cached result
takes no time, so it is reused whatever -timeout says.

Besides the build flags, test itself takes:

	-args
	    Give the rest of the command line, untouched, to the test
	    binary. Package arguments must come before it.

	-c
	    Build the test binary as pkg.test in the current directory,
	    pkg being the last element of the import path, without running
	    it. -o changes the file or directory.

	-exec xprog
	    Run the test binary with xprog, as 'go run' does (see
	    'go help run').

	-json
	    Print test output, and build output, as JSON; see
	    'go doc test2json' and 'go help buildjson'.

	-o file
	    Write a copy of the test binary to file, which still runs unless
	    -c is given. When file ends in a slash or is an existing
	    directory, the binary is written there as pkg.test.

The test binary's own flags, which control how tests run, can be given
to go test too; see 'go help testflag'.

See 'go help build' for the build flags and 'go help packages' for
naming packages.

See also: go build, go vet.
`
