package help

const helpGoMod = `
A module version is a tree of source files with a go.mod file at its
root. The go command finds the root of the main (current) module by
looking for go.mod in the current directory, then in each parent
directory in turn.

The format of go.mod is specified at
https://golang.org/ref/mod#go-mod-file.

The usual tools for go.mod are:

	'go mod init' creates it ('go help mod init',
	https://golang.org/ref/mod#go-mod-init);

	'go mod tidy' adds missing requirements and drops needless ones
	('go help mod tidy', https://golang.org/ref/mod#go-mod-tidy);

	'go get' adds, upgrades, downgrades or removes one requirement
	('go help get', https://golang.org/ref/mod#go-get);

	'go mod edit' makes any other change, or prints go.mod as JSON for
	other tools ('go help mod edit',
	https://golang.org/ref/mod#go-mod-edit).
`

const helpModules = `
Go manages dependencies with modules.

A module is a set of packages released, versioned and distributed
together. Modules come straight from version control repositories or
from module proxy servers.

Tutorials start at https://golang.org/doc/tutorial/create-module, and
the reference is https://golang.org/ref/mod.

By default, the go command may download modules from
https://proxy.golang.org and check them against the checksum database
https://sum.golang.org, both run by the Go team at Google, with privacy
policies at https://proxy.golang.org/privacy and
https://sum.golang.org/privacy.

GOPROXY, GOSUMDB, GOPRIVATE and other environment variables configure
downloads; see 'go help environment' and
https://golang.org/ref/mod#private-module-privacy.
`

const helpModuleAuth = `
Whenever the go command downloads a module's zip file or go.mod file
into the module cache, it hashes it and compares the hash with a known
one, to make sure the file is the same as when it was first downloaded.
The known hashes are kept in go.sum, at the root of the module; others
may come from the checksum database, depending on GOSUMDB, GOPRIVATE and
GONOSUMDB.

Details: https://golang.org/ref/mod#authenticating.
`
