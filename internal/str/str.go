// Package str holds small string and argument-list helpers shared by
// every layer: quoted field splitting (as $GOFLAGS and $CC use), path
// prefix tests, and list helpers.
package str

import (
	"fmt"
	"strconv"
	"strings"
)

// SplitQuotedFields splits s into fields separated by white space. A field
// may be wrapped in single or double quotes to include spaces; quotes do
// not nest and there are no escapes. This is the syntax of $GOFLAGS, $CC
// and -gcflags values.
func SplitQuotedFields(s string) ([]string, error) {
	var f []string
	for len(s) > 0 {
		for len(s) > 0 && isSpace(s[0]) {
			s = s[1:]
		}
		if len(s) == 0 {
			break
		}
		if s[0] == '"' || s[0] == '\'' {
			quote := s[0]
			s = s[1:]
			i := 0
			for i < len(s) && s[i] != quote {
				i++
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated %c string", quote)
			}
			f = append(f, s[:i])
			s = s[i+1:]
			continue
		}
		i := 0
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		f = append(f, s[:i])
		s = s[i:]
	}
	return f, nil
}

// JoinQuotedFields is the inverse of SplitQuotedFields: it joins args,
// quoting those that contain spaces or quotes. It fails for an argument
// that contains both kinds of quote and a space.
func JoinQuotedFields(args []string) (string, error) {
	var buf []byte
	for i, arg := range args {
		if i > 0 {
			buf = append(buf, ' ')
		}
		var sawSpace, sawSingle, sawDouble bool
		for _, c := range arg {
			switch {
			case c > 127:
				continue
			case isSpace(byte(c)):
				sawSpace = true
			case c == '\'':
				sawSingle = true
			case c == '"':
				sawDouble = true
			}
		}
		switch {
		case !sawSpace && !sawSingle && !sawDouble:
			buf = append(buf, arg...)
		case !sawSingle:
			buf = append(buf, '\'')
			buf = append(buf, arg...)
			buf = append(buf, '\'')
		case !sawDouble:
			buf = append(buf, '"')
			buf = append(buf, arg...)
			buf = append(buf, '"')
		default:
			return "", fmt.Errorf("argument %q contains both single and double quotes and cannot be quoted", arg)
		}
	}
	return string(buf), nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// HasPathPrefix reports whether the slash-separated path s begins with
// the elements of prefix.
func HasPathPrefix(s, prefix string) bool {
	if len(s) == len(prefix) {
		return s == prefix
	}
	if prefix == "" {
		return true
	}
	if len(s) > len(prefix) {
		if prefix[len(prefix)-1] == '/' || s[len(prefix)] == '/' {
			return s[:len(prefix)] == prefix
		}
	}
	return false
}

// HasFilePathPrefix reports whether the filesystem path s begins with the
// elements of prefix, using the host's separator.
func HasFilePathPrefix(s, prefix string) bool {
	const sep = "/"
	if len(s) == len(prefix) {
		return s == prefix
	}
	if prefix == "" {
		return true
	}
	if len(s) > len(prefix) {
		if strings.HasSuffix(prefix, sep) {
			return strings.HasPrefix(s, prefix)
		}
		return s[len(prefix)] == sep[0] && s[:len(prefix)] == prefix
	}
	return false
}

// TrimFilePathPrefix returns s without the leading path elements of
// prefix and the separator after them; s itself if prefix does not match.
func TrimFilePathPrefix(s, prefix string) string {
	if prefix == "" {
		return s
	}
	if !HasFilePathPrefix(s, prefix) {
		return s
	}
	t := s[len(prefix):]
	if len(t) > 0 && t[0] == '/' {
		t = t[1:]
	}
	return t
}

// StringList flattens its arguments (strings and string slices) into one
// slice.
func StringList(args ...any) []string {
	var x []string
	for _, arg := range args {
		switch arg := arg.(type) {
		case []string:
			x = append(x, arg...)
		case string:
			x = append(x, arg)
		default:
			panic("str.StringList: invalid argument of type " + fmt.Sprintf("%T", arg))
		}
	}
	return x
}

// JoinUnambiguously joins a command line for printing, as go's -n and -x
// show commands: words the shell would split or misread (empty, with
// spaces, parentheses, '>', ';' or characters needing escapes) are
// quoted in Go syntax.
func JoinUnambiguously(args []string) string {
	var b strings.Builder
	for i, s := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		q := strconv.Quote(s)
		if s == "" || strings.ContainsAny(s, " ()>;") || len(q) > len(s)+2 {
			b.WriteString(q)
		} else {
			b.WriteString(s)
		}
	}
	return b.String()
}
