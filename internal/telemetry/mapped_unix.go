//go:build unix

package telemetry

import (
	"bytes"
	"errors"
	"os"
	"sync/atomic"
	"syscall"
	"unsafe"
)

var errCorrupt = errors.New("corrupt counter file")

// addToFile opens (creating if needed) the counter file, maps it into
// memory shared with every other process that has it open, and adds the
// counts of names to it.
func addToFile(file string, hdr []byte, names []string, counts map[string]uint64) error {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return err
	}
	defer f.Close()
	// Other gocmd processes wait here; the real go command does not take
	// the lock but follows the same compare-and-swap protocol below.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < pageLen {
		// A new (or truncated) file: write the header and extend it to
		// one page. Concurrent creators write identical bytes.
		if _, err := f.WriteAt(hdr, 0); err != nil {
			return err
		}
		if _, err := f.WriteAt(make([]byte, 4), pageLen-4); err != nil {
			return err
		}
	}
	m := &mapping{f: f, hdrLen: uint32(len(hdr))}
	defer m.unmap()
	if err := m.remap(); err != nil {
		return err
	}
	if !bytes.HasPrefix(m.data, hdr) {
		return errors.New("counter file header mismatch")
	}
	for _, name := range names {
		off, err := m.record(name)
		if err != nil {
			return err
		}
		m.u64(off).Add(counts[name])
	}
	return nil
}

// A mapping is a counter file mapped read-write and shared. It is
// remapped whenever the file has grown, so offsets (not pointers) are
// kept across operations.
type mapping struct {
	f      *os.File
	data   []byte
	hdrLen uint32
}

func (m *mapping) unmap() {
	if m.data != nil {
		syscall.Munmap(m.data)
		m.data = nil
	}
}

// remap maps the whole current file.
func (m *mapping) remap() error {
	m.unmap()
	st, err := m.f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size < pageLen || size > 1<<31 {
		return errCorrupt
	}
	data, err := syscall.Mmap(int(m.f.Fd()), 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return err
	}
	m.data = data
	return nil
}

// covers reports whether [off, end) lies in the mapping, remapping once
// if another process may have grown the file.
func (m *mapping) covers(end uint32) bool {
	if int64(end) <= int64(len(m.data)) {
		return true
	}
	return m.remap() == nil && int64(end) <= int64(len(m.data))
}

func (m *mapping) u32(off uint32) *atomic.Uint32 {
	return (*atomic.Uint32)(unsafe.Pointer(&m.data[off]))
}

func (m *mapping) u64(off uint32) *atomic.Uint64 {
	return (*atomic.Uint64)(unsafe.Pointer(&m.data[off]))
}

// limitOff and headOff locate the allocation limit and the chain head of
// name's bucket.
func (m *mapping) limitOff() uint32             { return m.hdrLen }
func (m *mapping) headOff(name string) uint32   { return m.hdrLen + 4 + 4*bucket(name) }
func (m *mapping) firstRecord() uint32          { return alignUp(m.hdrLen+4+4*numBuckets, recordAlign) }
func (m *mapping) recordLen(name string) uint32 { return alignUp(16+uint32(len(name)), recordAlign) }

// entry returns the name and next offset of the record at off.
func (m *mapping) entry(off uint32) (name []byte, next uint32, err error) {
	if off < m.firstRecord() || off%8 != 0 || !m.covers(off+16) {
		return nil, 0, errCorrupt
	}
	n := m.u32(off+8).Load() & nameLenMask
	if n == 0 || !m.covers(off+16+n) {
		return nil, 0, errCorrupt
	}
	return m.data[off+16 : off+16+n], m.u32(off + 12).Load(), nil
}

// find follows the chain starting at off up to (not including) stop and
// returns the offset of the record named name, or 0.
func (m *mapping) find(name string, off, stop uint32) (uint32, error) {
	for steps := 0; off != stop && off != 0; steps++ {
		if steps > 1<<20 {
			return 0, errCorrupt // a cycle
		}
		ename, next, err := m.entry(off)
		if err != nil {
			return 0, err
		}
		if string(ename) == name {
			return off, nil
		}
		off = next
	}
	return 0, nil
}

// record returns the offset of name's record, appending one if needed.
func (m *mapping) record(name string) (uint32, error) {
	headOff := m.headOff(name)
	head := m.u32(headOff).Load()
	if off, err := m.find(name, head, 0); err != nil || off != 0 {
		return off, err
	}
	start, err := m.reserve(m.recordLen(name))
	if err != nil {
		return 0, err
	}
	copy(m.data[start+16:], name)
	m.u32(start + 8).Store(uint32(len(name)) | nameLenFlag)
	// Publish the record as the new head of its chain, unless another
	// process linked a record of the same name in the meantime.
	for {
		m.u32(start + 12).Store(head)
		if m.u32(headOff).CompareAndSwap(head, start) {
			return start, nil
		}
		old := head
		head = m.u32(headOff).Load()
		off, err := m.find(name, head, old)
		if err != nil {
			return 0, err
		}
		if off != 0 {
			m.u32(start + 12).Store(^uint32(0)) // ours stays unlinked
			return off, nil
		}
	}
}

// reserve allocates n bytes of record space by advancing the allocation
// limit, growing the file by whole pages when needed.
func (m *mapping) reserve(n uint32) (uint32, error) {
	for tries := 0; tries < 1000; tries++ {
		raw := m.u32(m.limitOff()).Load()
		limit := raw
		if limit == 0 {
			limit = m.firstRecord()
		}
		start := alignUp(limit, recordAlign)
		if start/pageLen != (start+n)/pageLen {
			start = alignUp(limit, pageLen) // keep the page's last bytes free
		}
		end := start + n
		if int64(end) > int64(len(m.data)) {
			if err := m.grow(end); err != nil {
				return 0, err
			}
			continue
		}
		if m.u32(m.limitOff()).CompareAndSwap(raw, end) {
			return start, nil
		}
	}
	return 0, errCorrupt
}

// grow extends the file to hold end bytes (rounded up to whole pages) by
// writing the reserved last bytes of the new last page, and remaps it.
func (m *mapping) grow(end uint32) error {
	size := alignUp(end, pageLen)
	st, err := m.f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < int64(size) {
		if _, err := m.f.WriteAt(make([]byte, 4), int64(size)-4); err != nil {
			return err
		}
	}
	if err := m.remap(); err != nil {
		return err
	}
	if int64(len(m.data)) < int64(end) {
		return errCorrupt
	}
	return nil
}
