package tool

import "strings"

// Link is one run of the linker (cmd/link) for a main package.
type Link struct {
	Toolexec []string
	Tool     string

	Output        string // -o
	Importcfg     string // -importcfg
	InstallSuffix string // -installsuffix
	OmitDebug     bool   // -s -w (go run, go test)
	PluginPath    string // -pluginpath
	FIPSObject    string // -fipso
	// ToolBuildID, for commands in GOROOT/src/cmd, is stored in the
	// binary as cmd/internal/objabi.buildID.
	ToolBuildID    string
	GodebugDefault string // -X=runtime.godebugDefault=
	Buildmode      string // -buildmode= (as the linker spells it: exe, pie...)
	BuildID        string // -buildid=
	// Flags are the forced and the user's -ldflags, in that order.
	Flags []string
	// Extld is the C compiler command line used as external linker; it is
	// passed as -extld= unless Flags already set -extld.
	Extld   string
	MainPkg string // the main package's archive
}

// Args returns the command line, program first.
func (l *Link) Args() []string {
	args := append([]string(nil), l.Toolexec...)
	args = append(args, l.Tool, "-o", l.Output, "-importcfg", l.Importcfg)
	if l.InstallSuffix != "" {
		args = append(args, "-installsuffix", l.InstallSuffix)
	}
	if l.OmitDebug {
		args = append(args, "-s", "-w")
	}
	if l.PluginPath != "" {
		args = append(args, "-pluginpath", l.PluginPath)
	}
	if l.FIPSObject != "" {
		args = append(args, "-fipso", l.FIPSObject)
	}
	if l.ToolBuildID != "" {
		args = append(args, "-X=cmd/internal/objabi.buildID="+l.ToolBuildID)
	}
	if l.GodebugDefault != "" {
		args = append(args, "-X=runtime.godebugDefault="+l.GodebugDefault)
	}
	args = append(args, "-buildmode="+l.Buildmode)
	if l.BuildID != "" {
		args = append(args, "-buildid="+l.BuildID)
	}
	args = append(args, l.Flags...)
	if l.Extld != "" && !HasExtld(l.Flags) {
		args = append(args, "-extld="+l.Extld)
	}
	return append(args, l.MainPkg)
}

// HasExtld reports whether linker flags already choose the external
// linker.
func HasExtld(flags []string) bool {
	for _, f := range flags {
		if f == "-extld" || strings.HasPrefix(f, "-extld=") {
			return true
		}
	}
	return false
}
