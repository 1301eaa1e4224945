package tool

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
)

// Cover is one run of the cover tool (cmd/cover) instrumenting the Go
// files of a package for a -cover build. Besides one instrumented copy
// of each input it writes a file declaring the package's counter and
// meta-data variables (the first name of the output list).
type Cover struct {
	Toolexec []string // -toolexec program and arguments, if any
	Tool     string   // path of the cover program

	PkgCfg      string   // -pkgcfg: the CoverPkgConfig JSON file
	Mode        string   // -mode: set, count, atomic or regonly
	Var         string   // -var: prefix of the generated variables
	OutFileList string   // -outfilelist: file listing the outputs
	Files       []string // the source files, absolute
}

// Args returns the command line, program first.
func (c *Cover) Args() []string {
	args := append([]string(nil), c.Toolexec...)
	args = append(args, c.Tool, "-pkgcfg", c.PkgCfg, "-mode", c.Mode, "-var", c.Var, "-outfilelist", c.OutFileList)
	return append(args, c.Files...)
}

// CoverPkgConfig is the package description the go command hands the
// cover tool (its -pkgcfg file), with the tool's field names and order.
type CoverPkgConfig struct {
	OutConfig    string // where cover writes the compiler's -coveragecfg file
	PkgPath      string
	PkgName      string
	Granularity  string // "perblock" (go never asks for "perfunc")
	ModulePath   string
	Local        bool   // package named by a ./ or ../ path
	EmitMetaFile string // where to write the package's meta-data file, if wanted
}

// Encode returns the config file's contents: compact JSON and a newline.
func (c *CoverPkgConfig) Encode() []byte {
	data, err := json.Marshal(c)
	if err != nil {
		panic(err) // only strings and a bool
	}
	return append(data, '\n')
}

// CoverVar returns the -var prefix of a package: "goCover_" and the
// first 12 hex digits of the SHA-256 of its import path, then "_".
func CoverVar(importPath string) string {
	sum := sha256.Sum256([]byte(importPath))
	return fmt.Sprintf("goCover_%x_", sum[:6])
}

// CoverMetaFile returns the name of the meta-data file the cover tool
// writes for a package (EmitMetaFile's base name): "covmeta." and the
// SHA-256 of the import path in hex.
func CoverMetaFile(importPath string) string {
	return fmt.Sprintf("covmeta.%x", sha256.Sum256([]byte(importPath)))
}

// CoverOutFile returns the name of the instrumented copy of a Go source
// file: its base name with ".cover.go" for ".go".
func CoverOutFile(file string) string {
	base := file[strings.LastIndexAny(file, `/\`)+1:]
	return strings.TrimSuffix(base, ".go") + ".cover.go"
}
