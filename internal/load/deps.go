package load

import (
	"math/bits"
	"slices"
)

// SetDeps sets p.Deps, for each p in all in turn, to the sorted import
// paths of p's imports and of their Deps. An import that comes before p
// in all contributes the Deps just computed; any other (one later in all,
// in an import cycle, or outside all) contributes the Deps it has.
//
// Sets of import paths are bit sets over the sorted paths, so that a
// union costs a few words per import instead of a string set.
func SetDeps(all []*Package) {
	pos := make(map[*Package]int, len(all))
	for i, p := range all {
		pos[p] = i
	}
	rank := map[string]int{}
	for i, p := range all {
		for _, q := range p.Internal.Imports {
			rank[q.ImportPath] = 0
			if j, ok := pos[q]; !ok || j >= i {
				for _, d := range q.Deps {
					rank[d] = 0
				}
			}
		}
	}
	names := make([]string, 0, len(rank))
	for name := range rank {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		rank[name] = i
	}
	words := (len(names) + 63) / 64
	sets := make([][]uint64, len(all))
	for i, p := range all {
		set := make([]uint64, words)
		add := func(name string) {
			r := rank[name]
			set[r/64] |= 1 << (r % 64)
		}
		for _, q := range p.Internal.Imports {
			add(q.ImportPath)
			if j, ok := pos[q]; ok && j < i {
				for w, x := range sets[j] {
					set[w] |= x
				}
			} else {
				for _, d := range q.Deps {
					add(d)
				}
			}
		}
		sets[i] = set
		n := 0
		for _, x := range set {
			n += bits.OnesCount64(x)
		}
		deps := make([]string, 0, n)
		for w, x := range set {
			for x != 0 {
				b := bits.TrailingZeros64(x)
				deps = append(deps, names[w*64+b])
				x &= x - 1
			}
		}
		p.Deps = deps
	}
}
