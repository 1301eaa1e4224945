package tool

import (
	"strconv"
	"strings"
)

// Cgo is one run of the cgo tool over the cgo files of a package: it
// writes _cgo_gotypes.go, one NAME.cgo1.go and NAME.cgo2.c per file,
// _cgo_export.c and _cgo_export.h, and _cgo_main.c to the object
// directory.
type Cgo struct {
	Toolexec []string
	Tool     string

	Objdir     string // -objdir, ending in a separator
	ImportPath string // -importpath
	// Flags are the package-specific options: -import_runtime_cgo=false,
	// -import_syscall=false, -exportheader=..., -trimpath ...
	Flags []string
	// LDFlags are recorded in the generated code (//go:cgo_ldflag) and
	// passed as one -ldflags option, each flag quoted.
	LDFlags []string
	// CFlags follow "--": the preprocessor flags (ending with -I objdir)
	// and the C flags.
	CFlags []string
	Files  []string // the cgo files, absolute
}

// Args returns the command line, program first.
func (c *Cgo) Args() []string {
	args := append([]string(nil), c.Toolexec...)
	args = append(args, c.Tool, "-objdir", c.Objdir, "-importpath", c.ImportPath)
	args = append(args, c.Flags...)
	if len(c.LDFlags) > 0 {
		args = append(args, LDFlagsOption(c.LDFlags))
	}
	args = append(args, "--")
	args = append(args, c.CFlags...)
	return append(args, c.Files...)
}

// LDFlagsOption returns the -ldflags option of the cgo tool for flags:
// each flag in Go quotes, separated by spaces.
func LDFlagsOption(flags []string) string {
	q := make([]string, len(flags))
	for i, f := range flags {
		q[i] = strconv.Quote(f)
	}
	return "-ldflags=" + strings.Join(q, " ")
}

// CgoDynimport is the run of the cgo tool that reads the dynamic imports
// of a test link of a package's C objects (_cgo_.o) and writes them as
// //go:cgo_import_dynamic directives to a Go file (_cgo_import.go).
type CgoDynimport struct {
	Toolexec []string
	Tool     string

	Package string // -dynpackage: the package name
	Object  string // -dynimport
	Output  string // -dynout
	// Dynlinker (runtime/cgo) also records the dynamic linker's path.
	Dynlinker bool
}

// Args returns the command line, program first.
func (c *CgoDynimport) Args() []string {
	args := append([]string(nil), c.Toolexec...)
	args = append(args, c.Tool, "-dynpackage", c.Package, "-dynimport", c.Object, "-dynout", c.Output)
	if c.Dynlinker {
		args = append(args, "-dynlinker")
	}
	return args
}

// CgoOutputs returns the files the cgo tool writes to objdir for the
// given cgo files: the Go files (_cgo_gotypes.go, then NAME.cgo1.go per
// file) and the C files (_cgo_export.c, then NAME.cgo2.c per file).
func CgoOutputs(objdir string, cgofiles []string) (gofiles, cfiles []string) {
	gofiles = []string{objdir + "_cgo_gotypes.go"}
	cfiles = []string{objdir + "_cgo_export.c"}
	for _, f := range cgofiles {
		base := f[strings.LastIndexAny(f, `/\`)+1:]
		base = strings.TrimSuffix(base, ".go")
		gofiles = append(gofiles, objdir+base+".cgo1.go")
		cfiles = append(cfiles, objdir+base+".cgo2.c")
	}
	return gofiles, cfiles
}
