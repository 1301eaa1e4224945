package buildid

import (
	"bytes"
	"debug/elf"
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// errMalformed is the error "go tool buildid" reports (wrapped in a
// *fs.PathError with Op "parse") for an object it cannot make sense of.
var errMalformed = errors.New("malformed object file")

func malformed(name string) error {
	return &fs.PathError{Op: "parse", Path: name, Err: errMalformed}
}

// Markers and magic numbers.
const (
	arMagic      = "!<arch>\n"
	aixBigMagic  = "<bigaf>\n"
	pkgdefMember = "__.PKGDEF"
	objectHeader = "go object "
	buildIDLine  = "build id "

	// rawPrefix and rawSuffix surround the quoted build ID that the linker
	// writes at the start of the text segment of non-ELF binaries and that
	// the assembler and compiler write into object files. The quote
	// characters belong to the quoted ID.
	rawPrefix = "\xff Go build ID: \""
	rawSuffix = "\"\n \xff"
)

// archiveProbe is how much of a Go archive ReadFile reads to find the
// build ID line in the first member's header.
const archiveProbe = 1024

// defaultBinaryProbe is how much of a binary ReadFile reads at once: enough
// to hold ELF headers and notes and the start of the text segment of PE and
// Plan 9 binaries.
const defaultBinaryProbe = 32 << 10

// ReadFile returns the build ID recorded in the named package archive,
// object file or executable. A file of a recognized kind that records no
// build ID yields "" and a nil error; so does a file that is not an object
// at all, as with "go tool buildid". Errors are those of opening and
// reading the file, or a *fs.PathError with Op "parse" for a malformed one.
func ReadFile(name string) (string, error) {
	return readFile(name, defaultBinaryProbe)
}

func readFile(name string, probe int) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()

	var magic [len(arMagic)]byte
	if _, err := f.ReadAt(magic[:], 0); err != nil {
		return "", err
	}
	switch string(magic[:]) {
	case arMagic:
		return readArchive(name, f)
	case aixBigMagic:
		return readAIXBigArchive(name, f)
	}
	return readBinary(name, f, probe)
}

// readArchive reads the build ID of a Go package archive, which the
// compiler writes as the fourth line of the archive: after the archive
// magic, the header of the __.PKGDEF member and the "go object GOOS GOARCH
// VERSION [X:EXPERIMENTS]" line comes `build id "ID"`. Anything else is
// taken for a gccgo (plain ar) archive.
func readArchive(name string, f *os.File) (string, error) {
	buf := make([]byte, archiveProbe)
	n, err := io.ReadFull(f, buf)
	if n == 0 && err != nil {
		return "", err
	}
	buf = buf[:n]

	var lines [4]string
	for i := range lines {
		line, rest, ok := bytes.Cut(buf, []byte("\n"))
		if !ok {
			return readGccgoArchive(name, f)
		}
		lines[i], buf = string(line), rest
	}
	if lines[0] != strings.TrimSuffix(arMagic, "\n") ||
		!strings.HasPrefix(lines[1], pkgdefMember) ||
		!strings.HasPrefix(lines[2], objectHeader) {
		return readGccgoArchive(name, f)
	}
	quoted, ok := strings.CutPrefix(lines[3], buildIDLine)
	if !ok {
		// A Go object header without a build ID line.
		return "", nil
	}
	id, err := strconv.Unquote(quoted)
	if err != nil {
		return readGccgoArchive(name, f)
	}
	return id, nil
}

// readGccgoArchive walks the members of a Unix ar archive looking for the
// _buildid.o member gccgo builds add, an ELF object whose .go.buildid
// section holds the build ID.
func readGccgoArchive(name string, f *os.File) (string, error) {
	off := int64(len(arMagic))
	for {
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			return "", err
		}
		var hdr [60]byte
		if _, err := io.ReadFull(f, hdr[:]); err != nil {
			if err == io.EOF {
				return "", nil // no more members, no build ID
			}
			return "", err
		}
		off += int64(len(hdr))
		size, err := strconv.ParseInt(strings.TrimSpace(string(hdr[48:58])), 0, 64)
		if err != nil {
			return "", malformed(name)
		}
		if strings.TrimSpace(string(hdr[:16])) == "_buildid.o/" {
			e, err := elf.NewFile(io.NewSectionReader(f, off, size))
			if err != nil {
				return "", malformed(name)
			}
			s := e.Section(".go.buildid")
			if s == nil {
				return "", malformed(name)
			}
			data, err := s.Data()
			if err != nil {
				return "", malformed(name)
			}
			return string(data), nil
		}
		off += size
		off += off & 1 // members start at even offsets
	}
}

// readAIXBigArchive walks the members of an AIX big archive, which gccgo
// writes on AIX, looking for its _buildid.o member. That member is an
// XCOFF object, which this package cannot parse: finding it is reported
// as a malformed file.
func readAIXBigArchive(name string, f *os.File) (string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	var fixed [128]byte
	if _, err := io.ReadFull(f, fixed[:]); err != nil {
		return "", err
	}
	// The fixed header holds the offset of the first member in decimal.
	off, err := strconv.ParseInt(strings.TrimSpace(string(fixed[68:88])), 10, 64)
	if err != nil {
		return "", malformed(name)
	}
	for off != 0 {
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			return "", err
		}
		// A member header: size [0:20], next member [20:40], ...,
		// name length [108:112], then the name.
		var hdr [112]byte
		if _, err := io.ReadFull(f, hdr[:]); err != nil {
			return "", err
		}
		nameLen, err := strconv.ParseInt(strings.TrimSpace(string(hdr[108:112])), 10, 32)
		if err != nil {
			return "", malformed(name)
		}
		if nameLen == int64(len("_buildid.o")) {
			var member [len("_buildid.o")]byte
			if _, err := io.ReadFull(f, member[:]); err != nil {
				return "", err
			}
			if string(member[:]) == "_buildid.o" {
				return "", malformed(name)
			}
		}
		off, err = strconv.ParseInt(strings.TrimSpace(string(hdr[20:40])), 10, 64)
		if err != nil {
			return "", malformed(name)
		}
	}
	return "", nil // no more members, no build ID
}

// readBinary reads the build ID of an executable or object file. ELF files
// carry it in a note; Mach-O files at the start of the __text section;
// everything else near the start of the file, between rawPrefix and
// rawSuffix.
func readBinary(name string, f *os.File, probe int) (string, error) {
	data := make([]byte, probe)
	if _, err := io.ReadFull(f, data); err != nil && err != io.ErrUnexpectedEOF {
		return "", err
	}
	if bytes.HasPrefix(data, []byte(elf.ELFMAG)) {
		return readELF(name, f, data)
	}
	if isMachO(data) {
		return readMachO(name, f, data, probe)
	}
	return readRaw(name, data)
}

// readRaw finds a build ID marked by rawPrefix and rawSuffix in data.
// Without the marker the result is "" and no error.
func readRaw(name string, data []byte) (string, error) {
	i := bytes.Index(data, []byte(rawPrefix))
	if i < 0 {
		return "", nil
	}
	start := i + len(rawPrefix) - 1 // include the opening quote
	j := bytes.Index(data[start+1:], []byte(rawSuffix))
	if j < 0 {
		return "", malformed(name)
	}
	id, err := strconv.Unquote(string(data[start : start+1+j+1]))
	if err != nil {
		return "", malformed(name)
	}
	return id, nil
}
