package modload

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/mod/module"

	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
)

// ShortMessage returns the first line of a deprecation or retraction
// message, trimmed, or emptyDefault when it is empty. Overlong messages
// and ones with non-printable characters are replaced by a note.
func ShortMessage(message, emptyDefault string) string {
	if i := strings.Index(message, "\n"); i >= 0 {
		message = message[:i]
	}
	message = strings.TrimSpace(message)
	if message == "" {
		return emptyDefault
	}
	if len(message) > 500 {
		return "(message omitted: too long)"
	}
	for _, r := range message {
		if !unicode.IsGraphic(r) && !unicode.IsSpace(r) {
			return "(message omitted: contains non-printable characters)"
		}
	}
	return message
}

// latestIgnoringRetractions returns the latest version of path,
// retracted or not, as the go.mod that says what is deprecated and
// retracted.
func (s *State) latestIgnoringRetractions(ctx context.Context, path string) (module.Version, error) {
	opts := modfetch.QueryOptions{
		Allowed: func(v string) bool { return !s.exclude[module.Version{Path: path, Version: v}] },
	}
	s.addReplacedQueryOptions(path, &opts)
	info, err := s.cache.Query(ctx, path, "latest", opts)
	if err != nil {
		return module.Version{}, err
	}
	latest := module.Version{Path: path, Version: info.Version}
	if r := s.Replacement(latest); r.Path != "" {
		latest = r
	}
	return latest, nil
}

// Deprecation returns the deprecation message of module m's path, from
// the go.mod of its latest version ("" when not deprecated). Main
// modules and modules replaced at all versions have none.
func (s *State) Deprecation(ctx context.Context, m module.Version) (string, error) {
	if m.Version == "" || gover.IsToolchain(m.Path) {
		return "", nil
	}
	if r := s.Replacement(module.Version{Path: m.Path}); r.Path != "" {
		return "", nil
	}
	latest, err := s.latestIgnoringRetractions(ctx, m.Path)
	if err != nil {
		return "", err
	}
	sum, err := s.rawSummary(latest)
	if sum == nil {
		return "", err
	}
	return sum.deprecated, nil
}

// RetractedError is a retracted module version.
type RetractedError struct{ Rationale []string }

func (e *RetractedError) Error() string {
	msg := "retracted by module author"
	if len(e.Rationale) > 0 {
		msg += ": " + ShortMessage(e.Rationale[0], "retracted by module author")
	}
	return msg
}

// Retraction reports whether the go.mod of the latest version of m's
// path retracts m: a *module.ModuleError wrapping a *RetractedError, or
// nil. Errors finding out are returned as they are.
func (s *State) Retraction(ctx context.Context, m module.Version) error {
	if m.Version == "" || gover.IsToolchain(m.Path) {
		return nil
	}
	if r := s.Replacement(module.Version{Path: m.Path}); r.Path != "" {
		return nil
	}
	latest, err := s.latestIgnoringRetractions(ctx, m.Path)
	if err != nil {
		return err
	}
	sum, err := s.rawSummary(latest)
	if sum == nil {
		return err
	}
	var rationale []string
	retracted := false
	for _, r := range sum.retract {
		if gover.ModCompare(m.Path, r.Low, m.Version) <= 0 && gover.ModCompare(m.Path, m.Version, r.High) <= 0 {
			retracted = true
			if r.Rationale != "" {
				rationale = append(rationale, r.Rationale)
			}
		}
	}
	if !retracted {
		return nil
	}
	return module.VersionError(m, &RetractedError{Rationale: rationale})
}
