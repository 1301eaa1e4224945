package wire

import (
	"encoding/json"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
)

// Package is the public view of a loaded package, as 'go list -json'
// prints it.
type Package struct {
	Dir           string   `json:",omitempty"`
	ImportPath    string   `json:",omitempty"`
	ImportComment string   `json:",omitempty"`
	Name          string   `json:",omitempty"`
	Doc           string   `json:",omitempty"`
	Target        string   `json:",omitempty"`
	Shlib         string   `json:",omitempty"`
	Root          string   `json:",omitempty"`
	ConflictDir   string   `json:",omitempty"`
	ForTest       string   `json:",omitempty"`
	Export        string   `json:",omitempty"`
	BuildID       string   `json:",omitempty"`
	Module        *Module  `json:",omitempty"`
	Match         []string `json:",omitempty"`
	Goroot        bool     `json:",omitempty"`
	Standard      bool     `json:",omitempty"`
	DepOnly       bool     `json:",omitempty"`
	BinaryOnly    bool     `json:",omitempty"`
	Incomplete    bool     `json:",omitempty"`

	DefaultGODEBUG string `json:",omitempty"`

	Stale       bool   `json:",omitempty"`
	StaleReason string `json:",omitempty"`

	GoFiles           []string `json:",omitempty"`
	CgoFiles          []string `json:",omitempty"`
	CompiledGoFiles   []string `json:",omitempty"`
	IgnoredGoFiles    []string `json:",omitempty"`
	InvalidGoFiles    []string `json:",omitempty"`
	IgnoredOtherFiles []string `json:",omitempty"`
	CFiles            []string `json:",omitempty"`
	CXXFiles          []string `json:",omitempty"`
	MFiles            []string `json:",omitempty"`
	HFiles            []string `json:",omitempty"`
	FFiles            []string `json:",omitempty"`
	SFiles            []string `json:",omitempty"`
	SwigFiles         []string `json:",omitempty"`
	SwigCXXFiles      []string `json:",omitempty"`
	SysoFiles         []string `json:",omitempty"`

	EmbedPatterns []string `json:",omitempty"`
	EmbedFiles    []string `json:",omitempty"`

	CgoCFLAGS    []string `json:",omitempty"`
	CgoCPPFLAGS  []string `json:",omitempty"`
	CgoCXXFLAGS  []string `json:",omitempty"`
	CgoFFLAGS    []string `json:",omitempty"`
	CgoLDFLAGS   []string `json:",omitempty"`
	CgoPkgConfig []string `json:",omitempty"`

	Imports   []string          `json:",omitempty"`
	ImportMap map[string]string `json:",omitempty"`
	Deps      []string          `json:",omitempty"`

	Error      *PackageError   `json:",omitempty"`
	DepsErrors []*PackageError `json:",omitempty"`

	TestGoFiles        []string `json:",omitempty"`
	TestImports        []string `json:",omitempty"`
	TestEmbedPatterns  []string `json:",omitempty"`
	TestEmbedFiles     []string `json:",omitempty"`
	XTestGoFiles       []string `json:",omitempty"`
	XTestImports       []string `json:",omitempty"`
	XTestEmbedPatterns []string `json:",omitempty"`
	XTestEmbedFiles    []string `json:",omitempty"`
}

// ImportInfo is one entry of an import stack: a package path and, when
// known, the position of the import that led to the next entry.
type ImportInfo struct {
	Pkg string
	Pos *token.Position
}

// PackageError is an error loading one package, with the shortest import
// stack from a package named on the command line.
type PackageError struct {
	ImportStack   []ImportInfo
	Pos           string
	Err           error
	IsImportCycle bool
	// AlwaysPrintStack makes Error include the import stack even when Pos
	// is set.
	AlwaysPrintStack bool
}

// Pkgs returns the package paths of the import stack.
func (p *PackageError) Pkgs() []string {
	out := make([]string, 0, len(p.ImportStack))
	for _, s := range p.ImportStack {
		out = append(out, s.Pkg)
	}
	return out
}

func (p *PackageError) Error() string {
	// With a position and no need for the stack, the position says it all.
	if p.Pos != "" && (len(p.ImportStack) == 0 || !p.AlwaysPrintStack) {
		return p.Pos + ": " + p.Err.Error()
	}
	if len(p.ImportStack) == 0 {
		return p.Err.Error()
	}
	optpos := ""
	if p.Pos != "" {
		optpos = "\n\t" + p.Pos
	}
	var b strings.Builder
	b.WriteString("package ")
	for i, s := range p.ImportStack {
		if i > 0 {
			b.WriteString("\n\timports ")
		}
		b.WriteString(s.Pkg)
		if p.IsImportCycle && s.Pos != nil {
			b.WriteString(" from " + filepath.Base(s.Pos.Filename))
		}
	}
	return b.String() + optpos + ": " + p.Err.Error()
}

func (p *PackageError) Unwrap() error { return p.Err }

// MarshalJSON encodes the error as go list does: the import stack as a
// list of paths and the error as its text.
func (p *PackageError) MarshalJSON() ([]byte, error) {
	v := struct {
		ImportStack []string
		Pos         string
		Err         string
	}{p.Pkgs(), p.Pos, p.Err.Error()}
	return json.Marshal(v)
}

var _ fmt.Stringer = (*Module)(nil)
