package buildid

import (
	"bytes"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// naiveFindAndHash is the obvious in-memory version of FindAndHash.
func naiveFindAndHash(data []byte, id string) ([]int64, [32]byte) {
	var matches []int64
	zeroed := bytes.Clone(data)
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(id))
		if j < 0 {
			break
		}
		matches = append(matches, int64(i+j))
		clear(zeroed[i+j : i+j+len(id)])
		i += j + len(id)
	}
	return matches, sha256.Sum256(zeroed)
}

// onlyReader hides any methods of r other than Read, so that FindAndHash
// does not look for ELF or Mach-O regions.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestFindAndHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ids := []string{testPkgID, testExeID, "aaa", "abab", "x"}
	for _, id := range ids {
		for _, size := range []int{0, 1, 100, 4096, 100000} {
			data := make([]byte, size)
			for i := range data {
				data[i] = "ab/x"[rng.IntN(4)]
			}
			// Plant copies of id, some overlapping each other, some at
			// the very start and end.
			for k := 0; k < 1+size/500 && len(id) <= size; k++ {
				at := rng.IntN(size - len(id) + 1)
				switch k {
				case 0:
					at = 0
				case 1:
					at = size - len(id)
				}
				copy(data[at:], id)
			}
			wantM, wantH := naiveFindAndHash(data, id)
			for _, buf := range []int{len(id), len(id) + 1, 2*len(id) - 1, 97, 1024, 0} {
				m, h, err := FindAndHash(onlyReader{bytes.NewReader(data)}, id, buf)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(m, wantM) || h != wantH {
					t.Errorf("FindAndHash(id %q, %d bytes, buf %d) = %v, %x; want %v, %x", id, size, buf, m, h, wantM, wantH)
				}
			}
		}
	}
}

func TestFindAndHashErrors(t *testing.T) {
	if _, _, err := FindAndHash(bytes.NewReader(nil), "", 0); err == nil || err.Error() != "buildid.FindAndHash: no id specified" {
		t.Errorf("empty id: %v", err)
	}
	if _, _, err := FindAndHash(bytes.NewReader(nil), "abcdef", 5); err == nil || err.Error() != "buildid.FindAndHash: buffer too small" {
		t.Errorf("small buffer: %v", err)
	}
	wantErr := io.ErrClosedPipe
	r := io.MultiReader(bytes.NewReader(make([]byte, 100)), errReader{wantErr})
	if _, _, err := FindAndHash(r, "abc", 10); err != wantErr {
		t.Errorf("read error: %v", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestFindAndHashELF checks that the contents of a GNU build ID note
// count as zeros, while a GNU build ID outside that section does not.
func TestFindAndHashELF(t *testing.T) {
	mk := func(gnu string) []byte {
		return buildELF(elfSpec{
			notes: []elfNote{
				{elfGoNoteName, elfGoNoteType, testExeID},
				{elfGNUNoteName, elfGNUNoteType, gnu},
			},
			sections: []string{".note.go.buildid", ".note.gnu.build-id"},
		})
	}
	a, b := mk("0123456789abcdef0123"), mk("fedcba9876543210fedc")
	ma, ha, err := FindAndHash(bytes.NewReader(a), testExeID, 0)
	if err != nil {
		t.Fatal(err)
	}
	mb, hb, err := FindAndHash(bytes.NewReader(b), testExeID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ma) != 1 || !slices.Equal(ma, mb) || ha != hb {
		t.Errorf("GNU build ID not excluded: %v %x, %v %x", ma, ha, mb, hb)
	}
	// Without the section header, the note is ordinary content.
	_, hr, _ := FindAndHash(onlyReader{bytes.NewReader(a)}, testExeID, 0)
	_, hs, _ := FindAndHash(onlyReader{bytes.NewReader(b)}, testExeID, 0)
	if hr == hs {
		t.Errorf("plain reader: GNU build ID excluded")
	}
	// Zeroing the note ourselves gives the same hash as the exclusion.
	z := bytes.Clone(a)
	i := bytes.Index(z, []byte("0123456789abcdef0123"))
	clear(z[i : i+20])
	if _, hz := naiveFindAndHash(z, testExeID); hz != ha {
		t.Errorf("excluded hash %x, want %x", ha, hz)
	}
}

func TestRewrite(t *testing.T) {
	data := []byte("xx" + testPkgID + "yyyy" + testPkgID + "z")
	name := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(name, data, 0o666); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	m, h, err := FindAndHash(f, testPkgID, 0)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	newID := WithContentID(testPkgID, h)
	w, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := Rewrite(w, m, newID); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(name)
	if want := "xx" + newID + "yyyy" + newID + "z"; string(got) != want {
		t.Errorf("after Rewrite: %q, want %q", got, want)
	}
	// Rewriting again is a no-op: the content ID does not depend on itself.
	f, _ = os.Open(name)
	_, h2, _ := FindAndHash(f, newID, 0)
	f.Close()
	if h2 != h {
		t.Errorf("hash changed after rewrite")
	}
}
