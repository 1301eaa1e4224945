package buildid

import (
	"bytes"
	"debug/macho"
	"errors"
	"io/fs"
	"os"
)

// machoMagics are the first four bytes of 32- and 64-bit Mach-O files in
// either byte order.
var machoMagics = [...]string{
	"\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf",
	"\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe",
}

func isMachO(data []byte) bool {
	for _, m := range machoMagics {
		if bytes.HasPrefix(data, []byte(m)) {
			return true
		}
	}
	return false
}

// readMachO reads the build ID the linker places at the start of the
// __text section. It is often within head already; otherwise the Mach-O
// headers locate the section.
func readMachO(name string, f *os.File, head []byte, probe int) (string, error) {
	if id, err := readRaw(name, head); id != "" && err == nil {
		return id, nil
	}
	mf, err := macho.NewFile(f)
	if err != nil {
		return "", &fs.PathError{Op: "parse", Path: name, Err: err}
	}
	text := mf.Section("__text")
	if text == nil {
		return "", &fs.PathError{Op: "parse", Path: name, Err: errors.New("cannot find __text section")}
	}
	buf := make([]byte, min(text.Size, uint64(probe)))
	if _, err := f.ReadAt(buf, int64(text.Offset)); err != nil {
		return "", err
	}
	return readRaw(name, buf)
}
