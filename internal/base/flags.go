package base

import (
	"flag"
	"fmt"
	"strings"

	"gocmd/internal/str"
)

// StringsFlag is a flag.Value holding a list of strings split like
// $GOFLAGS (white space, with quoting).
type StringsFlag []string

func (v *StringsFlag) Set(s string) error {
	var err error
	*v, err = str.SplitQuotedFields(s)
	if *v == nil {
		*v = []string{}
	}
	return err
}

func (v *StringsFlag) String() string { return "<StringsFlag>" }

// ExplicitStringFlag is a string flag that records whether it was set.
type ExplicitStringFlag struct {
	Value    *string
	Explicit *bool
}

func (f ExplicitStringFlag) String() string {
	if f.Value == nil {
		return ""
	}
	return *f.Value
}

func (f ExplicitStringFlag) Set(v string) error {
	*f.Value = v
	*f.Explicit = true
	return nil
}

// ParseGOFLAGS splits and checks a $GOFLAGS value. known reports whether
// some go command defines a flag with that name. Every word must be a flag
// (-x, --x, -x=v or --x=v) known to some command.
func ParseGOFLAGS(value string, known func(name string) bool) ([]string, error) {
	flags, err := str.SplitQuotedFields(value)
	if err != nil {
		return nil, fmt.Errorf("go: parsing $GOFLAGS: %v", err)
	}
	for _, f := range flags {
		if !strings.HasPrefix(f, "-") || f == "-" || f == "--" || strings.HasPrefix(f, "---") || strings.HasPrefix(f, "-=") || strings.HasPrefix(f, "--=") {
			return nil, fmt.Errorf("go: parsing $GOFLAGS: non-flag %q", f)
		}
		name := strings.TrimPrefix(f[1:], "-")
		if i := strings.Index(name, "="); i >= 0 {
			name = name[:i]
		}
		if !known(name) {
			return nil, fmt.Errorf("go: parsing $GOFLAGS: unknown flag -%s", name)
		}
	}
	return flags, nil
}

type boolFlag interface {
	flag.Value
	IsBoolFlag() bool
}

// ApplyGOFLAGS sets the flags of fs named in goflags (already checked by
// ParseGOFLAGS), ignoring those fs does not define. The returned error
// is a *UsageError whose message says the value came from $GOFLAGS.
func ApplyGOFLAGS(fs *flag.FlagSet, goflags []string) error {
	const where = "$GOFLAGS"
	for _, gf := range goflags {
		name, value, hasValue := gf, "", false
		if i := strings.Index(gf, "="); i == 0 {
			continue
		} else if i > 0 {
			name, value, hasValue = gf[:i], gf[i+1:], true
		}
		if strings.HasPrefix(name, "--") {
			name = name[1:]
		}
		f := fs.Lookup(name[1:])
		if f == nil {
			continue
		}
		if bf, ok := f.Value.(boolFlag); ok && bf.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
			if err := fs.Set(f.Name, value); err != nil {
				if hasValue {
					return Usagef("go: invalid boolean value %q for flag %s (from %s): %v", value, name, where, err)
				}
				return Usagef("go: invalid boolean flag %s (from %s): %v", name, where, err)
			}
			continue
		}
		if !hasValue {
			return Usagef("go: flag needs an argument: %s (from %s)", name, where)
		}
		if err := fs.Set(f.Name, value); err != nil {
			return Usagef("go: invalid value %q for flag %s (from %s): %v", value, name, where, err)
		}
	}
	return nil
}

// InGOFLAGS reports whether the flag name (with leading dash, "-mod")
// appears in goflags.
func InGOFLAGS(goflags []string, name string) bool {
	for _, gf := range goflags {
		n := gf
		if strings.HasPrefix(n, "--") {
			n = n[1:]
		}
		if i := strings.Index(n, "="); i >= 0 {
			n = n[:i]
		}
		if n == name {
			return true
		}
	}
	return false
}
