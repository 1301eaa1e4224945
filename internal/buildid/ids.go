// Package buildid reads, computes and rewrites the build IDs that the go
// command stamps into package archives and executables, and derives the
// tool IDs it mixes into action IDs.
//
// A build ID has the form "actionID/contentID" for a package archive and
// "actionID/mainActionID/mainContentID/contentID" for an executable, where
// the middle two parts are the build ID of the main package the executable
// was linked from. Each part is a hash encoded by HashToString. While a tool
// runs, the content part is a placeholder equal to the action part; after
// the tool finishes, FindAndHash and Rewrite replace it with the hash of the
// output file (with every copy of the build ID zeroed).
//
// ReadFile accepts the same files as "go tool buildid": Go and gccgo
// archives, ELF, Mach-O, PE and other binaries, and reports the same errors.
package buildid

import (
	"strings"
)

// Separator separates the parts of a build ID.
const Separator = "/"

// hashAlphabet is the 64-symbol alphabet HashToString encodes with: the
// URL-safe base64 alphabet.
const hashAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// HashLen is the length of a string produced by HashToString.
const HashLen = 20

// HashToString encodes the first 15 bytes (120 bits) of h as the 20
// characters that stand for a hash in a build ID: each 3-byte group, read
// big-endian, yields four 6-bit symbols of the URL-safe base64 alphabet,
// with no padding.
func HashToString(h [32]byte) string {
	var out [HashLen]byte
	for g := 0; g < HashLen/4; g++ {
		v := uint32(h[3*g])<<16 | uint32(h[3*g+1])<<8 | uint32(h[3*g+2])
		for k := 0; k < 4; k++ {
			out[4*g+k] = hashAlphabet[(v>>(18-6*uint(k)))&63]
		}
	}
	return string(out[:])
}

// ActionID returns the part of id before its first separator (all of id
// if it has none): the hash of the inputs of the action that wrote it.
func ActionID(id string) string {
	if i := strings.Index(id, Separator); i >= 0 {
		return id[:i]
	}
	return id
}

// ContentID returns the part of id after its last separator (all of id if
// it has none): the hash of the file the ID was read from.
func ContentID(id string) string {
	return id[strings.LastIndex(id, Separator)+1:]
}

// Split returns the separator-delimited parts of id: two for a package
// archive, four for an executable.
func Split(id string) []string {
	return strings.Split(id, Separator)
}

// MainID returns the build ID of the main package recorded in the middle of
// an executable's four-part build ID ("mainActionID/mainContentID"). The
// result is false if id does not have four parts.
func MainID(id string) (string, bool) {
	p := Split(id)
	if len(p) != 4 {
		return "", false
	}
	return p[1] + Separator + p[2], true
}

// MainActionID returns the main package's action ID recorded in an
// executable's four-part build ID, or false if id does not have four parts.
func MainActionID(id string) (string, bool) {
	p := Split(id)
	if len(p) != 4 {
		return "", false
	}
	return p[1], true
}

// PackageID returns the build ID a compile action starts with, before the
// archive's content is known: "actionID/actionID", the action ID standing in
// for the content ID. The pair is unlikely to occur by chance in any output.
func PackageID(actionHash [32]byte) string {
	a := HashToString(actionHash)
	return a + Separator + a
}

// LinkID returns the build ID a link action starts with:
// "actionID/mainBuildID/actionID", where mainBuildID is the (final) build ID
// of the main package archive being linked and the trailing action ID is a
// placeholder for the executable's content ID.
func LinkID(actionHash [32]byte, mainBuildID string) string {
	a := HashToString(actionHash)
	return a + Separator + mainBuildID + Separator + a
}

// WithContentID returns id with its last part replaced by the encoding of
// contentHash. The result has the same length as id whenever id's last part
// is itself an encoded hash.
func WithContentID(id string, contentHash [32]byte) string {
	prefix := ""
	if i := strings.LastIndex(id, Separator); i >= 0 {
		prefix = id[:i+1]
	}
	return prefix + HashToString(contentHash)
}
