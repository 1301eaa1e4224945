// Package help implements 'go help' and the usage listings printed for
// the go command and its command groups.
package help

import (
	"fmt"
	"io"
	"strings"

	"gocmd/internal/base"
)

// PrintUsage writes the listing of cmd's subcommands (and, for the root,
// help topics) to w, as 'go' and 'go mod' with no arguments print it.
func PrintUsage(w io.Writer, cmd *base.Command) {
	fmt.Fprintf(w, "%s\n\nUsage:\n\n\t%s <command> [arguments]\n\nThe commands are:\n\n", strings.TrimSpace(cmd.Long), cmd.UsageLine)
	for _, c := range cmd.Commands {
		if c.Runnable() || len(c.Commands) > 0 {
			fmt.Fprintf(w, "\t%-11s %s\n", c.Name(), c.Short)
		}
	}
	help := "go help"
	if cmd.LongName() != "" {
		help += " " + cmd.LongName()
	}
	fmt.Fprintf(w, "\nUse \"%s <command>\" for more information about a command.\n", help)
	var topics []*base.Command
	for _, c := range cmd.Commands {
		if !c.Runnable() && len(c.Commands) == 0 {
			topics = append(topics, c)
		}
	}
	if len(topics) > 0 {
		fmt.Fprintf(w, "\nAdditional help topics:\n\n")
		for _, c := range topics {
			fmt.Fprintf(w, "\t%-15s %s\n", c.Name(), c.Short)
		}
		fmt.Fprintf(w, "\nUse \"%s <topic>\" for more information about that topic.\n", help)
	}
	fmt.Fprintln(w)
}

// Help prints the help for the command or topic named by args, under root.
func Help(w, stderr io.Writer, root *base.Command, args []string) error {
	cmd := root
Args:
	for i, arg := range args {
		for _, sub := range cmd.Commands {
			if sub.Name() == arg {
				cmd = sub
				continue Args
			}
		}
		ok := "go help"
		if i > 0 {
			ok += " " + strings.Join(args[:i], " ")
		}
		fmt.Fprintf(stderr, "go help %s: unknown help topic. Run '%s'.\n", strings.Join(args, " "), ok)
		return base.Exit(2)
	}
	if len(cmd.Commands) > 0 {
		PrintUsage(w, cmd)
		return nil
	}
	if cmd.Runnable() {
		fmt.Fprintf(w, "usage: %s\n\n", cmd.UsageLine)
	}
	fmt.Fprintf(w, "%s\n", strings.TrimSpace(cmd.Long))
	return nil
}
