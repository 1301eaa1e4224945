// Package layering holds the test that keeps gocmd's packages in the
// layers described in DESIGN.md: a package may import only packages of
// lower layers (and the few same-layer imports listed in the test).
package layering
