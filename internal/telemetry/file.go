package telemetry

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The counter file layout (format v1, shared with golang.org/x/telemetry).
// Integers are in the machine's byte order; offsets are from file start.
//
//	header:  magic line, padding to a multiple of 4, uint32 header
//	         length H, the metadata text ("Key: value\n" lines and a blank
//	         line), NUL padding up to H, a multiple of 32
//	H+0:     uint32 allocation limit: end of the last record (0: none yet)
//	H+4:     hash table of numBuckets uint32 offsets, heads of record chains
//	records: 32-byte aligned, never crossing the end of a 16 KiB page:
//	         uint64 count, uint32 name length | 0xff000000, uint32 offset
//	         of the next record in the chain (0 ends it), the name bytes
//
// Files are at least one page long and grow by whole pages; the last four
// bytes of every page are never part of a record, so that a process can
// grow the file by writing them while others use it.
const (
	fileVersion = "v1"
	magic       = "# telemetry/counter file " + fileVersion + "\n"
	numBuckets  = 512
	recordAlign = 32
	pageLen     = 16 << 10
	maxMetaLen  = 512
	maxNameLen  = 4 << 10
	nameLenFlag = 0xff000000
	nameLenMask = 0x00ffffff
)

var order = binary.NativeEndian

// alignUp rounds x up to a multiple of unit, a power of two.
func alignUp(x, unit uint32) uint32 { return (x + unit - 1) &^ (unit - 1) }

// bucket returns the hash table slot of a counter name: 32-bit FNV-1a,
// folded and reduced to numBuckets.
func bucket(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(name))
	s := h.Sum32()
	return (s ^ s>>16) % numBuckets
}

// magicLen is the length of the magic line padded to a multiple of 4: the
// offset of the header length.
var magicLen = alignUp(uint32(len(magic)), 4)

// span is the week a counter file covers: from the start of the UTC day it
// was created to the next upload day (exclusive), at least a day later.
type span struct{ begin, end time.Time }

func weekOf(now time.Time, uploadDay time.Weekday) span {
	y, m, d := now.UTC().Date()
	begin := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	days := int(uploadDay) - int(begin.Weekday())
	if days <= 0 {
		days += 7
	}
	return span{begin, time.Date(y, m, d+days, 0, 0, 0, 0, time.UTC)}
}

// uploadDay reads the day of the week counter files end on from the
// "weekends" file in local, choosing and recording a random day if the
// file does not exist yet.
func uploadDay(local string) (time.Weekday, error) {
	name := filepath.Join(local, "weekends")
	if _, err := os.Stat(name); err != nil {
		if err := os.WriteFile(name, fmt.Appendf(nil, "%d\n", rand.IntN(7)), 0o666); err != nil {
			return 0, err
		}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, err
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return 0, errors.New("empty weekends file")
	}
	day := (int(data[0]) - '0') % 7
	if day < 0 {
		day += 7
	}
	return time.Weekday(day), nil
}

// metadata returns the metadata text of the file of p covering w.
func metadata(p Program, w span) string {
	return fmt.Sprintf("TimeBegin: %s\nTimeEnd: %s\nProgram: %s\nVersion: %s\nGoVersion: %s\nGOOS: %s\nGOARCH: %s\n\n",
		w.begin.Format(time.RFC3339), w.end.Format(time.RFC3339),
		p.Path, p.Version, p.GoVersion, p.GOOS, p.GOARCH)
}

// header returns the exact header bytes of a file with metadata meta.
func header(meta string) ([]byte, error) {
	if len(meta) > maxMetaLen {
		return nil, errors.New("counter file metadata too long")
	}
	n := alignUp(magicLen+4+uint32(len(meta)), recordAlign)
	hdr := make([]byte, n)
	copy(hdr, magic)
	order.PutUint32(hdr[magicLen:], n)
	copy(hdr[magicLen+4:], meta)
	return hdr, nil
}

// FileName returns the base name of the counter file of p for the week
// beginning on the given day:
// <base of path>[@<version>]-<goversion>-<goos>-<goarch>-<date>.v1.count.
func FileName(p Program, begin time.Time) string {
	v := p.Version
	if v != "" {
		v = "@" + v
	}
	return fmt.Sprintf("%s%s-%s-%s-%s-%s.%s.count", path.Base(p.Path), v, p.GoVersion,
		p.GOOS, p.GOARCH, begin.UTC().Format(dateLayout), fileVersion)
}

// Write adds counts to the counter file of program p for the week
// containing now, in dir's local directory, creating the directory, the
// weekends file and the counter file as needed. It does not consult the
// mode: callers check Enabled first. Existing counters are incremented and
// new ones appended, with the same lock-free protocol as other programs
// that may have the file mapped at the same time; concurrent gocmd
// processes also serialize on an advisory lock. It returns the file's
// path.
func Write(dir string, p Program, counts map[string]uint64, now time.Time) (string, error) {
	if dir == "" {
		return "", errors.New("no telemetry directory")
	}
	local := LocalDir(dir)
	if err := os.MkdirAll(local, 0o777); err != nil {
		return "", err
	}
	day, err := uploadDay(local)
	if err != nil {
		return "", err
	}
	w := weekOf(now, day)
	hdr, err := header(metadata(p, w))
	if err != nil {
		return "", err
	}
	file := filepath.Join(local, FileName(p, w.begin))
	names := make([]string, 0, len(counts))
	for name, n := range counts {
		if n > 0 && name != "" && len(name) <= maxNameLen && !strings.ContainsRune(name, 0) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return file, addToFile(file, hdr, names, counts)
}
