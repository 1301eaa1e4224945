package gover

import (
	"bytes"
	"strings"
)

// GoModKey returns the argument of the first line of a go.mod file
// that starts with key ("go", "toolchain") followed by a space or tab,
// without any // comment. It reads the file line by line, without
// parsing it, so that it works on go.mod files too new to parse.
func GoModKey(data []byte, key string) string {
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		s, ok := strings.CutPrefix(string(bytes.TrimSpace(line)), key)
		if !ok || s == "" || s[0] != ' ' && s[0] != '\t' {
			continue
		}
		s, _, _ = strings.Cut(s, "//")
		return strings.TrimSpace(s)
	}
	return ""
}
