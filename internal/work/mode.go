package work

import (
	"fmt"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/load"
)

// buildMode is what -buildmode and the instrumentation flags imply for
// the toolchain programs.
type buildMode struct {
	name          string   // -buildmode as given ("default", "exe", "pie"...)
	ld            string   // the linker's -buildmode
	gcflags       []string // forced compiler flags
	asmflags      []string // forced assembler flags
	ldflags       []string // forced linker flags
	installSuffix string
	exeSuffix     string
}

func newBuildMode(e *env.Env, f *base.BuildFlags) (buildMode, error) {
	goos, goarch := e.GOOS(), e.GOARCH()
	m := buildMode{name: f.Buildmode, installSuffix: f.InstallSuffix, exeSuffix: e.GOEXE()}
	if m.name == "" {
		m.name = "default"
	}
	var instr string
	switch {
	case f.Race && f.MSan:
		return m, fmt.Errorf("go: may not use -race and -msan simultaneously")
	case f.Race && f.ASan:
		return m, fmt.Errorf("go: may not use -race and -asan simultaneously")
	case f.MSan && f.ASan:
		return m, fmt.Errorf("go: may not use -msan and -asan simultaneously")
	case f.Race:
		instr = "race"
	case f.MSan:
		instr = "msan"
	case f.ASan:
		instr = "asan"
	}
	if instr != "" {
		m.gcflags = append(m.gcflags, "-"+instr)
		m.ldflags = append(m.ldflags, "-"+instr)
		if m.installSuffix != "" {
			m.installSuffix += "_"
		}
		m.installSuffix += instr
	}
	var codegen string
	switch m.name {
	case "archive":
		m.ld = ""
	case "c-archive":
		switch goos {
		case "darwin", "ios":
			if goarch == "arm64" {
				codegen = "-shared"
			}
		case "dragonfly", "freebsd", "illumos", "linux", "netbsd", "openbsd", "solaris":
			codegen = "-shared"
		}
		m.exeSuffix = ".a"
		m.ld = "c-archive"
	case "c-shared":
		switch goos {
		case "linux", "android", "freebsd":
			codegen = "-shared"
		case "windows":
			m.exeSuffix = ""
		}
		m.ld = "c-shared"
	case "default":
		m.ld = "exe"
		if load.DefaultPIE(goos, goarch, f.Race) {
			m.ld = "pie"
			if goos != "windows" {
				codegen = "-shared"
			}
		}
	case "exe":
		m.ld = "exe"
	case "pie":
		if goos != "aix" && goos != "windows" {
			codegen = "-shared"
		}
		m.ld = "pie"
	case "shared":
		codegen = "-dynlink"
		m.ld = "shared"
	case "plugin":
		codegen = "-dynlink"
		m.exeSuffix = ".so"
		m.ld = "plugin"
	default:
		return m, fmt.Errorf("buildmode=%s not supported", m.name)
	}
	if f.Linkshared {
		m.asmflags = append(m.asmflags, "-D=GOBUILDMODE_shared=1", "-linkshared")
		codegen = "-dynlink"
		m.gcflags = append(m.gcflags, "-linkshared")
		m.ldflags = append(m.ldflags, "-linkshared", "-w")
	}
	if codegen != "" {
		m.asmflags = append([]string{codegen}, m.asmflags...)
		m.gcflags = append([]string{codegen}, m.gcflags...)
		if m.name != "default" || f.Linkshared {
			if m.installSuffix != "" {
				m.installSuffix += "_"
			}
			m.installSuffix += codegen[1:]
		}
	}
	return m, nil
}
