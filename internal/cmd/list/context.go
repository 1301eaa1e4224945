package list

import (
	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/load"
)

// Context is what the template function "context" returns: the build
// configuration, with the field names of go/build's Context.
type Context struct {
	GOARCH        string   `json:",omitempty"`
	GOOS          string   `json:",omitempty"`
	GOROOT        string   `json:",omitempty"`
	GOPATH        string   `json:",omitempty"`
	CgoEnabled    bool     `json:",omitempty"`
	UseAllFiles   bool     `json:",omitempty"`
	Compiler      string   `json:",omitempty"`
	BuildTags     []string `json:",omitempty"`
	ToolTags      []string `json:",omitempty"`
	ReleaseTags   []string `json:",omitempty"`
	InstallSuffix string   `json:",omitempty"`
}

// newContext returns the build configuration of this invocation, the
// one the loader uses.
func newContext(e *env.Env, bf *base.BuildFlags) *Context {
	// The file system view is only used to read directories, which this
	// context never does. An invalid GOEXPERIMENT stops package loading
	// before any template runs; with -m it leaves the tool tags empty.
	c, _ := load.BuildContext(e, load.BuildFlagsView{
		Tags:          bf.Tags,
		Compiler:      bf.Compiler,
		InstallSuffix: bf.InstallSuffix,
		Race:          bf.Race,
		MSan:          bf.MSan,
		ASan:          bf.ASan,
	}, nil)
	return &Context{
		GOARCH:        c.GOARCH,
		GOOS:          c.GOOS,
		GOROOT:        c.GOROOT,
		GOPATH:        c.GOPATH,
		CgoEnabled:    c.CgoEnabled,
		UseAllFiles:   c.UseAllFiles,
		Compiler:      c.Compiler,
		BuildTags:     c.BuildTags,
		ToolTags:      c.ToolTags,
		ReleaseTags:   c.ReleaseTags,
		InstallSuffix: c.InstallSuffix,
	}
}
