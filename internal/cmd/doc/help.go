package doc

const helpDoc = `
Doc shows the documentation comment of a package, const, func, type,
var, method or struct field, followed by one-line summaries of what lies
directly under it (the declarations of a package, the methods of a
type, and so on).

It takes zero, one or two arguments. With none,

	go doc

documents the package in the current directory. For a command (package
main) the exported symbols are left out unless -cmd is given.

A single argument is read much like Go syntax and names one of these:

	go doc <pkg>
	go doc <sym>[.<methodOrField>]
	go doc [<pkg>.]<sym>[.<methodOrField>]
	go doc [<pkg>.][<sym>.]<methodOrField>

The first form of this list that matches something wins; but an argument
starting with an upper-case letter always means a symbol or method of
the package in the current directory.

Packages are searched breadth-first and in lexical order, all of GOROOT
before GOPATH, so the match nearest the root, and lexically first at its
depth, is shown. When no package is named or matches, the package in the
current directory is used: "go doc Foo" documents Foo there.

A package is named by its full import path or by a suffix of it made of
whole path elements; patterns such as . and ... do not work here.

With two arguments, the first is a package (full path or suffix) and the
second a symbol, possibly followed by a method or field:

	go doc <pkg> <sym>[.<methodOrField>]

In symbols, lower-case letters of the argument match either case, while
upper-case letters only match themselves. When a lower-case argument
matches several symbols, all of them are shown.

Examples:
	go doc
		The package in the current directory.
	go doc -http
		Serve the current package's documentation as HTML.
	go doc Foo
		Foo in the current package (upper case: not a package path).
	go doc encoding/json
		The encoding/json package.
	go doc json
		The same, by suffix.
	go doc json.Number (or go doc json.number)
		json.Number and a summary of its methods.
	go doc json.Number.Int64 (or go doc json.number.int64)
		The Int64 method of json.Number.
	go doc cmd/doc
		The package documentation of the doc command.
	go doc -cmd cmd/doc
		The same, with the command's exported symbols.
	go doc template.new
		New in html/template, which sorts before text/template.
	go doc text/template.new # one argument
		New in text/template.
	go doc text/template new # two arguments
		The same.

	Each of these shows the Decode method of json.Decoder:

	go doc json.Decoder.Decode
	go doc json.decoder.decode
	go doc json.decode
	cd go/src/encoding/json; go doc decode

Flags:
	-all
		document everything the package exports.
	-c
		match symbols case-sensitively (paths are never affected).
	-cmd
		document a command (package main) like any other package,
		exported symbols included.
	-http
		start a documentation web server and open it in a browser.
	-short
		one line for each symbol.
	-src
		show the full source of the symbol: its body, every field and
		method of a type, and so on.
	-u
		include unexported symbols, methods and fields.
`
