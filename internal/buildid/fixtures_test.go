package buildid

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// This file builds small synthetic object files for the tests.

// elfNote is one ELF note.
type elfNote struct {
	name string // without padding, e.g. "Go\x00\x00" or "GNU\x00"
	typ  uint32
	desc string
}

// elfSpec describes a little-endian 64-bit ELF file with one PT_NOTE
// segment holding notes, placed at noteOff (0: right after the program
// header), and optionally section headers naming sections, each covering
// the note (or data) at the same index.
type elfSpec struct {
	notes    []elfNote
	noteOff  int
	sections []string // section names, one per note; nil for none
	class    byte     // ELF class; 0 means ELFCLASS64
}

func pad4(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func encodeNote(n elfNote) []byte {
	le := binary.LittleEndian
	var b []byte
	b = le.AppendUint32(b, uint32(len(n.name)))
	b = le.AppendUint32(b, uint32(len(n.desc)))
	b = le.AppendUint32(b, n.typ)
	b = pad4(append(b, n.name...))
	return pad4(append(b, n.desc...))
}

func buildELF(s elfSpec) []byte {
	le := binary.LittleEndian
	const ehsize, phsize, shsize = 64, 56, 64
	noteOff := ehsize + phsize
	if s.noteOff > 0 {
		noteOff = s.noteOff
	}
	var notes []byte
	var noteStarts []int
	for _, n := range s.notes {
		noteStarts = append(noteStarts, noteOff+len(notes))
		notes = append(notes, encodeNote(n)...)
	}
	file := make([]byte, noteOff)
	file = append(file, notes...)

	// Section name table and section headers.
	var shoff, shnum, shstrndx int
	if s.sections != nil {
		strtab := []byte{0}
		var nameOff []int
		for _, name := range s.sections {
			nameOff = append(nameOff, len(strtab))
			strtab = append(append(strtab, name...), 0)
		}
		shstrName := len(strtab)
		strtab = append(append(strtab, ".shstrtab"...), 0)
		strOff := len(file)
		file = pad4(append(file, strtab...))
		for len(file)%8 != 0 {
			file = append(file, 0)
		}
		shoff = len(file)
		shnum = len(s.sections) + 2
		shstrndx = shnum - 1
		sh := func(name, typ uint32, off, size uint64) {
			var h []byte
			h = le.AppendUint32(h, name)
			h = le.AppendUint32(h, typ)
			h = le.AppendUint64(h, 0) // flags
			h = le.AppendUint64(h, 0) // addr
			h = le.AppendUint64(h, off)
			h = le.AppendUint64(h, size)
			h = le.AppendUint32(h, 0) // link
			h = le.AppendUint32(h, 0) // info
			h = le.AppendUint64(h, 4) // addralign
			h = le.AppendUint64(h, 0) // entsize
			file = append(file, h...)
		}
		sh(0, 0, 0, 0)
		for i := range s.sections {
			n := encodeNote(s.notes[i])
			sh(uint32(nameOff[i]), 7 /* SHT_NOTE */, uint64(noteStarts[i]), uint64(len(n)))
		}
		sh(uint32(shstrName), 3 /* SHT_STRTAB */, uint64(strOff), uint64(len(strtab)))
	}

	class := s.class
	if class == 0 {
		class = 2
	}
	h := []byte{0x7f, 'E', 'L', 'F', class, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	h = le.AppendUint16(h, 2)  // ET_EXEC
	h = le.AppendUint16(h, 62) // EM_X86_64
	h = le.AppendUint32(h, 1)
	h = le.AppendUint64(h, 0)      // entry
	h = le.AppendUint64(h, ehsize) // phoff
	h = le.AppendUint64(h, uint64(shoff))
	h = le.AppendUint32(h, 0) // flags
	h = le.AppendUint16(h, ehsize)
	h = le.AppendUint16(h, phsize)
	h = le.AppendUint16(h, 1)
	h = le.AppendUint16(h, shsize)
	h = le.AppendUint16(h, uint16(shnum))
	h = le.AppendUint16(h, uint16(shstrndx))
	// PT_NOTE program header.
	h = le.AppendUint32(h, 4) // PT_NOTE
	h = le.AppendUint32(h, 4) // PF_R
	h = le.AppendUint64(h, uint64(noteOff))
	h = le.AppendUint64(h, 0)
	h = le.AppendUint64(h, 0)
	h = le.AppendUint64(h, uint64(len(notes)))
	h = le.AppendUint64(h, uint64(len(notes)))
	h = le.AppendUint64(h, 4)
	copy(file, h)
	return file
}

// arMember is one member of a Unix ar archive.
type arMember struct {
	name string
	data []byte
	size string // the size field; "" for len(data)
}

func buildAr(members ...arMember) []byte {
	var b bytes.Buffer
	b.WriteString(arMagic)
	for _, m := range members {
		size := m.size
		if size == "" {
			size = fmt.Sprint(len(m.data))
		}
		fmt.Fprintf(&b, "%-16s%-12s%-6s%-6s%-8s%-10s`\n", m.name, "0", "0", "0", "644", size)
		b.Write(m.data)
		if b.Len()%2 != 0 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

const (
	testPkgID = "abcdefghijklmnopqrst/ABCDEFGHIJKLMNOPQRST"
	testExeID = "abcdefghijklmnopqrst/bbbbbbbbbbbbbbbbbbbb/cccccccccccccccccccc/ABCDEFGHIJKLMNOPQRST"
)

// goArchive returns the start of a Go package archive whose object
// header's fourth line is idLine.
func goArchive(idLine string) []byte {
	pkgdef := "go object linux amd64 go1.26.8 X:none\n" + idLine + "\n\n$$B\n"
	return buildAr(
		arMember{name: "__.PKGDEF", data: []byte(pkgdef)},
		arMember{name: "_go_.o", data: []byte("go object linux amd64 go1.26.8 X:none\n" + idLine + "\n\n!\n")},
	)
}

// readFileCase is a synthetic file and what ReadFile returns for it; in
// wantErr, NAME stands for the file's name.
type readFileCase struct {
	name    string
	data    []byte
	want    string
	wantErr string
}

func readFileCases() []readFileCase {
	goNote := elfNote{elfGoNoteName, elfGoNoteType, testExeID}
	gnuNote := elfNote{elfGNUNoteName, elfGNUNoteType, "\x01\x02\x03\x04gnu-id"}
	otherNote := elfNote{"Xen\x00", 4, "ignored"}
	raw := func(prefix, id string, suffix string) []byte {
		return []byte(prefix + rawPrefix + id + suffix)
	}
	gccgoNote := elfNote{"x\x00\x00\x00", 1, "gccgo-build-id"}
	gccgoObj := buildELF(elfSpec{notes: []elfNote{gccgoNote}, sections: []string{".go.buildid"}})
	return []readFileCase{
		{name: "pkg.a", data: goArchive(`build id "` + testPkgID + `"`), want: testPkgID},
		{name: "escaped.a", data: goArchive(`build id "a\x41\"b"`), want: "aA\"b"},
		{name: "noid.a", data: goArchive(`something else`), want: ""},
		{name: "badquote.a", data: goArchive(`build id "abc`), want: ""},
		{name: "badquote-size.a", data: buildAr(
			arMember{name: "__.PKGDEF", data: []byte("go object x\nbuild id \"abc\n"), size: "zz"}),
			wantErr: "parse NAME: malformed object file"},
		{name: "gccgo.a", data: buildAr(
			arMember{name: "p.o/", data: []byte("hello")},
			arMember{name: "_buildid.o/", data: gccgoObj}), want: string(encodeNote(gccgoNote))},
		{name: "gccgo-bad-elf.a", data: buildAr(
			arMember{name: "_buildid.o/", data: []byte("not elf")}),
			wantErr: "parse NAME: malformed object file"},
		{name: "gccgo-no-section.a", data: buildAr(
			arMember{name: "_buildid.o/", data: buildELF(elfSpec{notes: []elfNote{gnuNote}})}),
			wantErr: "parse NAME: malformed object file"},
		{name: "c.a", data: buildAr(arMember{name: "x.o/", data: []byte("abc")}), want: ""},
		{name: "truncated.a", data: append(buildAr(arMember{name: "x.o/", data: []byte("ab")}), "short"...),
			wantErr: "unexpected EOF"},
		{name: "empty.a", data: []byte(arMagic), want: ""},
		{name: "bigaf-short.a", data: []byte(aixBigMagic + "x"), wantErr: "unexpected EOF"},
		{name: "bigaf-bad.a", data: append([]byte(aixBigMagic), bytes.Repeat([]byte("x"), 200)...),
			wantErr: "parse NAME: malformed object file"},
		{name: "bigaf-empty.a", data: append([]byte(aixBigMagic), bytes.Repeat([]byte("0"), 120)...), want: ""},

		{name: "go.elf", data: buildELF(elfSpec{notes: []elfNote{gnuNote, otherNote, goNote}}), want: testExeID},
		{name: "gnu.elf", data: buildELF(elfSpec{notes: []elfNote{otherNote, gnuNote}}), want: gnuNote.desc},
		{name: "none.elf", data: buildELF(elfSpec{notes: []elfNote{otherNote}}), want: ""},
		{name: "far.elf", data: buildELF(elfSpec{notes: []elfNote{goNote}, noteOff: 40000}), want: testExeID},
		{name: "sections.elf", data: buildELF(elfSpec{
			notes:    []elfNote{goNote, gnuNote},
			sections: []string{".note.go.buildid", ".note.gnu.build-id"}}), want: testExeID},
		{name: "badclass.elf", data: buildELF(elfSpec{notes: []elfNote{goNote}, class: 9}),
			wantErr: "parse NAME: unknown ELF class 'ELFCLASS64+7' in record at byte 0x0"},

		{name: "raw.exe", data: raw("MZ junk", testExeID, "\"\n \xff more"), want: testExeID},
		{name: "raw-late.exe", data: raw(string(bytes.Repeat([]byte{'z'}, 20000)), testPkgID, "\"\n \xffx"), want: testPkgID},
		{name: "raw-beyond.exe", data: raw(string(bytes.Repeat([]byte{'z'}, 40000)), testPkgID, "\"\n \xffx"), want: ""},
		{name: "raw-unterminated.exe", data: raw("", testPkgID, "\""), wantErr: "parse NAME: malformed object file"},
		{name: "raw-badquote.exe", data: raw("", `a\q`, "\"\n \xff"), wantErr: "parse NAME: malformed object file"},
		{name: "text.txt", data: []byte("hello, world\n"), want: ""},
		{name: "short.txt", data: []byte("abc"), wantErr: "EOF"},
		{name: "empty.txt", data: nil, wantErr: "EOF"},
		{name: "macho-garbage", data: append([]byte("\xcf\xfa\xed\xfe"), bytes.Repeat([]byte{0}, 60)...),
			wantErr: "parse NAME: cannot find __text section"},
	}
}
