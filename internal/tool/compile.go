package tool

import "strconv"

// Compile is one run of the Go compiler (cmd/compile) over the Go files
// of a package.
type Compile struct {
	Toolexec []string // -toolexec program and arguments, if any
	Tool     string   // path of the compile program

	Output   string // -o: the object or archive written
	Trimpath string // -trimpath rewrites ("dir=>new;objdir=>")
	PkgPath  string // -p: the import path the object is compiled as ("main" for commands)
	Lang     string // -lang value ("go1.22"), or "" to omit
	Std      bool   // -std: compiling a standard library package
	// Complete is -complete: the package has no non-Go sources, so
	// every function has a Go body.
	Complete      bool
	InstallSuffix string // -installsuffix
	BuildID       string // -buildid
	NoDWARF       bool   // -dwarf=false
	GoVersion     string // -goversion (the toolchain's runtime.Version)
	CoverageCfg   string // -coveragecfg=
	PGOProfile    string // -pgoprofile=
	Symabis       string // -symabis: ABI requirements from asm -gensymabis
	Concurrency   int    // -c=N when N > 1
	// Flags are the forced flags (build mode, instrumentation) and the
	// user's -gcflags for the package, in that order.
	Flags []string
	// LocalPrefix is the prefix of ./ imports (-D); when empty the
	// compiler gets -nolocalimports.
	LocalPrefix string
	Importcfg   string // -importcfg
	Embedcfg    string // -embedcfg
	Pack        bool   // -pack: write an archive rather than an object
	Asmhdr      string // -asmhdr: go_asm.h for the package's assembly
	Files       []string
}

// Args returns the command line, program first.
func (c *Compile) Args() []string {
	args := append([]string(nil), c.Toolexec...)
	args = append(args, c.Tool, "-o", c.Output, "-trimpath", c.Trimpath, "-p", c.PkgPath)
	if c.Lang != "" {
		args = append(args, "-lang="+c.Lang)
	}
	if c.Std {
		args = append(args, "-std")
	}
	if c.Complete {
		args = append(args, "-complete")
	}
	if c.InstallSuffix != "" {
		args = append(args, "-installsuffix", c.InstallSuffix)
	}
	if c.BuildID != "" {
		args = append(args, "-buildid", c.BuildID)
	}
	if c.NoDWARF {
		args = append(args, "-dwarf=false")
	}
	if c.GoVersion != "" {
		args = append(args, "-goversion", c.GoVersion)
	}
	if c.CoverageCfg != "" {
		args = append(args, "-coveragecfg="+c.CoverageCfg)
	}
	if c.PGOProfile != "" {
		args = append(args, "-pgoprofile="+c.PGOProfile)
	}
	if c.Symabis != "" {
		args = append(args, "-symabis", c.Symabis)
	}
	if c.Concurrency > 1 {
		args = append(args, "-c="+strconv.Itoa(c.Concurrency))
	}
	args = append(args, c.Flags...)
	if c.LocalPrefix == "" {
		args = append(args, "-nolocalimports")
	} else {
		args = append(args, "-D", c.LocalPrefix)
	}
	if c.Importcfg != "" {
		args = append(args, "-importcfg", c.Importcfg)
	}
	if c.Embedcfg != "" {
		args = append(args, "-embedcfg", c.Embedcfg)
	}
	if c.Pack {
		args = append(args, "-pack")
	}
	if c.Asmhdr != "" {
		args = append(args, "-asmhdr", c.Asmhdr)
	}
	return append(args, c.Files...)
}

// CompleteExceptions are standard packages whose Go code declares
// functions implemented in the runtime: they never get -complete.
var completeExceptions = map[string]bool{
	"bytes": true, "internal/poll": true, "net": true, "os": true,
	"runtime/metrics": true, "runtime/pprof": true, "runtime/trace": true,
	"sync": true, "syscall": true, "time": true,
}

// IsComplete reports whether a package compiled by itself gets -complete:
// it has no source files in other languages (extFiles counts cgo, C,
// C++, Objective-C, Fortran, assembly, syso and SWIG files) and is not
// one of the standard packages the runtime supplies bodies for.
func IsComplete(importPath string, standard bool, extFiles int) bool {
	if standard && completeExceptions[importPath] {
		return false
	}
	return extFiles == 0
}
