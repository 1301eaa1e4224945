package modcmd

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// unifiedDiff returns the unified diff go mod tidy -diff prints (the
// format of go's own "diff" helper: an anchored diff whose anchors are
// the lines that occur exactly once in each file, three lines of
// context, hunk headers always with counts), or nil when the inputs are
// equal.
func unifiedDiff(oldName string, old []byte, newName string, new []byte) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	a, b := splitLines(old), splitLines(new)
	var out strings.Builder
	fmt.Fprintf(&out, "diff %s %s\n--- %s\n+++ %s\n", oldName, newName, oldName, newName)

	const ctx = 3
	type pos struct{ a, b int }
	var (
		done      pos      // a[:done.a] and b[:done.b] are handled
		hunk      pos      // first lines of the pending hunk
		na, nb    int      // lines of each side in the pending hunk
		hunkLines []string // the pending hunk's lines, prefixed
	)
	for _, m := range anchors(a, b) {
		if m.a < done.a {
			continue
		}
		// Grow the match around the anchor.
		start := pos{m.a, m.b}
		for start.a > done.a && start.b > done.b && a[start.a-1] == b[start.b-1] {
			start.a--
			start.b--
		}
		end := pos{m.a, m.b}
		for end.a < len(a) && end.b < len(b) && a[end.a] == b[end.b] {
			end.a++
			end.b++
		}
		for _, l := range a[done.a:start.a] {
			hunkLines = append(hunkLines, "-"+l)
			na++
		}
		for _, l := range b[done.b:start.b] {
			hunkLines = append(hunkLines, "+"+l)
			nb++
		}
		same := end.a - start.a
		atEOF := end.a >= len(a) && end.b >= len(b)
		if !atEOF && (same < ctx || len(hunkLines) > 0 && same < 2*ctx) {
			// Too few common lines to close the hunk: keep them in it.
			for _, l := range a[start.a:end.a] {
				hunkLines = append(hunkLines, " "+l)
				na++
				nb++
			}
			done = end
			continue
		}
		if len(hunkLines) > 0 {
			n := min(same, ctx)
			for _, l := range a[start.a : start.a+n] {
				hunkLines = append(hunkLines, " "+l)
				na++
				nb++
			}
			done = pos{start.a + n, start.b + n}
			ha, hb := hunk.a, hunk.b
			if na > 0 {
				ha++
			}
			if nb > 0 {
				hb++
			}
			fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", ha, na, hb, nb)
			for _, l := range hunkLines {
				out.WriteString(l)
			}
			na, nb, hunkLines = 0, 0, hunkLines[:0]
		}
		if atEOF {
			break
		}
		hunk = pos{end.a - ctx, end.b - ctx}
		for _, l := range a[hunk.a:end.a] {
			hunkLines = append(hunkLines, " "+l)
			na++
			nb++
		}
		done = end
	}
	return []byte(out.String())
}

type anchor struct{ a, b int }

// anchors returns the matched unique lines of a and b, as a longest
// sequence increasing on both sides, between a leading {0,0} and a
// trailing {len(a),len(b)} sentinel.
func anchors(a, b []string) []anchor {
	countA, countB := map[string]int{}, map[string]int{}
	for _, l := range a {
		countA[l]++
	}
	posB := map[string]int{}
	for i, l := range b {
		countB[l]++
		posB[l] = i
	}
	var cand []anchor // in order of a
	for i, l := range a {
		if countA[l] == 1 && countB[l] == 1 {
			cand = append(cand, anchor{i, posB[l]})
		}
	}
	// Longest increasing subsequence on b (patience sorting): tails[k]
	// is the smallest b ending an increasing run of length k+1; length[i]
	// is the longest run ending at cand[i].
	var tails []int
	length := make([]int, len(cand))
	for i, c := range cand {
		k := sort.SearchInts(tails, c.b)
		if k == len(tails) {
			tails = append(tails, c.b)
		} else {
			tails[k] = c.b
		}
		length[i] = k + 1
	}
	k := len(tails)
	seq := make([]anchor, k+2)
	seq[k+1] = anchor{len(a), len(b)}
	limit := len(b)
	for i := len(cand) - 1; i >= 0 && k > 0; i-- {
		if length[i] == k && cand[i].b < limit {
			seq[k] = cand[i]
			limit = cand[i].b
			k--
		}
	}
	return seq
}

// splitLines splits data into lines that keep their "\n"; a last line
// without one gets "\n\\ No newline at end of file\n".
func splitLines(data []byte) []string {
	var lines []string
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			lines = append(lines, string(data)+"\n\\ No newline at end of file\n")
			break
		}
		lines = append(lines, string(data[:i+1]))
		data = data[i+1:]
	}
	return lines
}
