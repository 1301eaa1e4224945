package wire

import (
	"time"
)

// Module is the public view of a module, as 'go list -m -json' prints it
// and as the Module field of a Package.
type Module struct {
	Path       string       `json:",omitempty"`
	Version    string       `json:",omitempty"`
	Query      string       `json:",omitempty"`
	Versions   []string     `json:",omitempty"`
	Replace    *Module      `json:",omitempty"`
	Time       *time.Time   `json:",omitempty"`
	Update     *Module      `json:",omitempty"`
	Main       bool         `json:",omitempty"`
	Indirect   bool         `json:",omitempty"`
	Dir        string       `json:",omitempty"`
	GoMod      string       `json:",omitempty"`
	GoVersion  string       `json:",omitempty"`
	Retracted  []string     `json:",omitempty"`
	Deprecated string       `json:",omitempty"`
	Error      *ModuleError `json:",omitempty"`
	Sum        string       `json:",omitempty"`
	GoModSum   string       `json:",omitempty"`
	Origin     *Origin      `json:",omitempty"`
	Reuse      bool         `json:",omitempty"`
}

// ModuleError is an error loading a module.
type ModuleError struct {
	Err string
}

// Origin describes where a module version came from (for -reuse).
type Origin struct {
	VCS       string `json:",omitempty"`
	URL       string `json:",omitempty"`
	Subdir    string `json:",omitempty"`
	Hash      string `json:",omitempty"`
	TagPrefix string `json:",omitempty"`
	TagSum    string `json:",omitempty"`
	Ref       string `json:",omitempty"`
	RepoSum   string `json:",omitempty"`
}

// String formats the module as 'go list -m' prints it by default:
// path, version, update, deprecation, replacement, retraction, error.
func (m *Module) String() string {
	s := m.Path
	versionString := func(mm *Module) string {
		v := mm.Version
		if len(mm.Retracted) == 0 {
			return v
		}
		return v + " (retracted)"
	}
	if m.Version != "" {
		s += " " + versionString(m)
		if m.Update != nil {
			s += " [" + versionString(m.Update) + "]"
		}
	}
	if m.Deprecated != "" {
		s += " (deprecated)"
	}
	if m.Replace != nil {
		s += " => " + m.Replace.Path
		if m.Replace.Version != "" {
			s += " " + versionString(m.Replace)
			if m.Replace.Update != nil {
				s += " [" + versionString(m.Replace.Update) + "]"
			}
		}
		if m.Replace.Deprecated != "" {
			s += " (deprecated)"
		}
	}
	return s
}
