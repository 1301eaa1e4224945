package base

import (
	"errors"
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

// ExplicitStringFlag is a string flag that records whether it was set
// to a non-empty value.
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
	if v != "" {
		*f.Explicit = true
	}
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

// ErrFlagTerminator is returned by ParseOneFlag for the argument "--".
var ErrFlagTerminator = errors.New("flag terminator")

// FlagNotDefinedError is returned by ParseOneFlag for a flag-like argument
// that names no flag of the set.
type FlagNotDefinedError struct {
	RawArg   string // the argument as given: -foo, --foo=bar
	Name     string
	HasValue bool // the argument had the -name=value form
	Value    string
}

func (e FlagNotDefinedError) Error() string {
	return fmt.Sprintf("flag provided but not defined: -%s", e.Name)
}

// NonFlagError is returned by ParseOneFlag for an argument that is not
// a flag at all (a package name, a file, "-").
type NonFlagError struct {
	RawArg string
}

func (e NonFlagError) Error() string { return fmt.Sprintf("not a flag: %q", e.RawArg) }

// ParseOneFlag parses the flag at args[0] in fs, for commands such as
// 'go test' and 'go vet' that mix their own flags with another program's.
// It consumes at least one argument and returns the flag it set (nil on
// error) and the arguments left. Errors are flag.ErrHelp for -h, -help and
// -?, ErrFlagTerminator, NonFlagError, FlagNotDefinedError, or an error
// whose text is the message the flag package would print.
func ParseOneFlag(fs *flag.FlagSet, args []string) (*flag.Flag, []string, error) {
	raw, rest := args[0], args[1:]
	arg := raw
	if strings.HasPrefix(arg, "--") {
		if arg == "--" {
			return nil, rest, ErrFlagTerminator
		}
		arg = arg[1:]
	}
	switch arg {
	case "-h", "-help", "-?":
		return nil, rest, flag.ErrHelp
	}
	if len(arg) < 2 || arg[0] != '-' || arg[1] == '-' || arg[1] == '=' {
		return nil, rest, NonFlagError{RawArg: raw}
	}
	name, value, hasValue := strings.Cut(arg[1:], "=")
	f := fs.Lookup(name)
	if f == nil {
		return nil, rest, FlagNotDefinedError{RawArg: raw, Name: name, HasValue: hasValue, Value: value}
	}
	if bf, ok := f.Value.(boolFlag); ok && bf.IsBoolFlag() {
		if !hasValue {
			if err := fs.Set(name, "true"); err != nil {
				return f, rest, fmt.Errorf("invalid boolean flag %s: %v", name, err)
			}
			return f, rest, nil
		}
		if err := fs.Set(name, value); err != nil {
			return f, rest, fmt.Errorf("invalid boolean value %q for -%s: %v", value, name, err)
		}
		return f, rest, nil
	}
	if !hasValue {
		if len(rest) == 0 {
			return f, rest, fmt.Errorf("flag needs an argument: -%s", name)
		}
		value, rest = rest[0], rest[1:]
	}
	if err := fs.Set(name, value); err != nil {
		return f, rest, fmt.Errorf("invalid value %q for flag -%s: %v", value, name, err)
	}
	return f, rest, nil
}
