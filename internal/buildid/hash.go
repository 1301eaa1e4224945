package buildid

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"errors"
	"io"
)

// DefaultBufSize is the read size FindAndHash uses when given 0.
const DefaultBufSize = 31 << 10

// Mach-O load command types.
const (
	machoLoadCodeSignature = 0x1d // LC_CODE_SIGNATURE
	machoLoadUUID          = 0x1b // LC_UUID
)

// FindAndHash reads r to its end, bufSize bytes at a time (DefaultBufSize
// if 0), and returns the file offsets of the non-overlapping occurrences of
// id, leftmost first, together with the SHA-256 hash of the content with
// those occurrences replaced by zero bytes.
//
// If r is also an io.ReaderAt over the whole file (as an *os.File is),
// regions that depend on the build ID are read as zeros both for matching
// and hashing, as go does: the contents of an ELF file's GNU build ID note
// (.note.gnu.build-id), a Mach-O file's LC_UUID, and a Mach-O file's code
// signature.
func FindAndHash(r io.Reader, id string, bufSize int) (matches []int64, hash [32]byte, err error) {
	if bufSize == 0 {
		bufSize = DefaultBufSize
	}
	if id == "" {
		return nil, hash, errors.New("buildid.FindAndHash: no id specified")
	}
	if len(id) > bufSize {
		return nil, hash, errors.New("buildid.FindAndHash: buffer too small")
	}
	if ra, ok := r.(io.ReaderAt); ok {
		if spans := idDependentSpans(ra); len(spans) > 0 {
			r = &zeroingReader{r: r, spans: spans}
		}
	}

	pattern := []byte(id)
	zeros := make([]byte, len(id))
	h := sha256.New()
	// buf[:kept] holds bytes carried over from the previous read that are
	// not hashed yet because they might begin an occurrence of id.
	buf := make([]byte, len(id)-1+bufSize)
	kept := 0
	var base int64 // file offset of buf[0]
	for {
		n, rerr := io.ReadFull(r, buf[kept:kept+bufSize])
		if rerr != nil && rerr != io.EOF && rerr != io.ErrUnexpectedEOF {
			return nil, [32]byte{}, rerr
		}
		data := buf[:kept+n]
		i := 0
		for {
			j := bytes.Index(data[i:], pattern)
			if j < 0 {
				break
			}
			matches = append(matches, base+int64(i+j))
			h.Write(data[i : i+j])
			h.Write(zeros)
			i += j + len(id)
		}
		if n < bufSize {
			h.Write(data[i:])
			break
		}
		cut := max(i, len(data)-(len(id)-1))
		h.Write(data[i:cut])
		kept = copy(buf, data[cut:])
		base += int64(cut)
	}
	h.Sum(hash[:0])
	return matches, hash, nil
}

// Rewrite writes id at each of the offsets pos in w, replacing the build
// ID found there by FindAndHash.
//
// go also recomputes the ad-hoc code signature of a Mach-O file after the
// rewrite (when its size is the one the Go linker reserves); Rewrite does
// not, so a signed Mach-O executable (darwin/arm64) keeps a signature that
// no longer matches its content.
func Rewrite(w io.WriterAt, pos []int64, id string) error {
	b := []byte(id)
	for _, p := range pos {
		if _, err := w.WriteAt(b, p); err != nil {
			return err
		}
	}
	return nil
}

// span is a half-open range of file offsets.
type span struct{ start, end int64 }

// idDependentSpans returns the regions of the file in ra whose contents
// are derived from the Go build ID or from the whole file's content.
func idDependentSpans(ra io.ReaderAt) []span {
	if ef, err := elf.NewFile(ra); err == nil {
		if s := ef.Section(".note.gnu.build-id"); s != nil && s.Size >= 16 {
			// Skip the note header (sizes, type) and the name "GNU\x00".
			return []span{{int64(s.Offset) + 16, int64(s.Offset + s.Size)}}
		}
		return nil
	}
	mf, err := macho.NewFile(ra)
	if err != nil {
		return nil
	}
	var spans []span
	get32 := mf.ByteOrder.Uint32
	off := int64(28) // size of a 32-bit Mach-O header
	if mf.Magic == macho.Magic64 {
		off = 32
	}
	haveSig, haveUUID := false, false
	for _, l := range mf.Loads {
		raw := l.Raw()
		if len(raw) < 8 {
			break
		}
		switch get32(raw) {
		case machoLoadCodeSignature:
			if !haveSig && len(raw) >= 16 {
				dataOff := int64(get32(raw[8:]))
				spans = append(spans, span{dataOff, dataOff + int64(get32(raw[12:]))})
				haveSig = true
			}
		case machoLoadUUID:
			if !haveUUID {
				spans = append(spans, span{off + 8, off + int64(len(raw))})
				haveUUID = true
			}
		}
		off += int64(len(raw))
	}
	return spans
}

// zeroingReader reads from r but returns zeros for bytes at offsets
// (counted from where r starts) inside any of spans.
type zeroingReader struct {
	r     io.Reader
	off   int64
	spans []span
}

func (z *zeroingReader) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	lo, hi := z.off, z.off+int64(n)
	for _, s := range z.spans {
		from, to := max(s.start, lo), min(s.end, hi)
		if from < to {
			clear(p[from-lo : to-lo])
		}
	}
	z.off = hi
	return n, err
}
