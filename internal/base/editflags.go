package base

import "flag"

// An Edit is one editing flag of go mod edit or go work edit, such as
// -require=path@version, checked when it was read. Apply makes the edit
// on a parsed file of type F.
type Edit[F any] struct {
	Flag  string // "require", "dropreplace", ...
	Value string
	Apply func(F) error
}

// EditList collects a command's repeatable editing flags in
// command-line order. Err is the first value that did not parse: go
// stops there.
type EditList[F any] struct {
	Edits []Edit[F]
	Err   error
}

// Var returns the flag.Value of the editing flag name, whose values
// parse checks and turns into edits.
func (l *EditList[F]) Var(name string, parse func(string) (func(F) error, error)) flag.Value {
	return editFlag[F]{l, name, parse}
}

type editFlag[F any] struct {
	l     *EditList[F]
	name  string
	parse func(string) (func(F) error, error)
}

func (e editFlag[F]) String() string { return "" }

func (e editFlag[F]) Set(s string) error {
	if e.l.Err != nil {
		return nil
	}
	apply, err := e.parse(s)
	if err != nil {
		e.l.Err = err
		return nil
	}
	e.l.Edits = append(e.l.Edits, Edit[F]{Flag: e.name, Value: s, Apply: apply})
	return nil
}

// FirstEditError parses args with fs, into which the editing flags of l
// were registered, one flag at a time, and returns the first bad
// editing-flag value: go reports it before looking at anything else on
// the command line. Other flag errors are left to the command's parse.
func FirstEditError[F any](fs *flag.FlagSet, args []string, l *EditList[F]) error {
	for len(args) > 0 {
		_, rest, err := ParseOneFlag(fs, args)
		if l.Err != nil {
			return l.Err
		}
		if err != nil {
			return nil
		}
		args = rest
	}
	return nil
}
