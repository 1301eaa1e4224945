package modcmd

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// GoVersionFlag is a -go or -compat flag: a Go version ("1.21",
// "1.21.3", "1.22rc1") no newer than the go command's own.
type GoVersionFlag struct{ V string }

func (f *GoVersionFlag) String() string { return f.V }

func (f *GoVersionFlag) Set(s string) error {
	if s != "" {
		local := localGoVersion()
		if !goVersionRE().MatchString(s) {
			return fmt.Errorf("expecting a Go version like %q", local)
		}
		if compareGoVersions(s, local) > 0 {
			return fmt.Errorf("maximum supported Go version is %s", local)
		}
	}
	f.V = s
	return nil
}

// goVersionRE matches the versions a go line may carry.
var goVersionRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$`)
})

// localGoVersion is the Go version this program implements, taken from
// the toolchain that built it ("1.26.8").
func localGoVersion() string {
	v := strings.TrimPrefix(runtime.Version(), "go")
	if i := strings.IndexAny(v, " -+"); i >= 0 {
		v = v[:i]
	}
	return v
}

// compareGoVersions compares two Go versions: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1.
func compareGoVersions(x, y string) int {
	px, py := parseGoVersion(x), parseGoVersion(y)
	for i := range px {
		if px[i] != py[i] {
			if px[i] < py[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// parseGoVersion returns major, minor, a rank (0 for "1.21", 1 for a
// prerelease, 2 for a release "1.21.N"), the prerelease number or the
// patch, and the prerelease kind order.
func parseGoVersion(v string) [5]int {
	var out [5]int
	major, rest, _ := strings.Cut(v, ".")
	out[0], _ = strconv.Atoi(major)
	minor := rest
	i := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if i >= 0 {
		minor, rest = rest[:i], rest[i:]
	} else {
		rest = ""
	}
	out[1], _ = strconv.Atoi(minor)
	switch {
	case rest == "":
		// "1.21": the language version, before any release.
	case rest[0] == '.':
		out[2] = 2
		out[3], _ = strconv.Atoi(rest[1:])
	default:
		out[2] = 1
		j := strings.IndexAny(rest, "0123456789")
		if j < 0 {
			j = len(rest)
		}
		if rest[:j] == "rc" {
			out[3] = 1 // rc sorts after beta
		}
		out[4], _ = strconv.Atoi(rest[j:])
	}
	return out
}
