package tool

// Asm is one run of the assembler (cmd/asm): either over all of a
// package's .s files with -gensymabis, or over one file to produce its
// object.
type Asm struct {
	Toolexec []string
	Tool     string

	PkgPath  string // -p
	Trimpath string // -trimpath
	Objdir   string // first -I: the object directory holding go_asm.h
	Include  string // second -I: GOROOT/pkg/include
	GOOS     string
	GOARCH   string
	// Flags are the forced and the user's -asmflags, in that order.
	Flags []string
	// Defines are extra -D arguments (GOAMD64_v1..., see ArchDefines),
	// already in "-D", "NAME" pairs or "-D=NAME=1" form.
	Defines []string

	Gensymabis bool   // -gensymabis
	Output     string // -o
	Files      []string
}

// Args returns the command line, program first.
func (a *Asm) Args() []string {
	args := append([]string(nil), a.Toolexec...)
	args = append(args, a.Tool, "-p", a.PkgPath, "-trimpath", a.Trimpath,
		"-I", a.Objdir, "-I", a.Include, "-D", "GOOS_"+a.GOOS, "-D", "GOARCH_"+a.GOARCH)
	args = append(args, a.Flags...)
	args = append(args, a.Defines...)
	if a.Gensymabis {
		args = append(args, "-gensymabis")
	}
	args = append(args, "-o", a.Output)
	return append(args, a.Files...)
}
