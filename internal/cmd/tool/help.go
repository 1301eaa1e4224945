package tool

const helpTool = `
Tool runs the go tool named by its first argument with the remaining
arguments. The tools are those shipped with Go and those declared by
tool lines in the go.mod of the current module. Without arguments, tool
lists the tools it knows.

	-n
		print the command that would run, without running it.
	-modfile=file.mod
		use file.mod instead of the go.mod of the module root.

Tool also takes the -C, -overlay and -modcacherw build flags; see
'go help build'. Each tool shipped with Go is documented by
'go doc cmd/<command>'.
`
