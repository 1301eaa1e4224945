package test

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gocmd/internal/base"
)

// Flags are the flags of 'go test': build flags, flags for go test
// itself, and flags it forwards to the test binary as -test.name.
type Flags struct {
	base.BuildFlags
	C            bool             // -c: compile the test binary only
	O            string           // -o: where to write the test binary
	CoverProfile string           // -coverprofile
	Exec         base.StringsFlag // -exec
	JSON         bool             // -json
	Vet          VetFlag          // -vet
	Artifacts    bool             // -artifacts
	Bench        string           // -bench
	BlockProfile string           // -blockprofile
	CPUProfile   string           // -cpuprofile
	FailFast     bool             // -failfast
	Fuzz         string           // -fuzz
	List         string           // -list
	MemProfile   string           // -memprofile
	MutexProfile string           // -mutexprofile
	OutputDir    OutputDirFlag    // -outputdir
	Timeout      time.Duration    // -timeout
	Trace        string           // -trace
	V            VerboseFlag      // -v, -v=test2json
	Shuffle      ShuffleFlag      // -shuffle

	// Help is set when the test binary's own help was asked for
	// (-h or -help among the test binary's arguments).
	Help bool
}

// passToTest lists the flags go test forwards to the test binary, with
// the "test." prefix; each is also accepted in that prefixed form.
var passToTest = map[string]bool{
	"artifacts": true, "bench": true, "benchmem": true, "benchtime": true,
	"blockprofile": true, "blockprofilerate": true, "count": true,
	"coverprofile": true, "cpu": true, "cpuprofile": true, "failfast": true,
	"fullpath": true, "fuzz": true, "fuzzminimizetime": true, "fuzztime": true,
	"list": true, "memprofile": true, "memprofilerate": true,
	"mutexprofile": true, "mutexprofilefraction": true, "outputdir": true,
	"parallel": true, "run": true, "short": true, "shuffle": true,
	"skip": true, "timeout": true, "trace": true, "v": true,
}

// vetAnalyzers are the analyzers -vet may name.
var vetAnalyzers = map[string]bool{
	"appends": true, "asmdecl": true, "assign": true, "atomic": true,
	"bool": true, "bools": true, "buildtag": true, "buildtags": true,
	"cgocall": true, "composites": true, "copylocks": true, "defers": true,
	"directive": true, "errorsas": true, "framepointer": true,
	"hostport": true, "httpresponse": true, "ifaceassert": true,
	"loopclosure": true, "lostcancel": true, "methods": true,
	"nilfunc": true, "printf": true, "rangeloops": true, "shift": true,
	"sigchanyzer": true, "slog": true, "stdmethods": true,
	"stdversion": true, "stringintconv": true, "structtag": true,
	"testinggoroutine": true, "tests": true, "timeformat": true,
	"unmarshal": true, "unreachable": true, "unsafeptr": true,
	"unusedresult": true, "waitgroup": true,
}

// defaultVetFlags are the analyzers go test runs when -vet is not given.
var defaultVetFlags = []string{
	"-atomic", "-bool", "-buildtags", "-directive", "-errorsas",
	"-ifaceassert", "-nilfunc", "-printf", "-slog", "-stringintconv", "-tests",
}

func (f *Flags) register(fs *flag.FlagSet) {
	base.AddBuildFlags(fs, &f.BuildFlags, base.OmitVFlag|base.OmitJSONFlag)
	fs.BoolVar(&f.C, "c", false, "")
	fs.StringVar(&f.O, "o", "", "")
	base.AddCoverFlags(fs, &f.BuildFlags, &f.CoverProfile)
	fs.Var(&f.Exec, "exec", "")
	fs.BoolVar(&f.JSON, "json", false, "")
	fs.Var(&f.Vet, "vet", "")

	fs.BoolVar(&f.Artifacts, "artifacts", false, "")
	fs.StringVar(&f.Bench, "bench", "", "")
	fs.Bool("benchmem", false, "")
	fs.String("benchtime", "", "")
	fs.StringVar(&f.BlockProfile, "blockprofile", "", "")
	fs.String("blockprofilerate", "", "")
	fs.Int("count", 0, "")
	fs.String("cpu", "", "")
	fs.StringVar(&f.CPUProfile, "cpuprofile", "", "")
	fs.BoolVar(&f.FailFast, "failfast", false, "")
	fs.StringVar(&f.Fuzz, "fuzz", "", "")
	fs.Bool("fullpath", false, "")
	fs.StringVar(&f.List, "list", "", "")
	fs.StringVar(&f.MemProfile, "memprofile", "", "")
	fs.String("memprofilerate", "", "")
	fs.StringVar(&f.MutexProfile, "mutexprofile", "", "")
	fs.String("mutexprofilefraction", "", "")
	fs.Var(&f.OutputDir, "outputdir", "")
	fs.Int("parallel", 0, "")
	fs.String("run", "", "")
	fs.Bool("short", false, "")
	fs.String("skip", "", "")
	fs.DurationVar(&f.Timeout, "timeout", 10*time.Minute, "")
	fs.String("fuzztime", "", "")
	fs.String("fuzzminimizetime", "", "")
	fs.StringVar(&f.Trace, "trace", "", "")
	fs.Var(&f.V, "v", "")
	fs.Var(&f.Shuffle, "shuffle", "")

	for name := range passToTest {
		fs.Var(fs.Lookup(name).Value, "test."+name, "")
	}
}

// parse applies $GOFLAGS and splits args into package arguments and the
// test binary's arguments (forwarded flags rewritten as -test.name=value,
// unknown flags and everything after -args as given).
func (f *Flags) parse(inv *base.Invocation, cmd *base.Command, args []string) (pkgs, testArgs []string, err error) {
	fs := cmd.FlagSet()
	if err := base.ApplyGOFLAGS(fs, inv.GOFLAGS); err != nil {
		return nil, nil, err
	}
	fromGOFLAGS := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) {
		if passToTest[strings.TrimPrefix(fl.Name, "test.")] {
			fromGOFLAGS[fl.Name] = true
		}
	})

	firstUnknown := ""
	var explicit []string
	inPkgList := false
	afterBareUnknown := false // the previous argument was an unknown flag without =value
Args:
	for len(args) > 0 {
		fl, rest, err := base.ParseOneFlag(fs, args)
		prevBareUnknown := afterBareUnknown
		afterBareUnknown = false

		var nf base.NonFlagError
		var nd base.FlagNotDefinedError
		switch {
		case errors.Is(err, flag.ErrHelp):
			return nil, nil, usage(inv, cmd)

		case errors.Is(err, base.ErrFlagTerminator):
			// Everything from "--" on, itself included, goes to the test.
			explicit = append(explicit, args...)
			break Args

		case errors.As(err, &nf):
			if !inPkgList && pkgs != nil {
				// The package list is over: this is a test argument.
				if prevBareUnknown {
					// Possibly the value of that unknown flag: keep
					// looking for go test flags after it.
					explicit = append(explicit, nf.RawArg)
					args = rest
					continue
				}
				explicit = append(explicit, args...)
				break Args
			}
			inPkgList = true
			pkgs = append(pkgs, nf.RawArg)
			args = rest
			continue

		case errors.As(err, &nd):
			inPkgList = false
			if pkgs == nil {
				pkgs = []string{}
			}
			if nd.RawArg == "-args" || nd.RawArg == "--args" {
				explicit = append(explicit, rest...)
				break Args
			}
			if firstUnknown == "" {
				firstUnknown = nd.RawArg
			}
			explicit = append(explicit, nd.RawArg)
			args = rest
			afterBareUnknown = !nd.HasValue
			continue

		case err != nil:
			fmt.Fprintln(inv.Stderr, err)
			return nil, nil, usage(inv, cmd)
		}
		inPkgList = false
		if short := strings.TrimPrefix(fl.Name, "test."); passToTest[short] {
			explicit = append(explicit, fmt.Sprintf("-test.%s=%v", short, fl.Value))
			delete(fromGOFLAGS, short)
			delete(fromGOFLAGS, "test."+short)
		}
		args = rest
	}
	if firstUnknown != "" && f.C {
		fmt.Fprintf(inv.Stderr, "go: unknown flag %s cannot be used with -c\n", firstUnknown)
		return nil, nil, usage(inv, cmd)
	}

	var injected []string
	if f.JSON {
		injected = append(injected, "-test.v=test2json")
		delete(fromGOFLAGS, "v")
		delete(fromGOFLAGS, "test.v")
	}
	timeoutSet, outputDirSet := false, false
	fs.Visit(func(fl *flag.Flag) {
		short := strings.TrimPrefix(fl.Name, "test.")
		if fromGOFLAGS[fl.Name] {
			injected = append(injected, fmt.Sprintf("-test.%s=%v", short, fl.Value))
		}
		switch short {
		case "timeout":
			timeoutSet = true
		case "outputdir":
			outputDirSet = true
		}
	})
	if f.Timeout > 0 && !timeoutSet {
		injected = append(injected, fmt.Sprintf("-test.timeout=%v", f.Timeout))
	}
	if (f.profiling() || f.Artifacts) && !outputDirSet {
		dir := f.OutputDir.Abs
		if dir == "" {
			dir = inv.Dir
		}
		injected = append(injected, "-test.outputdir="+dir)
	}
	for _, arg := range explicit {
		if arg == "--" {
			break
		}
		if arg == "-h" || arg == "-help" || arg == "--help" {
			f.Help = true
			break
		}
	}
	return pkgs, append(injected, explicit...), nil
}

// profiling reports whether a flag asks the test for a profile
// (-coverprofile aside, which go test itself writes).
func (f *Flags) profiling() bool {
	return f.BlockProfile != "" || f.CPUProfile != "" || f.MemProfile != "" ||
		f.MutexProfile != "" || f.Trace != ""
}

// usage prints go test's short usage and returns exit status 2.
func usage(inv *base.Invocation, cmd *base.Command) error {
	fmt.Fprintf(inv.Stderr, "usage: %s\n", cmd.UsageLine)
	fmt.Fprintf(inv.Stderr, "Run 'go help test' and 'go help testflag' for details.\n")
	return base.Exit(2)
}

// OutputDirFlag is -outputdir, kept absolute; "" means the go command's
// working directory.
type OutputDirFlag struct{ Abs string }

func (f *OutputDirFlag) String() string { return f.Abs }

func (f *OutputDirFlag) Set(s string) error {
	if s == "" {
		f.Abs = ""
		return nil
	}
	abs, err := filepath.Abs(s)
	f.Abs = abs
	return err
}

// VerboseFlag is -v: a boolean, or "test2json".
type VerboseFlag struct {
	On        bool
	Test2JSON bool
}

func (*VerboseFlag) IsBoolFlag() bool { return true }

func (f *VerboseFlag) Set(s string) error {
	if b, err := strconv.ParseBool(s); err == nil {
		*f = VerboseFlag{On: b}
		return nil
	}
	if s == "test2json" {
		*f = VerboseFlag{On: true, Test2JSON: true}
		return nil
	}
	return fmt.Errorf("invalid flag -test.v=%s", s)
}

func (f *VerboseFlag) String() string {
	if f.Test2JSON {
		return "test2json"
	}
	return strconv.FormatBool(f.On)
}

// VetFlag is -vet: "all", "off", or a comma-separated list of analyzers.
type VetFlag struct {
	Explicit bool
	Off      bool
	Flags    []string // analyzer flags for vet ("-printf"); none means all
}

func (f *VetFlag) String() string {
	switch {
	case !f.Off && !f.Explicit && len(f.Flags) == 0:
		return "all"
	case f.Off:
		return "off"
	}
	return strings.Join(f.Flags, ",")
}

func (f *VetFlag) Set(value string) error {
	switch {
	case value == "":
		*f = VetFlag{Flags: defaultVetFlags}
		return nil
	case strings.Contains(value, "="):
		return errors.New("-vet argument cannot contain equal signs")
	case strings.Contains(value, " "):
		return errors.New("-vet argument is comma-separated list, cannot contain spaces")
	}
	*f = VetFlag{Explicit: true}
	single := ""
	for _, arg := range strings.Split(value, ",") {
		switch arg {
		case "":
			return errors.New("-vet argument contains empty list element")
		case "all":
			single = arg
			*f = VetFlag{Explicit: true}
		case "off":
			single = arg
			*f = VetFlag{Explicit: true, Off: true}
		default:
			if !vetAnalyzers[arg] {
				return fmt.Errorf("-vet argument must be a supported analyzer or a distinguished value; found %s", arg)
			}
			f.Flags = append(f.Flags, "-"+arg)
		}
	}
	if len(f.Flags) > 1 && single != "" {
		return fmt.Errorf("-vet does not accept %q in a list with other analyzers", single)
	}
	return nil
}

// ShuffleFlag is -shuffle: "off", "on", or a seed.
type ShuffleFlag struct {
	On   bool
	Seed *int64
}

func (f *ShuffleFlag) String() string {
	switch {
	case !f.On:
		return "off"
	case f.Seed == nil:
		return "on"
	}
	return strconv.FormatInt(*f.Seed, 10)
}

func (f *ShuffleFlag) Set(value string) error {
	switch value {
	case "off":
		*f = ShuffleFlag{}
		return nil
	case "on":
		*f = ShuffleFlag{On: true}
		return nil
	}
	seed, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return fmt.Errorf(`-shuffle argument must be "on", "off", or an int64: %v`, err)
	}
	*f = ShuffleFlag{On: true, Seed: &seed}
	return nil
}
