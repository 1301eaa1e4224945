package load

import (
	"errors"
	"strings"

	"gocmd/internal/base"
	"gocmd/internal/modfetch"
)

// checkMultiplePaths returns go's error when one module version stands
// for two module paths through replacements; go stops on it even with
// -e.
func (l *Loader) checkMultiplePaths() error {
	errs := l.cfg.Modules.CheckMultiplePaths()
	if len(errs) == 0 {
		return nil
	}
	lines := make([]string, len(errs))
	for i, err := range errs {
		lines[i] = "go: " + err.Error()
	}
	return errors.New(strings.Join(lines, "\n"))
}

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
