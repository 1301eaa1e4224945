// Package modload decides how packages are found for one invocation: GOPATH
// mode, module mode or workspace mode; it reads the main module's go.mod
// (or go.work and every used module's go.mod), computes the build list
// with minimal version selection, maps import paths to the modules and
// directories that provide them (module cache, replacements, vendor
// directory), and describes modules for 'go list -m'.
package modload
