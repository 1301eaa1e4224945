// Package modinfo names the type that 'go list -m' templates run on, so
// that template errors mention "*modinfo.ModulePublic" as go's do. See
// the load package next to it.
package modinfo

import "gocmd/internal/wire"

// ModulePublic is wire.Module under the name go's templates report.
type ModulePublic wire.Module

// String formats the module as 'go list -m' prints it by default.
func (m *ModulePublic) String() string { return (*wire.Module)(m).String() }
