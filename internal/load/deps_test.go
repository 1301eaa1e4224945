package load

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"
)

// setDepsSlow is SetDeps with string sets.
func setDepsSlow(all []*Package) {
	for _, p := range all {
		set := map[string]bool{}
		for _, q := range p.Internal.Imports {
			set[q.ImportPath] = true
			for _, d := range q.Deps {
				set[d] = true
			}
		}
		p.Deps = make([]string, 0, len(set))
		for d := range set {
			p.Deps = append(p.Deps, d)
		}
		slices.Sort(p.Deps)
	}
}

// TestSetDeps compares SetDeps with string sets on random graphs with
// cycles, shared import paths, imports outside the list and stale Deps.
func TestSetDeps(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for range 300 {
		n := 1 + r.Intn(12)
		build := func() []*Package {
			r := rand.New(rand.NewSource(int64(n)))
			var all []*Package
			for i := range n {
				p := &Package{}
				p.ImportPath = fmt.Sprintf("p%d", r.Intn(n+2))
				_ = i
				all = append(all, p)
			}
			outside := &Package{}
			outside.ImportPath = "outside"
			outside.Deps = []string{"o1", "o2"}
			for _, p := range all {
				for range r.Intn(4) {
					if r.Intn(8) == 0 {
						p.Internal.Imports = append(p.Internal.Imports, outside)
					} else {
						p.Internal.Imports = append(p.Internal.Imports, all[r.Intn(n)])
					}
				}
				if r.Intn(3) == 0 {
					p.Deps = []string{fmt.Sprintf("stale%d", r.Intn(3))}
				}
			}
			return all
		}
		a, b := build(), build()
		SetDeps(a)
		setDepsSlow(b)
		for i := range a {
			if !reflect.DeepEqual(a[i].Deps, b[i].Deps) {
				t.Fatalf("package %d: SetDeps %q, want %q", i, a[i].Deps, b[i].Deps)
			}
		}
	}
}
