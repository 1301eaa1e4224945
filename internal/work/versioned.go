package work

import (
	"context"
	"errors"

	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/modfetch"
	"gocmd/internal/modload"
)

// NewSessionVersioned is NewSession for 'go install pkg@version' and
// 'go run pkg@version': the current module is ignored, and the module
// providing the named packages at that version is the only requirement.
// It returns the package patterns (arguments without "@version") and
// that module.
func NewSessionVersioned(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags, cmdName string, args []string) (*Session, []string, module.Version, error) {
	var patterns []string
	var root module.Version
	s, err := newSession(ctx, inv, flags, cmdName, func(c *modload.Config, ms *modload.State) error {
		if c != nil {
			c.NoRoot = true
			c.ForceModules = true
			return nil
		}
		var err error
		patterns, root, err = ms.SetupVersionedRoot(ctx, args, flags.Compiler)
		if line, ok := modfetch.FatalText(err); ok {
			return errors.New(line)
		}
		if err != nil {
			return errors.New("go: " + err.Error())
		}
		return nil
	})
	if err != nil {
		return nil, nil, module.Version{}, err
	}
	return s, patterns, root, nil
}
