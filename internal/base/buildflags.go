package base

import (
	"errors"
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"
)

// BuildFlags holds the flags shared by build, install, run, test, vet,
// list, clean, get, generate and friends ('go help build').
type BuildFlags struct {
	A             bool
	N             bool
	P             int
	V             bool
	X             bool
	Race          bool
	MSan          bool
	ASan          bool
	Cover         bool
	CoverMode     string
	CoverPkg      []string
	Asmflags      PerPackageFlag
	Compiler      string
	Buildmode     string
	Buildvcs      string // "auto", "true" or "false"
	Gcflags       PerPackageFlag
	Gccgoflags    PerPackageFlag
	Ldflags       PerPackageFlag
	Mod           string
	ModExplicit   bool
	ModCacheRW    bool
	ModFile       string
	Overlay       string
	InstallSuffix string
	JSON          bool
	Linkshared    bool
	PGO           string
	Pkgdir        string
	Tags          []string
	Toolexec      StringsFlag
	Trimpath      bool
	Work          bool

	DebugActiongraph  string
	DebugRuntimeTrace string
	DebugTrace        string
}

// BuildFlagMask selects which build flags AddBuildFlags omits.
type BuildFlagMask int

const (
	DefaultBuildFlags BuildFlagMask = 0
	OmitModFlag       BuildFlagMask = 1 << iota
	OmitModCommonFlags
	OmitVFlag
	OmitBuildOnlyFlags
	OmitJSONFlag
)

// AddBuildFlagsNX adds -n and -x.
func AddBuildFlagsNX(fs *flag.FlagSet, bf *BuildFlags) {
	fs.BoolVar(&bf.N, "n", false, "")
	fs.BoolVar(&bf.X, "x", false, "")
}

// AddChdirFlag adds -C, which main handles before a command runs: seeing
// it during flag parsing means it was not first.
func AddChdirFlag(fs *flag.FlagSet) {
	fs.Func("C", "AddChdirFlag", func(string) error {
		return fmt.Errorf("-C flag must be first flag on command line")
	})
}

// AddModFlag adds -mod.
func AddModFlag(fs *flag.FlagSet, bf *BuildFlags) {
	fs.Var(ExplicitStringFlag{Value: &bf.Mod, Explicit: &bf.ModExplicit}, "mod", "")
}

// AddModCommonFlags adds -modcacherw, -modfile and -overlay.
func AddModCommonFlags(fs *flag.FlagSet, bf *BuildFlags) {
	fs.BoolVar(&bf.ModCacheRW, "modcacherw", false, "")
	fs.StringVar(&bf.ModFile, "modfile", "", "")
	fs.StringVar(&bf.Overlay, "overlay", "", "")
}

// AddBuildFlags adds the flags common to build, clean, get, install,
// list, run and test, binding them to bf.
func AddBuildFlags(fs *flag.FlagSet, bf *BuildFlags, mask BuildFlagMask) {
	AddBuildFlagsNX(fs, bf)
	AddChdirFlag(fs)
	fs.BoolVar(&bf.A, "a", false, "")
	bf.P = runtime.GOMAXPROCS(0)
	fs.IntVar(&bf.P, "p", bf.P, "")
	if mask&OmitVFlag == 0 {
		fs.BoolVar(&bf.V, "v", false, "")
	}
	fs.BoolVar(&bf.ASan, "asan", false, "")
	fs.Var(&bf.Asmflags, "asmflags", "")
	bf.Compiler = runtime.Compiler
	fs.Var((*compilerFlag)(&bf.Compiler), "compiler", "")
	fs.StringVar(&bf.Buildmode, "buildmode", "default", "")
	bf.Buildvcs = "auto"
	fs.Var((*buildvcsFlag)(&bf.Buildvcs), "buildvcs", "")
	fs.Var(&bf.Gcflags, "gcflags", "")
	fs.Var(&bf.Gccgoflags, "gccgoflags", "")
	if mask&OmitModFlag == 0 {
		AddModFlag(fs, bf)
	}
	if mask&OmitModCommonFlags == 0 {
		AddModCommonFlags(fs, bf)
	} else {
		fs.StringVar(&bf.Overlay, "overlay", "", "")
	}
	fs.StringVar(&bf.InstallSuffix, "installsuffix", "", "")
	if mask&(OmitBuildOnlyFlags|OmitJSONFlag) == 0 {
		fs.BoolVar(&bf.JSON, "json", false, "")
	}
	fs.Var(&bf.Ldflags, "ldflags", "")
	fs.BoolVar(&bf.Linkshared, "linkshared", false, "")
	fs.BoolVar(&bf.MSan, "msan", false, "")
	fs.StringVar(&bf.PGO, "pgo", "auto", "")
	fs.StringVar(&bf.Pkgdir, "pkgdir", "", "")
	fs.BoolVar(&bf.Race, "race", false, "")
	fs.Var((*tagsFlag)(&bf.Tags), "tags", "")
	fs.Var(&bf.Toolexec, "toolexec", "")
	fs.BoolVar(&bf.Trimpath, "trimpath", false, "")
	fs.BoolVar(&bf.Work, "work", false, "")
	fs.StringVar(&bf.DebugActiongraph, "debug-actiongraph", "", "")
	fs.StringVar(&bf.DebugRuntimeTrace, "debug-runtime-trace", "", "")
	fs.StringVar(&bf.DebugTrace, "debug-trace", "", "")
}

// AddCoverFlags adds -cover, -covermode and -coverpkg, and -coverprofile
// when coverProfile is not nil. Setting any of the last three implies
// -cover.
func AddCoverFlags(fs *flag.FlagSet, bf *BuildFlags, coverProfile *string) {
	fs.BoolVar(&bf.Cover, "cover", false, "")
	fs.Var(coverFlag{bf, (*coverModeFlag)(&bf.CoverMode)}, "covermode", "")
	fs.Var(coverFlag{bf, (*commaListFlag)(&bf.CoverPkg)}, "coverpkg", "")
	if coverProfile != nil {
		fs.Var(coverFlag{bf, (*stringFlag)(coverProfile)}, "coverprofile", "")
	}
}

// coverFlag wraps a flag whose setting implies -cover.
type coverFlag struct {
	bf *BuildFlags
	v  flag.Value
}

func (f coverFlag) String() string {
	if f.v == nil {
		return ""
	}
	return f.v.String()
}

func (f coverFlag) Set(s string) error {
	if err := f.v.Set(s); err != nil {
		return err
	}
	f.bf.Cover = true
	return nil
}

type coverModeFlag string

func (f *coverModeFlag) String() string { return string(*f) }

func (f *coverModeFlag) Set(s string) error {
	switch s {
	case "", "set", "count", "atomic":
		*f = coverModeFlag(s)
		return nil
	}
	return errors.New(`valid modes are "set", "count", or "atomic"`)
}

type commaListFlag []string

func (f *commaListFlag) String() string { return strings.Join(*f, ",") }

func (f *commaListFlag) Set(s string) error {
	*f = nil
	if s != "" {
		*f = strings.Split(s, ",")
	}
	return nil
}

type stringFlag string

func (f *stringFlag) String() string { return string(*f) }

func (f *stringFlag) Set(s string) error {
	*f = stringFlag(s)
	return nil
}

// compilerFlag is -compiler: gc or gccgo.
type compilerFlag string

func (f *compilerFlag) String() string { return string(*f) }

func (f *compilerFlag) Set(s string) error {
	switch s {
	case "gc", "gccgo":
		*f = compilerFlag(s)
		return nil
	}
	return fmt.Errorf("unknown compiler %q", s)
}

// tagsFlag is -tags: a comma-separated list, or for compatibility a
// space-separated (possibly quoted) one.
type tagsFlag []string

func (v *tagsFlag) Set(s string) error {
	if strings.Contains(s, " ") || strings.Contains(s, "'") {
		return (*StringsFlag)(v).Set(s)
	}
	*v = []string{}
	for _, t := range strings.Split(s, ",") {
		if t != "" {
			*v = append(*v, t)
		}
	}
	return nil
}

func (v *tagsFlag) String() string { return "<TagsFlag>" }

// buildvcsFlag is -buildvcs: a boolean or "auto".
type buildvcsFlag string

func (f *buildvcsFlag) IsBoolFlag() bool { return true }

func (f *buildvcsFlag) Set(s string) error {
	if s == "" || s == "auto" {
		*f = "auto"
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("value is neither 'auto' nor a valid bool")
	}
	*f = buildvcsFlag(strconv.FormatBool(b))
	return nil
}

func (f *buildvcsFlag) String() string { return string(*f) }

// PerPackageFlag is a flag like -gcflags whose value may be prefixed by a
// package pattern ("pattern=flags"); it may be repeated, later values
// taking precedence for the packages they match.
type PerPackageFlag struct {
	Present bool
	Values  []PerPackageValue
}

// PerPackageValue is one setting of a PerPackageFlag. Pattern is "" for
// a value without pattern (it applies to the packages named on the
// command line).
type PerPackageValue struct {
	Raw     string
	Pattern string
	Flags   []string
}

func (f *PerPackageFlag) Set(v string) error {
	f.Present = true
	raw := v
	pattern := ""
	v = strings.TrimSpace(v)
	if v != "" && !strings.HasPrefix(v, "-") {
		i := strings.Index(v, "=")
		switch {
		case i < 0:
			return errors.New("missing =<value> in <pattern>=<value>")
		case i == 0:
			return errors.New("missing <pattern> in <pattern>=<value>")
		case v[0] == '\'' || v[0] == '"':
			return fmt.Errorf("parameter may not start with quote character %c", v[0])
		}
		pattern, v = strings.TrimSpace(v[:i]), v[i+1:]
	}
	flags, err := splitQuoted(v)
	if err != nil {
		return err
	}
	if flags == nil {
		flags = []string{}
	}
	if pattern == "" && len(f.Values) > 0 {
		// A plain value replaces earlier plain values.
		kept := f.Values[:0]
		for _, pv := range f.Values {
			if pv.Pattern != "" {
				kept = append(kept, pv)
			}
		}
		f.Values = kept
	}
	f.Values = append(f.Values, PerPackageValue{Raw: raw, Pattern: pattern, Flags: flags})
	return nil
}

func (f *PerPackageFlag) String() string { return "<PerPackageFlag>" }

func splitQuoted(s string) ([]string, error) {
	var sf StringsFlag
	err := sf.Set(s)
	return []string(sf), err
}
