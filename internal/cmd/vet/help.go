package vet

const helpVet = `
Vet runs the Go vet tool (cmd/vet) over the named packages and reports
what it finds.

Flags:

  -c int
	show each reported line with this many lines of context around it
	(-1, the default, shows none)
  -json
	report in JSON
  -fix
	apply the first suggested fix of each diagnostic instead of
	printing it
  -diff
	print the fixes as a unified diff instead of applying them; the
	exit status is non-zero when the diff is not empty

-vettool=prog runs another analysis tool, with other or more checks.
For example, the shadow analyzer can be installed and run with

  go install golang.org/x/tools/go/analysis/passes/shadow/cmd/shadow@latest
  go vet -vettool=$(which shadow)

Such tools are built on golang.org/x/tools/go/analysis/unitchecker,
which speaks the protocol go vet uses.

The default tool is 'go tool vet' (cmd/vet). 'go tool vet help' lists
its checks and their flags, and 'go tool vet help printf' describes one
check. Those flags may be given to go vet directly.

Of the build flags, go vet takes those that select packages and control
how tools run, such as -C, -n, -x, -v, -tags and -toolexec; see
'go help build'. See 'go help packages' for naming packages.

See also: go fmt, go fix.
`

const helpFix = `
Fix runs the Go fix tool (cmd/fix) over the named packages and applies
the fixes it suggests.

Flags:

  -diff
	print the fixes as a unified diff instead of applying them; the
	exit status is non-zero when the diff is not empty

-fixtool=prog runs another analysis tool, with other or more fixers,
the way go vet's -vettool does.

The default tool is 'go tool fix' (cmd/fix). 'go tool fix help' lists
its fixers and their flags, and 'go tool fix help hostport' describes
one fixer.

Of the build flags, go fix takes those that select packages and control
how tools run, such as -C, -n, -x, -v, -tags and -toolexec; see
'go help build'. See 'go help packages' for naming packages.

See also: go fmt, go vet.
`
