package load

import (
	"errors"

	"gocmd/internal/base"
	"gocmd/internal/modfetch"
)

// fatalModuleError looks for the error of a package in pkgs or their
// dependencies that go would have stopped at while loading (a checksum
// that contradicts go.sum, an unusable module cache). go prints it
// alone, as it is: so does the Warn callback here, and the returned
// *base.ExitError tells the caller it was printed.
func (l *Loader) fatalModuleError(pkgs []*Package) error {
	for _, p := range PackageList(pkgs) {
		if p.Error == nil {
			continue
		}
		if text, ok := modfetch.FatalText(p.Error); ok {
			if l.cfg.Warn == nil {
				return errors.New(text)
			}
			l.cfg.Warn(text)
			return base.Exit(1)
		}
	}
	return nil
}
