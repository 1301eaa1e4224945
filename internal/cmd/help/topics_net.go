package help

const helpGoAuth = `
GOAUTH lists, separated by semicolons, the ways to authenticate to
go-import and HTTPS module mirror servers. The default is netrc.

The methods are:

off
	No authentication.
netrc
	Credentials from the file named by NETRC, or from .netrc in the
	home directory.
git dir
	Credentials from 'git credential fill' run in dir; the go command
	then runs 'git credential approve/reject' to keep the credential
	helper's cache up to date.
command
	Any other entry is a command (arguments separated by spaces) whose
	output gives headers to add to HTTPS requests, in this form:
		Response      = { CredentialSet } .
		CredentialSet = URLLine { URLLine } BlankLine { HeaderLine } BlankLine .
		URLLine       = /* URL that starts with "https://" */ '\n' .
		HeaderLine    = /* HTTP Request header */ '\n' .
		BlankLine     = '\n' .

	For instance:
		https://example.com
		https://example.net/api/

		Authorization: Basic <token>

		https://another-example.org/

		Example: Data

	After a 4xx response, the go command writes the response to the
	command's standard input, as:
		Response      = StatusLine { HeaderLine } BlankLine .
		StatusLine    = Protocol Space Status '\n' .
		Protocol      = /* HTTP protocol */ .
		Space         = ' ' .
		Status        = /* HTTP status code */ .
		BlankLine     = '\n' .
		HeaderLine    = /* HTTP Response's header */ '\n' .

	For instance:
		HTTP/1.1 401 Unauthorized
		Content-Length: 19
		Content-Type: text/plain; charset=utf-8
		Date: Thu, 07 Nov 2024 18:43:09 GMT

	net/http.ReadResponse can parse this input.

Before its first HTTPS request, the go command runs every GOAUTH command
without arguments or input. When a server answers with a 4xx status, it
runs them again, with the URL as an extra argument and the response on
standard input. If the server fails again, the request fails: commands
are tried with a URL only once per request.
`

const helpGopath = `
The Go path is where import paths are looked up in GOPATH mode. The
go/build package implements and documents it.

The GOPATH environment variable lists the places holding Go code,
separated by colons on Unix and by semicolons on Windows (on Plan 9 it
is a list). When unset, it defaults to the directory "go" in the home
directory ($HOME/go on Unix, %USERPROFILE%\go on Windows), unless that
holds a Go distribution. 'go env GOPATH' prints it, and
https://golang.org/wiki/SettingGOPATH explains how to set it.

Every directory of GOPATH has the same layout:

The src directory holds source code; the path below src is the import
path, or the name of the command.

The pkg directory holds installed packages, in one subdirectory per
target system and architecture (pkg/GOOS_GOARCH), as in the Go tree.
With DIR in GOPATH, the package in DIR/src/foo/bar is imported as
"foo/bar" and installed as "DIR/pkg/GOOS_GOARCH/foo/bar.a".

The bin directory holds installed commands, named after the last element
of their source directory only: the command in DIR/src/foo/quux goes to
DIR/bin/quux, so that DIR/bin can be put in PATH. When GOBIN is set (to
an absolute path), commands go there instead.

For example:

    GOPATH=/home/user/go

    /home/user/go/
        src/
            foo/
                bar/               (package bar)
                    x.go
                quux/              (package main)
                    y.go
        bin/
            quux                   (the installed command)
        pkg/
            linux_amd64/
                foo/
                    bar.a          (the installed package)

Every directory of GOPATH is searched for sources, but downloads always
go to the first one.

https://golang.org/doc/code.html shows an example.

GOPATH and Modules

In module mode, GOPATH plays no part in resolving imports, but it still
holds the downloaded modules (GOPATH/pkg/mod) and the installed commands
(GOPATH/bin).

Internal Directories

Code in a directory named "internal", or below it, can only be imported
by code in the tree rooted at the parent of "internal". With this layout:

    /home/user/go/
        src/
            crash/
                bang/              (package bang)
                    b.go
            foo/                   (package foo)
                f.go
                bar/               (package bar)
                    x.go
                internal/
                    baz/           (package baz)
                        z.go
                quux/              (package main)
                    y.go

z.go, imported as "foo/internal/baz", can only be imported from code in
the tree rooted at foo: foo/f.go, foo/bar/x.go and foo/quux/y.go may
import it, crash/bang/b.go may not.

https://golang.org/s/go14internal has the details.

Vendor Directories

Code below a directory named "vendor" can be imported by code in the
tree rooted at the parent of "vendor", with an import path that leaves
out the prefix up to and including the vendor element. With this layout:

    /home/user/go/
        src/
            crash/
                bang/              (package bang)
                    b.go
            foo/                   (package foo)
                f.go
                bar/               (package bar)
                    x.go
                vendor/
                    crash/
                        bang/      (package bang)
                            b.go
                    baz/           (package baz)
                        z.go
                quux/              (package main)
                    y.go

visibility is that of internal directories, but z.go is imported as
"baz", not "foo/vendor/baz".

Deeper vendor directories shadow higher ones: below foo, an import of
"crash/bang" means "foo/vendor/crash/bang", not the top-level
"crash/bang".

Import path checking (see 'go help importpath') does not apply to code
in vendor directories.

When 'go get' checks out or updates a git repository, it updates its
submodules too.

Vendor directories never receive repositories that 'go get' checks out
for the first time: those always go to the main GOPATH.

https://golang.org/s/go15vendor has the details.
`

const helpGoproxy = `
A Go module proxy is a web server answering GET requests for URLs of a
set form. The requests carry no query parameters, so a server of static
files, or even a file:/// URL, can act as a proxy.

The protocol is described in https://golang.org/ref/mod#goproxy-protocol.
`

const helpPrivate = `
By default the go command downloads modules from the public Go module
mirror, proxy.golang.org, and checks everything it downloads, wherever
from, against the public checksum database, sum.golang.org. That suits
public code.

GOPRIVATE names the modules that are private (not publicly available),
which bypass the proxy and the checksum database. It is a
comma-separated list of glob patterns (path.Match syntax) matching
module path prefixes. With

	GOPRIVATE=*.corp.example.com,rsc.io/private

every module whose path starts with a match of either pattern is private,
such as git.corp.example.com/xyzzy, rsc.io/private and
rsc.io/private/quux.

GONOPROXY and GONOSUMDB take the same kind of list and, when set,
override GOPRIVATE for one decision each: whether to use the proxy, and
whether to use the checksum database. A company serving its private
modules from its own proxy would for instance set

	GOPRIVATE=*.corp.example.com
	GOPROXY=proxy.example.com
	GONOPROXY=none

GOPRIVATE also defines what "public" and "private" mean in GOVCS (see
'go help vcs'), in GOPATH mode too, where it then matches import paths
rather than module paths.

'go env -w' (see 'go help env') sets these variables for later go
commands.

More: https://golang.org/ref/mod#private-modules.
`

const helpVCS = `
'go get' may run version control commands such as git to download code.
That is what lets Go code be imported from any server, but it is also a
risk: a malicious server could try to make the version control command
run code it should not.

As a compromise, by default 'go get' uses only git and hg with public
servers, and any known system (bzr, fossil, git, hg, svn) with private
servers, those hosting packages that match GOPRIVATE (see 'go help
private'). Git and Mercurial are the systems that have been scrutinized
most as clients of untrusted servers; Bazaar, Fossil and Subversion have
mostly served trusted, authenticated settings.

These limits apply only when code comes directly from version control.
Downloads through a proxy use the proxy protocol, which is always
allowed. By default public packages come from the Go module mirror
(proxy.golang.org), version control being used only for private packages
or when the mirror refuses a public one (usually for legal reasons). So
public code hosted with Bazaar, Fossil or Subversion remains available by
default, the mirror running those commands in its own sandbox.

GOVCS changes which version control systems may be used for which
packages, named by module path in module mode and, in GOPATH mode, by the
import path of the repository root.

GOVCS is a comma-separated list of pattern:vcslist rules. The pattern is
a glob pattern matching one or more leading elements of the path. The
vcslist is a list of allowed commands separated by "|", or "all" for any
known one, or "off" for none. A module matching an "off" rule may still
be downloaded when its origin server uses the "mod" scheme, which makes
the go command use the GOPROXY protocol. The first matching rule
applies, whatever later rules say.

For instance, with

	GOVCS=github.com:git,evil.com:off,*:git|hg

paths starting with github.com/ may only use git, paths on evil.com no
version control at all, and every other path (* matches anything) git
or hg.

The patterns "public" and "private" match the paths that do not, and
that do, match GOPRIVATE.

When no rule matches, 'go get' applies its default, in GOVCS terms
'public:git|hg,private:all'.

Any version control for any package:

	GOVCS=*:all

No version control at all:

	GOVCS=*:off

'go env -w' (see 'go help env') sets GOVCS for later go commands.
`
