package load

import (
	"errors"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// fatalModuleError looks for the error of a package in pkgs or their
// dependencies that go would have stopped at while loading (a checksum
// that contradicts go.sum, an unusable module cache, a module needing a
// newer Go). go prints it
// alone, as it is: so does the Warn callback here, and the returned
// *base.ExitError tells the caller it was printed.
func (l *Loader) fatalModuleError(pkgs []*Package) error {
	var tooNew *gover.TooNewError
	for _, p := range PackageList(pkgs) {
		if p.Error == nil {
			continue
		}
		if text, ok := modfetch.FatalText(p.Error); ok {
			return l.fatal(text)
		}
		// A package of a module needing a newer Go stops loading too
		// (go's module loader reports the neediest such module).
		var e *gover.TooNewError
		if errors.As(p.Error, &e) && (tooNew == nil || gover.Compare(e.GoVersion, tooNew.GoVersion) > 0) {
			tooNew = e
		}
	}
	if tooNew != nil {
		return l.fatal("go: " + tooNew.Error())
	}
	return nil
}

// fatal prints text through the Warn callback and returns the exit
// error, or returns text as the error when there is no callback.
func (l *Loader) fatal(text string) error {
	if l.cfg.Warn == nil {
		return errors.New(text)
	}
	l.cfg.Warn(text)
	return base.Exit(1)
}
