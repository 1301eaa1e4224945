// Package load names the type that 'go list' templates run on. Its only
// purpose is the type's printed name: text/template errors mention the
// type of dot ("can't evaluate field X in type *load.PackagePublic"), and
// go prints that name, so gocmd's templates run on a type of the same
// name. Its fields are wire.Package's, so conversions are free.
package load

import "gocmd/internal/wire"

// PackagePublic is wire.Package under the name go's templates report.
type PackagePublic wire.Package
