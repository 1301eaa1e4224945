package cache

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Index entry layout: "v1 " action " " output " " size " " time "\n", with
// both IDs in lower-case hex and the two numbers right-aligned in 20 columns.
const (
	hexSize   = 2 * HashSize
	numWidth  = 20
	entrySize = len("v1 ") + hexSize + 1 + hexSize + 1 + numWidth + 1 + numWidth + 1
)

// FormatIndexEntry returns the contents of the index file ("<id>-a") that
// records out (of the given size) as the output of id, written at t.
func FormatIndexEntry(id ActionID, out OutputID, size int64, t time.Time) []byte {
	return fmt.Appendf(make([]byte, 0, entrySize), "v1 %x %x %20d %20d\n", id, out, size, t.UnixNano())
}

// ParseIndexEntry parses the contents of an index file. The error explains
// why data is not a valid entry (the reasons are those go gives for a miss).
func ParseIndexEntry(data []byte) (ActionID, Entry, error) {
	switch {
	case len(data) == 0:
		return ActionID{}, Entry{}, errors.New("file is empty")
	case len(data) > entrySize:
		return ActionID{}, Entry{}, errors.New("too long")
	case len(data) < entrySize:
		return ActionID{}, Entry{}, errors.New("entry file incomplete")
	}
	const (
		idAt   = 3
		outAt  = idAt + hexSize + 1
		sizeAt = outAt + hexSize + 1
		timeAt = sizeAt + numWidth + 1
	)
	if string(data[:idAt]) != "v1 " || data[outAt-1] != ' ' || data[sizeAt-1] != ' ' ||
		data[timeAt-1] != ' ' || data[entrySize-1] != '\n' {
		return ActionID{}, Entry{}, errors.New("invalid header")
	}
	var id ActionID
	var e Entry
	if _, err := hex.Decode(id[:], data[idAt:idAt+hexSize]); err != nil {
		return ActionID{}, Entry{}, fmt.Errorf("decoding ID: %v", err)
	}
	if _, err := hex.Decode(e.OutputID[:], data[outAt:outAt+hexSize]); err != nil {
		return ActionID{}, Entry{}, fmt.Errorf("decoding output ID: %v", err)
	}
	size, err := parsePadded(data[sizeAt : sizeAt+numWidth])
	if err != nil {
		return ActionID{}, Entry{}, fmt.Errorf("parsing size: %v", err)
	} else if size < 0 {
		return ActionID{}, Entry{}, errors.New("negative size")
	}
	ns, err := parsePadded(data[timeAt : timeAt+numWidth])
	if err != nil {
		return ActionID{}, Entry{}, fmt.Errorf("parsing timestamp: %v", err)
	} else if ns < 0 {
		return ActionID{}, Entry{}, errors.New("negative timestamp")
	}
	e.Size = size
	e.Time = time.Unix(0, ns)
	return id, e, nil
}

// parsePadded parses a decimal number with leading spaces.
func parsePadded(b []byte) (int64, error) {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return strconv.ParseInt(string(b[i:]), 10, 64)
}

// readIndexEntry reads at most one byte more than an entry from r, enough
// to tell an over-long file from a valid one.
func readIndexEntry(r io.Reader) ([]byte, error) {
	buf := make([]byte, entrySize+1)
	n, err := io.ReadFull(r, buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	return buf[:n], nil
}
