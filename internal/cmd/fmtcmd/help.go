package fmtcmd

const helpFmt = `
Fmt runs 'gofmt -l -w' over the source files of the named packages,
rewriting them in standard format, and prints the names of the files it
changed.

	-n
		print the gofmt commands instead of running them.
	-x
		print the gofmt commands as they run.
	-mod mode
		the module download mode, readonly or vendor (see
		'go help modules').

For other gofmt options, run gofmt directly; 'go doc cmd/gofmt'
describes it. See 'go help packages' for naming packages.

See also: go fix, go vet.
`
