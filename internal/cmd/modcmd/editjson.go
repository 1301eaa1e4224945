package modcmd

import (
	"encoding/json"
	"fmt"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/base"
)

// modJSON is the shape of 'go mod edit -json' (the GoMod type of
// 'go help mod edit'; go spells the godebug field GoDebug).
type modJSON struct {
	Module    modJSONModule
	Go        string        `json:",omitempty"`
	Toolchain string        `json:",omitempty"`
	GoDebug   []godebugJSON `json:",omitempty"`
	Require   []requireJSON
	Exclude   []module.Version
	Replace   []replaceJSON
	Retract   []retractJSON
	Tool      []pathJSON
	Ignore    []pathJSON
}

type modJSONModule struct {
	Path       string
	Deprecated string `json:",omitempty"`
}

type godebugJSON struct {
	Key   string
	Value string
}

type requireJSON struct {
	Path     string
	Version  string `json:",omitempty"`
	Indirect bool   `json:",omitempty"`
}

type replaceJSON struct {
	Old module.Version
	New module.Version
}

type retractJSON struct {
	Low       string `json:",omitempty"`
	High      string `json:",omitempty"`
	Rationale string `json:",omitempty"`
}

type pathJSON struct {
	Path string
}

// printModJSON writes file as 'go mod edit -json' does.
func printModJSON(inv *base.Invocation, file *modfile.File) error {
	var j modJSON
	if file.Module != nil {
		j.Module = modJSONModule{Path: file.Module.Mod.Path, Deprecated: file.Module.Deprecated}
	}
	if file.Go != nil {
		j.Go = file.Go.Version
	}
	if file.Toolchain != nil {
		j.Toolchain = file.Toolchain.Name
	}
	for _, r := range file.Require {
		j.Require = append(j.Require, requireJSON{Path: r.Mod.Path, Version: r.Mod.Version, Indirect: r.Indirect})
	}
	for _, x := range file.Exclude {
		j.Exclude = append(j.Exclude, x.Mod)
	}
	for _, r := range file.Replace {
		j.Replace = append(j.Replace, replaceJSON{r.Old, r.New})
	}
	for _, r := range file.Retract {
		j.Retract = append(j.Retract, retractJSON{r.Low, r.High, r.Rationale})
	}
	for _, t := range file.Tool {
		j.Tool = append(j.Tool, pathJSON{t.Path})
	}
	for _, i := range file.Ignore {
		j.Ignore = append(j.Ignore, pathJSON{i.Path})
	}
	for _, d := range file.Godebug {
		j.GoDebug = append(j.GoDebug, godebugJSON{d.Key, d.Value})
	}
	data, err := json.MarshalIndent(&j, "", "\t")
	if err != nil {
		return fmt.Errorf("go: internal error: %v", err)
	}
	_, err = inv.Stdout.Write(append(data, '\n'))
	return err
}
