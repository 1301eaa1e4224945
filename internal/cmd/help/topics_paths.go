package help

const helpImportPath = `
An import path (see 'go help packages') names a package stored in the
local file system: a standard library package (such as "unicode/utf8")
or a package of one of the work spaces (see 'go help gopath').

Relative import paths

Import paths starting with ./ or ../ are relative, and are accepted in
two places.

On the command line, as a shorthand: in the directory of "unicode",
"go test ./utf8" tests "unicode/utf8", and from "unicode/utf8",
"go test .." tests "unicode". Relative patterns such as "go test ./..."
work too; 'go help packages' describes patterns.

In import statements of a program outside any work space, to refer to
code nearby, also outside work spaces. This helps to try out small
programs made of several packages, but such programs cannot be
installed with "go install" (there is nowhere to install them) and are
rebuilt from scratch every time. Inside a work space, relative import
paths are not allowed, to avoid ambiguity.

Remote import paths

Some import paths also tell where to fetch the package's source code
with a version control system.

Some hosting sites have paths of their own:

	Bitbucket (Git, Mercurial)

		import "bitbucket.org/user/project"
		import "bitbucket.org/user/project/sub/directory"

	GitHub (Git)

		import "github.com/user/project"
		import "github.com/user/project/sub/directory"

	Launchpad (Bazaar)

		import "launchpad.net/project"
		import "launchpad.net/project/series"
		import "launchpad.net/project/series/sub/directory"

		import "launchpad.net/~user/project/branch"
		import "launchpad.net/~user/project/branch/sub/directory"

	IBM DevOps Services (Git)

		import "hub.jazz.net/git/user/project"
		import "hub.jazz.net/git/user/project/sub/directory"

For other servers, the import path either names the version control
system itself, or the go command fetches the path over https/http and
reads where the code lives from a <meta> tag of the HTML page.

A path of the form

	repository.vcs/path

names the repository (with or without the .vcs suffix), its version
control system, and a path within it. The systems are:

	Bazaar      .bzr
	Fossil      .fossil
	Git         .git
	Mercurial   .hg
	Subversion  .svn

So

	import "example.org/user/foo.hg"

is the root of the Mercurial repository at example.org/user/foo, and

	import "example.org/repo.git/foo/bar"

the foo/bar directory of the Git repository at example.org/repo.

When a system supports several protocols, downloads try them in turn:
Git tries https:// and then git+ssh://.

Only protocols known to be secure (https, ssh, ...) are used by default.
For Git, GIT_ALLOW_PROTOCOL changes that (see 'go help environment').

For a path that is neither on a known hosting site nor qualified by a
version control suffix, the go command fetches the path over https/http
and looks for a <meta> tag in the <head> of the HTML:

	<meta name="go-import" content="import-prefix vcs repo-root">

Since Go 1.25, a subdirectory may follow:

	<meta name="go-import" content="import-prefix vcs repo-root subdir">

import-prefix is the import path of the repository root. It must equal
the path being fetched by "go get" or be a prefix of it; in the latter
case the go command fetches the prefix too, to check that it serves the
same tag.

Put the tag as early in the page as possible, before any raw JavaScript
or CSS, which could confuse the go command's simple parser.

vcs is "bzr", "fossil", "git", "hg" or "svn".

repo-root is the root of the repository: a URL with a scheme and
without a .vcs suffix.

subdir is the directory of the repository holding the module root (its
go.mod file), for repositories keeping the module in a subdirectory.
Version tags must then start with it, as in "subdir/v1.2.3".

For example,

	import "example.org/pkg/foo"

makes the go command request

	https://example.org/pkg/foo?go-get=1 (preferred)
	http://example.org/pkg/foo?go-get=1  (fallback, only with use of correctly set GOINSECURE)

If that page holds

	<meta name="go-import" content="example.org git https://code.org/r/p/exproj">

the go command checks that https://example.org/?go-get=1 holds the same
tag, then downloads from the Git repository https://code.org/r/p/exproj.
If it holds

	<meta name="go-import" content="example.org git https://code.org/r/p/exproj foo/subdir">

the module is taken, after the same check, from the "foo/subdir"
directory of that repository.

Downloaded code goes to the module cache; see
https://golang.org/ref/mod#module-cache.

In module mode, the go command also understands, and prefers, a tag
whose vcs is "mod":

	<meta name="go-import" content="example.org mod https://code.org/moduleproxy">

which says that modules whose paths start with example.org are served
by the module proxy at https://code.org/moduleproxy (see
https://golang.org/ref/mod#goproxy-protocol).

Import path checking

When a custom import path leads to a known hosting site, each package
has two import paths: the custom one and the one on the hosting site.

A package clause has an "import comment" when a comment of one of
these forms follows it on the same line:

	package math // import "path"
	package math /* import "path" */

The go command refuses to install such a package under another import
path, which lets authors make sure their custom path is used rather than
the hosting site's.

The check is off for code in vendor trees, so that code can be copied
there without editing import comments, and off in module mode, where the
module line of go.mod plays this role.

See https://golang.org/s/go14customimport for details.
`

const helpPackages = `
Many commands act on a list of packages:

	go <action> [packages]

The list is usually made of import paths.

An import path that is rooted, or starts with a . or .. element, is a
file system path: it names the package in that directory.

Any other import path P names the package in DIR/src/P for some
directory DIR of GOPATH (see 'go help gopath'), or, in module mode, the
package of that path provided by the build's modules.

Without import paths, the command acts on the package in the current
directory.

Five names are reserved and cannot be the paths of packages built with
the go command:

- "main" is the top-level package of an executable.

- "all" means every package of the main module (or of the workspace's
modules) and their dependencies, test dependencies included. In GOPATH
mode it means every package of every GOPATH tree.

- "std" means every package of the standard library.

- "cmd" means the commands of the Go repository and their internal
packages.

- "tool" means the tools declared in the current module's go.mod.

Names match whole import paths, or patterns matching several: "fmt" is
the standard package fmt, but "http" does not name "net/http"; use the
full path "net/http".

Paths starting with "cmd/" only match code of the Go repository.

An import path containing "..." wildcards is a pattern. Each wildcard
matches any string, empty or holding slashes, and the pattern stands
for every package directory of the GOPATH trees, or of the build's
modules, whose path matches.

Two special cases make patterns handier. A trailing /... may match the
empty string, so net/... matches net as well as net/http and the rest
below it. And a pattern element holding a wildcard never matches the
"vendor" element of a vendored package's path: ./... does not match the
packages below ./vendor or ./mycode/vendor, but ./vendor/... and
./mycode/vendor/... do. A directory named vendor that holds code itself
is no vendored package, though: cmd/vendor would be a command named
vendor, matched by cmd/.... golang.org/s/go15vendor tells more about
vendoring.

An import path may also name a package to download from a remote
repository; see 'go help importpath'.

The packages of a program need distinct import paths. The convention is
to start paths with a prefix you own: paths used inside Google start
with 'google', and paths of remote repositories start with the location
of the code, as in 'github.com/user/repo'. Patterns should include that
prefix: a package 'http' below 'github.com/user/repo' is named
'github.com/user/repo/http'.

Package names, unlike import paths, need not be unique, but two are
special. main marks a command, built into an executable and never
imported. documentation marks documentation for a program not written
in Go; the go command ignores files of package documentation.

A list of .go files from a single directory is a special case: the
command acts on one package made of exactly those files, whatever their
build constraints say and whatever else the directory holds.

The go command ignores directories and files whose names start with "."
or "_", and directories named "testdata".
`
