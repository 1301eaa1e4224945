package list

// longHelp is the text of 'go help list'.
const longHelp = `
List prints the packages named on the command line, one import path per
line, or, with -m, the modules. Its flags choose what is printed for each
package and how.

Without -f or -json, list prints each package's import path; this is the
same as -f '{{.ImportPath}}'.

The -f flag gives a text/template (see package text/template) that is
executed once per package, each execution followed by a newline unless it
printed nothing or already ended in one. The template's dot is a Package:

    type Package struct {
        Dir            string   // absolute directory of the sources
        ImportPath     string   // import path (vendor-expanded, see below)
        ImportComment  string   // path from an import comment on the package clause
        Name           string   // package name
        Doc            string   // package doc comment, first sentence
        Target         string   // where 'go install' would write it
        Shlib          string   // shared library holding it (-linkshared only)
        Goroot         bool     // found in GOROOT
        Standard       bool     // part of the standard library
        Stale          bool     // 'go install' would have work to do
        StaleReason    string   // why Stale is true
        Root           string   // GOROOT or GOPATH entry holding it
        ConflictDir    string   // GOPATH directory this one shadows
        BinaryOnly     bool     // binary-only package (unsupported now)
        ForTest        string   // set on a copy of a package built for a test
        Export         string   // export data file (-export)
        BuildID        string   // build ID of the compiled package (-export)
        Module         *Module  // module holding the package, or nil
        Match          []string // command-line patterns that matched it
        DepOnly        bool     // listed only as a dependency
        DefaultGODEBUG string   // default GODEBUG of a main package

        // Files, relative to Dir unless noted
        GoFiles           []string // plain .go files
        CgoFiles          []string // .go files importing "C"
        CompiledGoFiles   []string // what the compiler sees (-compiled)
        IgnoredGoFiles    []string // .go files excluded by build constraints
        IgnoredOtherFiles []string // other files excluded by build constraints
        CFiles            []string // C sources
        CXXFiles          []string // C++ sources (.cc, .cxx, .cpp)
        MFiles            []string // Objective-C sources
        HFiles            []string // headers (.h, .hh, .hpp, .hxx)
        FFiles            []string // Fortran sources
        SFiles            []string // assembly sources
        SwigFiles         []string // .swig files
        SwigCXXFiles      []string // .swigcxx files
        SysoFiles         []string // .syso objects added to the archive
        TestGoFiles       []string // _test.go files of the package itself
        XTestGoFiles      []string // _test.go files of package name_test

        // Embedding
        EmbedPatterns      []string // //go:embed patterns
        EmbedFiles         []string // the files they match
        TestEmbedPatterns  []string // patterns in TestGoFiles
        TestEmbedFiles     []string // their files
        XTestEmbedPatterns []string // patterns in XTestGoFiles
        XTestEmbedFiles    []string // their files

        // cgo directives
        CgoCFLAGS    []string
        CgoCPPFLAGS  []string
        CgoCXXFLAGS  []string
        CgoFFLAGS    []string
        CgoLDFLAGS   []string
        CgoPkgConfig []string

        // Dependencies
        Imports      []string          // imported packages
        ImportMap    map[string]string // import as written -> ImportPath, when they differ
        Deps         []string          // every package imported, directly or not
        TestImports  []string          // imports of TestGoFiles
        XTestImports []string          // imports of XTestGoFiles

        // Errors
        Incomplete bool            // the package or a dependency has an error
        Error      *PackageError   // the package's own error
        DepsErrors []*PackageError // errors of its dependencies
    }

A package found in a vendor directory has that directory in its
ImportPath ("d/vendor/p"), so that every copy is named differently; the
Imports, Deps, TestImports and XTestImports lists use these names too.

    type PackageError struct {
        ImportStack []string // from a command-line package down to this one
        Pos         string   // file:line:col, if known
        Err         string   // what went wrong
    }

Besides the usual template functions, templates may call
"join" (strings.Join), "module" (see below) and "context", which returns
the build configuration:

    type Context struct {
        GOARCH        string
        GOOS          string
        GOROOT        string
        GOPATH        string
        CgoEnabled    bool
        UseAllFiles   bool
        Compiler      string
        BuildTags     []string
        ToolTags      []string
        ReleaseTags   []string
        InstallSuffix string
    }

These mean what the fields of the same names in go/build's Context mean.

The -json flag prints each package as an indented JSON object instead.
Given a comma-separated list of field names (-json=ImportPath,Deps), it
prints only those fields and may skip the work of computing the others.

The -compiled flag fills in CompiledGoFiles: GoFiles plus the Go code that
cgo and SWIG generate. Imports then covers both sets of files.

The -deps flag lists the dependencies of the named packages as well, each
once, in depth-first post-order (every package after its dependencies).
Packages that were not named have DepOnly set.

The -e flag keeps erroneous packages (not found, malformed) in the
output, with their Error field set, instead of reporting them on standard
error and leaving them out.

The -export flag sets Export to a file of up-to-date export data for the
package and BuildID to its build ID; this compiles the packages.

The -find flag only locates the named packages: imports are not resolved,
so Imports and Deps stay empty. It cannot be combined with -deps, -test or
-export.

The -test flag adds, for each package with tests, its test binary
("p.test") and the packages rebuilt for it: a package compiled with its
test files, or recompiled because a test file depends on it, is shown as
"p [q.test]" with ForTest set to q.

Dir, Target, Shlib, Root, ConflictDir and Export are absolute paths. The
file lists hold names relative to Dir, except generated files (from
-compiled and -test), which are absolute paths into the build cache and
need not end in ".go".

The -m flag lists modules instead of packages. The template's dot is
then a Module:

    type Module struct {
        Path       string       // module path
        Query      string       // the query that selected Version
        Version    string       // module version
        Versions   []string     // known versions (-versions)
        Replace    *Module      // replacement, if any
        Time       *time.Time   // when Version was published
        Update     *Module      // newer version (-u)
        Main       bool         // a main module
        Indirect   bool         // needed only indirectly by the main module
        Dir        string       // where its files are, if available
        GoMod      string       // the go.mod file describing it
        GoVersion  string       // its go version
        Retracted  []string     // why Version is retracted (-retracted, -u)
        Deprecated string       // deprecation notice (-u)
        Error      *ModuleError // error loading it
        Sum        string       // go.sum checksum of the module
        GoModSum   string       // go.sum checksum of its go.mod
        Origin     any          // where it came from
        Reuse      bool         // information reused from -reuse
    }

    type ModuleError struct {
        Err string
    }

GoMod may lie outside Dir (module cache, -modfile). When Replace is set,
Dir is the replacement's directory.

The default -m output is the module path, its version, and any
replacement, which is what the Module's String method prints:

    example.com/main
    golang.org/x/text v0.3.0 => /tmp/text
    rsc.io/pdf v0.1.1

-u looks for upgrades: a newer version is shown in brackets after the
current one and recorded in Update, and retracted or deprecated versions
are marked. -versions lists every known version of each module, oldest
first, and makes the default output the path followed by those versions.
-retracted reports retractions (Retracted holds the reasons from the
retract directives); with -versions it also lists retracted versions. It
works with and without -m.

With -m, arguments name modules: no argument means the main module, a
module path names an active module (the main module or a dependency),
"all" names every active module (main module first, then the others by
path), a pattern with "..." names the matching active modules, and
path@version is a module query, not limited to active modules (see
'go help modules').

The template function "module" takes a module path or query and returns
its Module, with Error set if it cannot be found.

-reuse=old.json names the output of an earlier 'go list -m -json' run
with the same -u, -retracted and -versions flags. Modules found unchanged
since then are not downloaded again and have Reuse set. It only matters
with path@version arguments and only outside a module.

See 'go help build' for the build flags, 'go help packages' for package
patterns, and https://golang.org/ref/mod for modules.
	`
