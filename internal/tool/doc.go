// Package tool builds the command lines of the toolchain programs the go
// command runs (compile, asm, pack, link), one file per program. Each
// builder is a plain value holding every input explicitly, so that a
// command line can be printed (go build -n/-x) and replayed by hand, and
// its Args method returns the words in exactly the order go uses.
package tool

import "path/filepath"

// Path returns the path of the toolchain program name in tooldir, with
// exe (".exe" on Windows hosts, else "") appended.
func Path(tooldir, name, exe string) string {
	return filepath.Join(tooldir, name) + exe
}

// ArchDefines returns the -D flags the assembler gets for the
// GOARCH-specific setting of goarch (GOAMD64=v3 gives "-D GOAMD64_v3";
// GOARM=7 gives GOARM_7, GOARM_6 and GOARM_5; ...). value is the
// effective value of that variable (GOAMD64, GOARM, ...); lse reports
// whether GOARM64 enables LSE atomics.
func ArchDefines(goarch, value string, lse bool) []string {
	var out []string
	def := func(s string) { out = append(out, "-D", s) }
	switch goarch {
	case "386":
		def("GO386_" + value)
	case "amd64":
		def("GOAMD64_" + value)
	case "mips", "mipsle":
		def("GOMIPS_" + value)
	case "mips64", "mips64le":
		def("GOMIPS64_" + value)
	case "ppc64", "ppc64le":
		switch value {
		case "power10":
			def("GOPPC64_power10")
			def("GOPPC64_power9")
		case "power9":
			def("GOPPC64_power9")
		}
		def("GOPPC64_power8")
	case "riscv64":
		def("GORISCV64_" + value)
	case "arm":
		if containsByte(value, '7') {
			def("GOARM_7")
		}
		if containsByte(value, '7') || containsByte(value, '6') {
			def("GOARM_6")
		}
		def("GOARM_5")
	case "arm64":
		if lse {
			def("GOARM64_LSE")
		}
	}
	return out
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
