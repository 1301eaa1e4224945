package telemetry

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

// File is the content of a counter file.
type File struct {
	Meta  map[string]string // metadata: Program, Version, TimeBegin, ...
	Count map[string]uint64 // counters by name
}

// ReadFile reads and parses the counter file name.
func ReadFile(name string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// Parse parses the contents of a counter file. It checks the structure the
// way the x/telemetry reader does: a bad header, an out-of-range record or
// a name that appears twice makes the file corrupt.
func Parse(name string, data []byte) (*File, error) {
	if len(data) < pageLen {
		return nil, fmt.Errorf("%s: file too short (%d<%d)", name, len(data), pageLen)
	}
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, fmt.Errorf("%s: wrong hdr (not %q)", name, magic)
	}
	corrupt := fmt.Errorf("%s: corrupt counter file", name)
	size := uint64(len(data))
	hdrLen := order.Uint32(data[magicLen:])
	if hdrLen > pageLen || hdrLen < magicLen+4 || uint64(hdrLen)+4+4*numBuckets > size {
		return nil, corrupt
	}
	meta := data[magicLen+4 : hdrLen]
	if i := bytes.IndexByte(meta, 0); i >= 0 {
		meta = meta[:i]
	}
	f := &File{Meta: map[string]string{}, Count: map[string]uint64{}}
	for _, line := range strings.Split(string(meta), "\n") {
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			return nil, corrupt
		}
		f.Meta[k] = v
	}
	for b := uint32(0); b < numBuckets; b++ {
		off := order.Uint32(data[hdrLen+4+4*b:])
		for steps := 0; off != 0; steps++ {
			if uint64(off) < uint64(hdrLen)+4 || uint64(off)+16 > size || steps > len(data) {
				return nil, corrupt
			}
			n := uint64(order.Uint32(data[off+8:]) & nameLenMask)
			if n == 0 || uint64(off)+16+n > size {
				return nil, corrupt
			}
			ename := string(data[uint64(off)+16 : uint64(off)+16+n])
			if _, dup := f.Count[ename]; dup {
				return nil, corrupt
			}
			f.Count[ename] = order.Uint64(data[off:])
			off = order.Uint32(data[off+12:])
		}
	}
	return f, nil
}
