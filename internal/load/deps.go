package load

import (
	"slices"
	"strings"
)

// UnionDeps returns the sorted set of the import paths of p's imports and
// of their Deps (never nil). When the imports' Deps are sorted, as
// CollectDeps leaves them (without duplicates), it merges them instead of building a set.
func UnionDeps(p *Package) []string {
	var out, buf []string
	for _, q := range p.Internal.Imports {
		if !strictlySorted(q.Deps) {
			return unionDepsSet(p)
		}
		buf = mergeSorted(buf[:0], out, q.Deps)
		out, buf = buf, out
		if i, found := slices.BinarySearch(out, q.ImportPath); !found {
			out = slices.Insert(out, i, q.ImportPath)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// strictlySorted reports whether l is sorted without duplicates.
func strictlySorted(l []string) bool {
	for i := 1; i < len(l); i++ {
		if l[i-1] >= l[i] {
			return false
		}
	}
	return true
}

// mergeSorted appends to dst the sorted union of the sorted lists a and
// b, each element once.
func mergeSorted(dst, a, b []string) []string {
	for len(a) > 0 && len(b) > 0 {
		switch c := strings.Compare(a[0], b[0]); {
		case c < 0:
			dst = append(dst, a[0])
			a = a[1:]
		case c > 0:
			dst = append(dst, b[0])
			b = b[1:]
		default:
			dst = append(dst, a[0])
			a, b = a[1:], b[1:]
		}
	}
	dst = append(dst, a...)
	return append(dst, b...)
}

// unionDepsSet is UnionDeps for unsorted Deps.
func unionDepsSet(p *Package) []string {
	set := map[string]bool{}
	for _, q := range p.Internal.Imports {
		set[q.ImportPath] = true
		for _, d := range q.Deps {
			set[d] = true
		}
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}
