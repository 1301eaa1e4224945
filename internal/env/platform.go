package env

import "slices"

// port describes one GOOS/GOARCH pair the gc toolchain supports.
type port struct {
	goos, goarch string
	cgo          bool // cgo is supported on this port
}

// ports lists the GOOS/GOARCH pairs of the go1.26 toolchain ('go tool dist
// list'), with whether cgo is supported on each.
var ports = []port{
	{"aix", "ppc64", true},
	{"android", "386", true},
	{"android", "amd64", true},
	{"android", "arm", true},
	{"android", "arm64", true},
	{"darwin", "amd64", true},
	{"darwin", "arm64", true},
	{"dragonfly", "amd64", true},
	{"freebsd", "386", true},
	{"freebsd", "amd64", true},
	{"freebsd", "arm", true},
	{"freebsd", "arm64", true},
	{"freebsd", "riscv64", true},
	{"illumos", "amd64", true},
	{"ios", "amd64", true},
	{"ios", "arm64", true},
	{"js", "wasm", false},
	{"linux", "386", true},
	{"linux", "amd64", true},
	{"linux", "arm", true},
	{"linux", "arm64", true},
	{"linux", "loong64", true},
	{"linux", "mips", true},
	{"linux", "mips64", true},
	{"linux", "mips64le", true},
	{"linux", "mipsle", true},
	{"linux", "ppc64", false},
	{"linux", "ppc64le", true},
	{"linux", "riscv64", true},
	{"linux", "s390x", true},
	{"linux", "sparc64", true},
	{"netbsd", "386", true},
	{"netbsd", "amd64", true},
	{"netbsd", "arm", true},
	{"netbsd", "arm64", true},
	{"openbsd", "386", true},
	{"openbsd", "amd64", true},
	{"openbsd", "arm", true},
	{"openbsd", "arm64", true},
	{"openbsd", "mips64", true},
	{"openbsd", "ppc64", false},
	{"openbsd", "riscv64", true},
	{"plan9", "386", false},
	{"plan9", "amd64", false},
	{"plan9", "arm", false},
	{"solaris", "amd64", true},
	{"wasip1", "wasm", false},
	{"windows", "386", true},
	{"windows", "amd64", true},
	{"windows", "arm64", true},
}

func findPort(goos, goarch string) (port, bool) {
	i := slices.IndexFunc(ports, func(p port) bool { return p.goos == goos && p.goarch == goarch })
	if i < 0 {
		return port{}, false
	}
	return ports[i], true
}

// KnownPort reports whether the toolchain supports goos/goarch.
func KnownPort(goos, goarch string) bool {
	_, ok := findPort(goos, goarch)
	return ok
}

// CgoSupported reports whether cgo can be used on goos/goarch.
func CgoSupported(goos, goarch string) bool {
	p, _ := findPort(goos, goarch)
	return p.cgo
}

// CheckPort returns the error go gives for a GOOS/GOARCH pair it cannot
// build for.
func CheckPort(goos, goarch string) error {
	if !KnownPort(goos, goarch) {
		return &portError{goos, goarch}
	}
	return nil
}

type portError struct{ goos, goarch string }

func (e *portError) Error() string {
	return "unsupported GOOS/GOARCH pair " + e.goos + "/" + e.goarch
}

// DefaultCC returns the C compiler used when $CC is not set.
func DefaultCC(goos, goarch string) string {
	switch goos {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang"
	}
	return "gcc"
}

// DefaultCXX returns the C++ compiler used when $CXX is not set.
func DefaultCXX(goos, goarch string) string {
	switch goos {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang++"
	}
	return "g++"
}

// Defaults of the toolchain's build configuration (as cmd/dist records
// them for a standard build).
const (
	DefaultGO386        = "sse2"
	DefaultGOAMD64      = "v1"
	DefaultGOARM        = "7"
	DefaultGOARM64      = "v8.0"
	DefaultGOMIPS       = "hardfloat"
	DefaultGOMIPS64     = "hardfloat"
	DefaultGOPPC64      = "power8"
	DefaultGORISCV64    = "rva20u64"
	DefaultGOFIPS140    = "off"
	DefaultGOEXPERIMENT = ""
	DefaultPkgConfig    = "pkg-config"
	DefaultCFlags       = "-O2 -g"
	defaultGOAUTH       = "netrc"
	defaultGCCGO        = "gccgo"
	defaultAR           = "ar"
)

// ArchVarName returns the name of the GOARCH-specific variable for goarch
// (GOAMD64 for amd64...), or "" if goarch has none.
func ArchVarName(goarch string) string {
	switch goarch {
	case "arm":
		return "GOARM"
	case "arm64":
		return "GOARM64"
	case "386":
		return "GO386"
	case "amd64":
		return "GOAMD64"
	case "mips", "mipsle":
		return "GOMIPS"
	case "mips64", "mips64le":
		return "GOMIPS64"
	case "ppc64", "ppc64le":
		return "GOPPC64"
	case "riscv64":
		return "GORISCV64"
	case "wasm":
		return "GOWASM"
	}
	return ""
}

// archVarDefault returns the default of a GOARCH-specific variable.
func archVarDefault(name string) string {
	switch name {
	case "GOARM":
		return DefaultGOARM
	case "GOARM64":
		return DefaultGOARM64
	case "GO386":
		return DefaultGO386
	case "GOAMD64":
		return DefaultGOAMD64
	case "GOMIPS":
		return DefaultGOMIPS
	case "GOMIPS64":
		return DefaultGOMIPS64
	case "GOPPC64":
		return DefaultGOPPC64
	case "GORISCV64":
		return DefaultGORISCV64
	}
	return ""
}

// Port describes a GOOS/GOARCH pair as 'go tool dist list -json' does.
type Port struct {
	GOOS, GOARCH string
	CgoSupported bool
	FirstClass   bool // a first-class port: breakage blocks releases
	Broken       bool // a port known not to work
}

// Ports returns every port of the toolchain, sorted by GOOS/GOARCH.
func Ports() []Port {
	out := make([]Port, 0, len(ports))
	for _, p := range ports {
		out = append(out, Port{
			GOOS:         p.goos,
			GOARCH:       p.goarch,
			CgoSupported: p.cgo,
			FirstClass:   firstClassPort(p.goos, p.goarch),
			Broken:       brokenPort(p.goos, p.goarch),
		})
	}
	return out
}

func firstClassPort(goos, goarch string) bool {
	switch goos + "/" + goarch {
	case "darwin/amd64", "darwin/arm64", "linux/386", "linux/amd64", "linux/arm",
		"linux/arm64", "windows/386", "windows/amd64":
		return true
	}
	return false
}

func brokenPort(goos, goarch string) bool {
	switch goos + "/" + goarch {
	case "freebsd/riscv64", "linux/sparc64", "openbsd/mips64":
		return true
	}
	return false
}
