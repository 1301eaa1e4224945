package tool

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

// PackArgs returns the command line go prints for appending objects to
// an archive ("go tool pack r archive objects..."). go does the work
// itself (see Append) rather than running pack.
func PackArgs(archive string, objects []string) []string {
	return append([]string{"go", "tool", "pack", "r", archive}, objects...)
}

// Append appends the named object files to the Unix archive afile, as
// "pack r" does for an archive the compiler wrote: each member gets a
// header with its base name (cut to 16 bytes), zero dates and ids, mode
// 0644 and its size, and is padded to an even length.
func Append(afile string, objects []string) error {
	dst, err := os.OpenFile(afile, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(dst)
	for _, name := range objects {
		if err := appendMember(w, afile, name); err != nil {
			dst.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func appendMember(w *bufio.Writer, afile, name string) error {
	src, err := os.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	info, err := src.Stat()
	if err != nil {
		return err
	}
	member := info.Name()
	if len(member) > 16 {
		member = member[:16]
	}
	size := info.Size()
	fmt.Fprintf(w, "%-16s%-12d%-6d%-6d%-8o%-10d`\n", member, 0, 0, 0, 0o644, size)
	n, err := io.Copy(w, src)
	switch {
	case err != nil:
	case n < size:
		err = io.ErrUnexpectedEOF
	case n > size:
		err = fmt.Errorf("file larger than size reported by stat")
	}
	if err != nil {
		return fmt.Errorf("copying %s to %s: %v", name, afile, err)
	}
	if size%2 != 0 {
		w.WriteByte(0)
	}
	return nil
}
