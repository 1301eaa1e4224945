package modcmd

const helpEdit = `
Edit changes go.mod from the command line, for tools and scripts. It
reads go.mod alone and never looks up anything about the modules it
mentions. It works on the main module's go.mod unless another file is
named after the flags.

The editing flags describe changes, made in order:

	-fmt
		reformat go.mod and change nothing else. Every other change
		reformats the file anyway, so -fmt is only needed alone.
	-module=path
		change the module path (the module line).
	-godebug=key=value
		add a godebug line, replacing those with the same key.
	-dropgodebug=key
		remove the godebug lines with this key.
	-require=path@version, -droprequire=path
		add or remove a requirement. -require replaces any requirement
		on path. These are for tools that understand the module graph;
		people should use 'go get path@version' or 'go get path@none',
		which also adjust other requirements as constraints demand.
	-go=version
		set the Go language version (the go line). For tools that
		understand Go versions; people should use 'go get go@version'.
	-toolchain=version
		set the toolchain line. For tools again; people should use
		'go get toolchain@version'.
	-exclude=path@version, -dropexclude=path@version
		add or remove an exclusion (adding an existing one does
		nothing).
	-replace=old[@v]=new[@v]
		add a replacement. Without @v on the left, it applies to every
		version of old; without @v on the right, new is a directory
		holding a module, not a module path. -replace supersedes the
		replacements of old[@v] it makes redundant: without @v, those of
		specific versions of old are dropped.
	-dropreplace=old[@v]
		remove a replacement (without @v, the one for all versions).
	-retract=version, -dropretract=version
		add or remove a retraction, of one version ("v1.2.3") or of a
		closed interval ("[v1.1.0,v1.1.9]"). Adding an existing one does
		nothing.
	-tool=path, -droptool=path
		add or remove a tool line.
	-ignore=path, -dropignore=path
		add or remove an ignore line.

All the flags from -godebug to -dropignore may be repeated.

Instead of writing go.mod back, -print prints the result in go.mod
syntax, and -json prints it as JSON in this shape:

	type GoMod struct {
		Module    ModPath
		Go        string
		Toolchain string
		Godebug   []Godebug
		Require   []Require
		Exclude   []Module
		Replace   []Replace
		Retract   []Retract
		Tool      []Tool
		Ignore    []Ignore
	}

	type Module struct {
		Path    string
		Version string
	}

	type ModPath struct {
		Path       string
		Deprecated string
	}

	type Godebug struct {
		Key   string
		Value string
	}

	type Require struct {
		Path     string
		Version  string
		Indirect bool
	}

	type Replace struct {
		Old Module
		New Module
	}

	type Retract struct {
		Low       string
		High      string
		Rationale string
	}

	type Tool struct {
		Path string
	}

	type Ignore struct {
		Path string
	}

A retraction of a single version has equal Low and High.

This is the content of that one file, not of the modules it refers to;
'go list -m -json all' lists every module a build can use.

Edit also takes the -C, -n and -x build flags.

More about 'go mod edit': https://golang.org/ref/mod#go-mod-edit.
`
