package buildid

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"io"
	"io/fs"
	"os"
)

// ELF note names and types carrying build IDs.
const (
	elfGoNoteName  = "Go\x00\x00"
	elfGoNoteType  = 4 // NT_GO_BUILDID, in section .note.go.buildid
	elfGNUNoteName = "GNU\x00"
	elfGNUNoteType = 3 // NT_GNU_BUILD_ID, used by gccgo
)

// readELF finds the Go build ID note among the PT_NOTE segments of an ELF
// file whose first bytes (at least the ELF header and usually the program
// headers and notes) are in head. A GNU build ID note is the fallback, as
// gccgo records its build ID there. No note means no build ID.
func readELF(name string, f *os.File, head []byte) (string, error) {
	// Parse only the program headers: hide the section headers, which may
	// lie beyond head, by clearing their offset and count in a copy of the
	// ELF header.
	hdr := bytes.Clone(head)
	switch elf.Class(hdr[elf.EI_CLASS]) {
	case elf.ELFCLASS32:
		clear(hdr[32:36]) // e_shoff
		clear(hdr[48:50]) // e_shnum
	case elf.ELFCLASS64:
		clear(hdr[40:48]) // e_shoff
		clear(hdr[60:62]) // e_shnum
	}
	ef, err := elf.NewFile(bytes.NewReader(hdr))
	if err != nil {
		return "", &fs.PathError{Op: "parse", Path: name, Err: err}
	}

	gnu := ""
	for _, p := range ef.Progs {
		if p.Type != elf.PT_NOTE || p.Filesz < 16 {
			continue
		}
		var seg []byte
		if p.Off+p.Filesz < uint64(len(head)) {
			seg = head[p.Off : p.Off+p.Filesz]
		} else {
			if _, err := f.Seek(int64(p.Off), io.SeekStart); err != nil {
				return "", err
			}
			seg = make([]byte, p.Filesz)
			if _, err := io.ReadFull(f, seg); err != nil {
				return "", err
			}
		}
		id, gnuID, found := scanNotes(ef.ByteOrder, seg, p.Off, p.Filesz, p.Align)
		if found {
			return id, nil
		}
		if gnuID != "" {
			gnu = gnuID
		}
	}
	return gnu, nil
}

// scanNotes walks the notes of one PT_NOTE segment (seg, at file offset
// off, of size filesz, with alignment align between notes) and returns the
// Go build ID note's contents if there is one, else the last GNU build ID.
func scanNotes(bo binary.ByteOrder, seg []byte, off, filesz, align uint64) (goID, gnuID string, found bool) {
	for filesz >= 16 {
		nameSize := bo.Uint32(seg)
		descSize := bo.Uint32(seg[4:])
		typ := bo.Uint32(seg[8:])
		noteName := string(seg[12:16])
		if nameSize == 4 && 16+descSize <= uint32(len(seg)) {
			switch {
			case typ == elfGoNoteType && noteName == elfGoNoteName:
				return string(seg[16 : 16+descSize]), "", true
			case typ == elfGNUNoteType && noteName == elfGNUNoteName:
				gnuID = string(seg[16 : 16+descSize])
			}
		}
		size := 12 + uint64(round4(nameSize)) + uint64(round4(descSize))
		if filesz <= size {
			break
		}
		next := off + size
		if align != 0 {
			next = (next + align - 1) &^ (align - 1)
		}
		size = next - off // the note and the padding after it
		off = next
		if size > uint64(len(seg)) {
			break // truncated or misaligned segment
		}
		filesz -= size
		seg = seg[size:]
	}
	return "", gnuID, false
}

func round4(n uint32) uint32 { return (n + 3) &^ 3 }
