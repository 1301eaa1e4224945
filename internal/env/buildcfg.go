package env

import (
	"errors"
	"fmt"
	"strings"
)

// checkBuildcfg validates the toolchain variables taken from the process
// environment the way the toolchain's own configuration package does when
// the go command starts. Like it, it reports only the last problem found,
// and a valid GOARM64 hides earlier GOAMD64 and GOARM problems.
func checkBuildcfg(osGet func(string) string, goos, goarch string) error {
	or := func(key, def string) string {
		if v := osGet(key); v != "" {
			return v
		}
		return def
	}
	var last error
	switch or("GOAMD64", DefaultGOAMD64) {
	case "v1", "v2", "v3", "v4":
	default:
		last = errors.New("invalid GOAMD64: must be v1, v2, v3, v4")
	}
	armDef := DefaultGOARM
	if goos == "android" && goarch == "arm" {
		armDef = "7"
	}
	if err := checkGOARM(or("GOARM", armDef)); err != nil {
		last = err
	}
	last = checkGOARM64(or("GOARM64", DefaultGOARM64))
	switch or("GOMIPS", DefaultGOMIPS) {
	case "hardfloat", "softfloat":
	default:
		last = errors.New("invalid GOMIPS: must be hardfloat, softfloat")
	}
	switch or("GOMIPS64", DefaultGOMIPS64) {
	case "hardfloat", "softfloat":
	default:
		last = errors.New("invalid GOMIPS64: must be hardfloat, softfloat")
	}
	switch or("GOPPC64", DefaultGOPPC64) {
	case "power8", "power9", "power10":
	default:
		last = errors.New("invalid GOPPC64: must be power8, power9, power10")
	}
	switch or("GORISCV64", DefaultGORISCV64) {
	case "rva20u64", "rva22u64", "rva23u64":
	default:
		last = errors.New("invalid GORISCV64: must be rva20u64, rva22u64, rva23u64")
	}
	for _, opt := range strings.Split(osGet("GOWASM"), ",") {
		switch opt {
		case "", "satconv", "signext":
		default:
			last = fmt.Errorf("invalid GOWASM: no such feature %q", opt)
		}
	}
	if !validFIPS140(or("GOFIPS140", DefaultGOFIPS140)) {
		last = errors.New("invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z")
	}
	if _, err := ParseGOEXPERIMENT(goos, goarch, or("GOEXPERIMENT", DefaultGOEXPERIMENT)); err != nil {
		last = err
	}
	return last
}

func checkGOARM(v string) error {
	v = strings.TrimSuffix(v, ",softfloat")
	v = strings.TrimSuffix(v, ",hardfloat")
	switch v {
	case "5", "6", "7":
		return nil
	}
	return fmt.Errorf("invalid GOARM: must start with 5, 6, or 7, and may optionally end in either %q or %q", ",hardfloat", ",softfloat")
}

func checkGOARM64(v string) error {
	for {
		if s, ok := strings.CutSuffix(v, ",lse"); ok {
			v = s
			continue
		}
		if s, ok := strings.CutSuffix(v, ",crypto"); ok {
			v = s
			continue
		}
		break
	}
	if len(v) == 4 && v[0] == 'v' && v[2] == '.' && '0' <= v[3] && v[3] <= '9' &&
		(v[1] == '8' || v[1] == '9' && v[3] <= '5') {
		return nil
	}
	return fmt.Errorf("invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in %q and/or %q", ",lse", ",crypto")
}

// validFIPS140 reports whether v is a GOFIPS140 setting: off, latest,
// inprocess, certified, or a module version v1.Y.Z (with an optional
// -rcN or -XXXXXXXX suffix).
func validFIPS140(v string) bool {
	switch v {
	case "off", "latest", "inprocess", "certified":
		return true
	}
	rest, ok := strings.CutPrefix(v, "v1.")
	if !ok {
		return false
	}
	if rest, ok = cutDigits(rest); !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, "."); !ok {
		return false
	}
	if rest, ok = cutDigits(rest); !ok {
		return false
	}
	if rest == "" {
		return true
	}
	if r, ok := strings.CutPrefix(rest, "-rc"); ok {
		r, ok = cutDigits(r)
		return ok && r == ""
	}
	if r, ok := strings.CutPrefix(rest, "-"); ok {
		return len(r) == 8
	}
	return false
}

func cutDigits(s string) (string, bool) {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return s[i:], i > 0
}

// experimentNames are the GOEXPERIMENT flags of the go1.26 toolchain, in
// the toolchain's order.
var experimentNames = []string{
	"fieldtrack", "preemptibleloops", "staticlockranking", "boringcrypto",
	"regabiwrappers", "regabiargs", "heapminimum512kib", "arenas",
	"cgocheck2", "loopvar", "newinliner", "dwarf5", "jsonv2", "greenteagc",
	"randomizedheapbase64", "runtimefreegc", "sizespecializedmalloc",
	"goroutineleakprofile", "simd", "runtimesecret",
}

// Experiments is a parsed GOEXPERIMENT setting.
type Experiments struct {
	on, baseline map[string]bool
}

// ParseGOEXPERIMENT parses a GOEXPERIMENT value for goos/goarch.
func ParseGOEXPERIMENT(goos, goarch, value string) (*Experiments, error) {
	regabi, regabiAlways := false, false
	switch goarch {
	case "amd64", "arm64", "loong64", "ppc64le", "ppc64", "riscv64":
		regabi, regabiAlways = true, true
	case "s390x":
		regabi = true
	}
	base := map[string]bool{
		"regabiwrappers":       regabi,
		"regabiargs":           regabi,
		"dwarf5":               goos != "darwin" && goos != "ios" && goos != "aix",
		"randomizedheapbase64": true,
		"greenteagc":           true,
	}
	on := map[string]bool{}
	for k, v := range base {
		on[k] = v
	}
	for _, f := range strings.Split(value, ",") {
		if f == "" {
			continue
		}
		if f == "none" {
			clear(on)
			continue
		}
		val := true
		if rest, ok := strings.CutPrefix(f, "no"); ok {
			f, val = rest, false
		}
		switch {
		case f == "regabi":
			on["regabiwrappers"], on["regabiargs"] = val, val
		case knownExperiment(f):
			on[f] = val
		default:
			return nil, fmt.Errorf("unknown GOEXPERIMENT %s", f)
		}
	}
	if regabiAlways {
		on["regabiwrappers"], on["regabiargs"] = true, true
	}
	if !regabi {
		on["regabiwrappers"], on["regabiargs"] = false, false
	}
	if on["regabiargs"] && !on["regabiwrappers"] {
		return nil, errors.New("GOEXPERIMENT regabiargs requires regabiwrappers")
	}
	return &Experiments{on: on, baseline: base}, nil
}

func knownExperiment(name string) bool {
	for _, n := range experimentNames {
		if n == name {
			return true
		}
	}
	return false
}

// Enabled returns the names of the enabled experiments, in toolchain order.
func (x *Experiments) Enabled() []string {
	var list []string
	for _, n := range experimentNames {
		if x.on[n] {
			list = append(list, n)
		}
	}
	return list
}

// String returns the minimal GOEXPERIMENT value with the same effect.
func (x *Experiments) String() string {
	var list []string
	for _, n := range experimentNames {
		if x.on[n] != x.baseline[n] {
			if x.on[n] {
				list = append(list, n)
			} else {
				list = append(list, "no"+n)
			}
		}
	}
	return strings.Join(list, ",")
}
