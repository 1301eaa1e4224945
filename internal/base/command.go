// Package base holds what every command shares: the Command type, the
// per-process Invocation (environment, working directory, standard streams),
// flag helpers including $GOFLAGS, and the error values through which
// commands report exit status.
package base

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// A Command is one go command (build, list, mod tidy) or help topic.
// Commands are values built fresh for each process by their package's New
// function, so their flags bind to per-command structs, never to globals.
type Command struct {
	// UsageLine is the one-line usage message, starting with the full
	// command name ("go mod tidy [-e] ...").
	UsageLine string
	// Short is the one-line summary shown by 'go help'.
	Short string
	// Long is the text shown by 'go help <command>'.
	Long string
	// Flags is the command's flag set. Commands with CustomFlags parse
	// their own arguments and leave it empty.
	Flags *flag.FlagSet
	// CustomFlags means Run receives the raw arguments after the command
	// name; $GOFLAGS is not applied and Flags is not parsed. Such a
	// command still registers its flags in Flags (unless it ignores
	// $GOFLAGS altogether, as go doc does) so that $GOFLAGS may name
	// them, and applies $GOFLAGS itself (ApplyGOFLAGS).
	CustomFlags bool
	// PrepareFlags, if set, runs before $GOFLAGS is checked, with the
	// arguments Run will get. It lets a command whose flags depend on its
	// arguments (go vet asks its analysis tool) complete Flags first.
	PrepareFlags func(ctx context.Context, inv *Invocation, args []string) error
	// Run runs the command. A nil Run makes the command a help topic
	// (or a group of subcommands, when Commands is not empty).
	Run func(ctx context.Context, inv *Invocation, args []string) error
	// Commands are the subcommands, in 'go help' order.
	Commands []*Command
}

// LongName returns the command's full name without the leading "go "
// ("mod tidy"); the root command's long name is "".
func (c *Command) LongName() string {
	name := c.UsageLine
	if i := strings.Index(name, " ["); i >= 0 {
		name = name[:i]
	}
	if name == "go" {
		return ""
	}
	return strings.TrimPrefix(name, "go ")
}

// Name returns the command's short name: the last word of its long name.
func (c *Command) Name() string {
	name := c.LongName()
	if i := strings.LastIndex(name, " "); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// Runnable reports whether the command can be run; otherwise it is a
// documentation pseudo-command or a group of subcommands.
func (c *Command) Runnable() bool { return c.Run != nil }

// Lookup returns the subcommand with the given name, or nil.
func (c *Command) Lookup(name string) *Command {
	for _, sub := range c.Commands {
		if sub.Name() == name {
			return sub
		}
	}
	return nil
}

// FlagSet returns c.Flags, creating an empty set on first use.
// The set never prints on its own: parse errors are reported by the
// caller together with the usage line, as go does.
func (c *Command) FlagSet() *flag.FlagSet {
	if c.Flags == nil {
		c.Flags = NewFlagSet(c.Name())
	}
	return c.Flags
}

// NewFlagSet returns a silent flag set that reports errors to its caller.
func NewFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// PrintUsage writes the short usage message for c to w, as printed after
// a flag error: the usage line and a pointer to the long help.
func (c *Command) PrintUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s\n", c.UsageLine)
	fmt.Fprintf(w, "Run 'go help %s' for details.\n", c.LongName())
}
