// Package load builds the package graph: it finds the packages named by
// patterns and import paths (GOROOT, GOPATH, modules, vendor
// directories), reads their files' headers, applies build constraints,
// resolves imports, creates test variants, and records every loading
// error with the import stack that led to it.
package load
