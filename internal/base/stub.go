package base

import (
	"context"
	"fmt"
)

// NotImplemented returns a Run function for a command that a later issue
// implements: it reports so and exits with status 2, never pretending to
// succeed.
func NotImplemented(issue string) func(context.Context, *Invocation, []string) error {
	return func(ctx context.Context, inv *Invocation, args []string) error {
		fmt.Fprintf(inv.Stderr, "go %s: not implemented yet (%s)\n", inv.CmdName, issue)
		return Exit(2)
	}
}
