package load

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

func TestUnionDeps(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := range 200 {
		p := &Package{}
		for range r.Intn(6) {
			q := &Package{}
			q.ImportPath = fmt.Sprintf("p%d", r.Intn(20))
			for range r.Intn(10) {
				q.Deps = append(q.Deps, fmt.Sprintf("p%d", r.Intn(30)))
			}
			if iter%2 == 0 {
				q.Deps = unionDepsSet(&Package{Internal: Internal{Imports: depsAsImports(q.Deps)}})
			}
			p.Internal.Imports = append(p.Internal.Imports, q)
		}
		if have, want := UnionDeps(p), unionDepsSet(p); !reflect.DeepEqual(have, want) {
			t.Fatalf("UnionDeps = %q, want %q", have, want)
		}
	}
}

func depsAsImports(paths []string) []*Package {
	var l []*Package
	for _, path := range paths {
		q := &Package{}
		q.ImportPath = path
		l = append(l, q)
	}
	return l
}
