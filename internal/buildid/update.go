package buildid

import (
	"fmt"
	"os"
)

// UpdateFile turns the placeholder build ID id recorded in the named file
// (as written by a compile or link action) into the final one: it
// computes the file's content hash with FindAndHash, replaces id's last
// part by its encoding, writes the result over every occurrence of id and
// returns it. A file that does not contain id (built with an explicit
// -buildid, say) is left as it is; the final ID is returned all the same.
func UpdateFile(name, id string) (string, error) {
	r, err := os.Open(name)
	if err != nil {
		return "", err
	}
	matches, hash, err := FindAndHash(r, id, 0)
	r.Close()
	if err != nil {
		return "", err
	}
	newID := WithContentID(id, hash)
	if len(newID) != len(id) {
		return "", fmt.Errorf("internal error: build ID length mismatch %q vs %q", id, newID)
	}
	if len(matches) == 0 {
		return newID, nil
	}
	w, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return "", err
	}
	if err := Rewrite(w, matches, newID); err != nil {
		w.Close()
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return newID, nil
}
