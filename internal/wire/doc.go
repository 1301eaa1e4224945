// Package wire holds the public data structures the go command prints:
// the Package and Module objects of 'go list -json' and 'go list -m
// -json', with upstream's field names, order and omitempty rules, so that
// encoding/json output matches byte for byte.
package wire
