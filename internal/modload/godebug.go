package modload

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"gocmd/internal/gover"
)

var (
	godebugNameRE    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{Name: "([^"]+)", Package:`) })
	godebugRemovedRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{Name: "([^"]+)", Removed: (\d+)\}`) })
)

// godebugTable returns the known and removed GODEBUG settings of the
// toolchain, read from GOROOT/src/internal/godebugs/table.go.
func (s *State) godebugTable() (known map[string]bool, removed map[string]string) {
	known = map[string]bool{}
	removed = map[string]string{}
	data, err := os.ReadFile(filepath.Join(s.goroot, "src", "internal", "godebugs", "table.go"))
	if err != nil {
		return known, removed
	}
	text := string(data)
	for _, m := range godebugRemovedRE().FindAllStringSubmatch(text, -1) {
		removed[m[1]] = m[2]
	}
	for _, m := range godebugNameRE().FindAllStringSubmatch(text, -1) {
		known[m[1]] = true
	}
	return known, removed
}

// checkGodebug validates a godebug key=value of a go.mod or go.work.
func (s *State) checkGodebug(verb, k, v string) error {
	switch {
	case strings.ContainsAny(k, " \t"):
		return fmt.Errorf("key contains space")
	case strings.ContainsAny(v, " \t"):
		return fmt.Errorf("value contains space")
	case strings.Contains(k, ","):
		return fmt.Errorf("key contains comma")
	case strings.Contains(v, ","):
		return fmt.Errorf("value contains comma")
	}
	if k == "default" {
		rest, ok := strings.CutPrefix(v, "go")
		if !ok || !gover.IsValid(rest) {
			return fmt.Errorf("value for default= must be goVERSION")
		}
		if gover.Compare(rest, s.localGo) > 0 {
			return fmt.Errorf("default=%s too new (toolchain is go%s)", v, s.localGo)
		}
		return nil
	}
	known, removed := s.godebugTable()
	if known[k] {
		return nil
	}
	if minor, ok := removed[k]; ok {
		return fmt.Errorf("use of removed %s %q, see https://go.dev/doc/godebug#go-1%v", verb, k, minor)
	}
	return fmt.Errorf("unknown %s %q", verb, k)
}
