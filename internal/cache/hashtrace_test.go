package cache

import (
	"encoding/hex"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	traceStartRE  = regexp.MustCompile(`^HASH\[(.*)\]$`)
	traceInputRE  = regexp.MustCompile(`^HASH\[(.*)\]: (".*")$`)
	traceSumRE    = regexp.MustCompile(`^HASH\[(.*)\]: ([0-9a-f]{64})$`)
	traceSubkeyRE = regexp.MustCompile(`^HASH subkey ([0-9a-f]{64}) (".*") = ([0-9a-f]{64})$`)
	traceFileRE   = regexp.MustCompile(`^HASH (/.*): ([0-9a-f]{64})$`)
)

// checkHashTrace recomputes, with a Hasher, the hashes that a go command
// traced under GODEBUG=gocachehash=1, and compares the traces too.
// It returns the number of hashes checked.
func checkHashTrace(t *testing.T, trace string) int {
	t.Helper()
	type block struct {
		inputs    []string
		ambiguous bool // two hashes of the same name were open at once
	}
	open := map[string]*block{}
	checked := 0
	var hr *Hasher
	for line := range strings.Lines(trace) {
		line = strings.TrimSuffix(line, "\n")
		if m := traceStartRE.FindStringSubmatch(line); m != nil {
			if b := open[m[1]]; b != nil {
				b.ambiguous = true
			} else {
				open[m[1]] = &block{}
			}
		} else if m := traceInputRE.FindStringSubmatch(line); m != nil {
			s, err := strconv.Unquote(m[2])
			if err != nil {
				t.Fatalf("trace line %q: %v", line, err)
			}
			if b := open[m[1]]; b != nil {
				b.inputs = append(b.inputs, s)
			}
		} else if m := traceSumRE.FindStringSubmatch(line); m != nil {
			b := open[m[1]]
			delete(open, m[1])
			if b == nil || b.ambiguous || len(b.inputs) == 0 {
				continue
			}
			if hr == nil {
				// The first input of every hash is the salt.
				if b.inputs[0] != DefaultSalt() {
					t.Logf("go's salt %q differs from ours %q", b.inputs[0], DefaultSalt())
				}
				hr = NewHasher(HasherConfig{Salt: b.inputs[0]})
			}
			if b.inputs[0] != string(hr.salt) {
				t.Errorf("hash %s: salt %q", m[1], b.inputs[0])
				continue
			}
			var ours strings.Builder
			h := NewHasher(HasherConfig{Salt: b.inputs[0], Trace: &ours}).NewHash(m[1])
			for _, in := range b.inputs[1:] {
				h.Write([]byte(in))
			}
			if got := hex.EncodeToString(sumSlice(h.Sum())); got != m[2] {
				t.Errorf("hash %s: ours %s, go's %s", m[1], got, m[2])
			}
			if !strings.HasSuffix(ours.String(), line+"\n") {
				t.Errorf("hash %s: our trace ends %q", m[1], ours.String())
			}
			checked++
		} else if m := traceSubkeyRE.FindStringSubmatch(line); m != nil {
			var parent ActionID
			hex.Decode(parent[:], []byte(m[1]))
			desc, _ := strconv.Unquote(m[2])
			var ours strings.Builder
			out := NewHasher(HasherConfig{Trace: &ours}).Subkey(parent, desc)
			if hex.EncodeToString(out[:]) != m[3] || ours.String() != line+"\n" {
				t.Errorf("subkey: ours %q, go's %q", ours.String(), line)
			}
			checked++
		} else if m := traceFileRE.FindStringSubmatch(line); m != nil && filepath.IsAbs(m[1]) {
			sum, err := NewHasher(HasherConfig{}).FileHash(m[1])
			if err == nil && hex.EncodeToString(sum[:]) != m[2] {
				t.Errorf("file hash of %s: ours %x, go's %s", m[1], sum, m[2])
			}
			checked++
		}
	}
	return checked
}

func sumSlice(s [HashSize]byte) []byte { return s[:] }
