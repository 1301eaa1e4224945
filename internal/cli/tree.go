package cli

import "gocmd/internal/base"

// commandTree is the go command tree, made only as far as an invocation
// needs it. Most invocations name a top-level command first, and making
// that command alone (mostly its flag set) costs a fraction of making
// all of them; the whole tree is made when help is printed or $GOFLAGS
// names a flag of another command.
type commandTree struct {
	top   *base.Command // the root commands are looked up in
	whole bool          // top is the whole tree
}

// newCommandTree returns the tree for an invocation with args.
func newCommandTree(args []string) *commandTree {
	if len(args) > 0 {
		for _, c := range topCommands() {
			if c.name == args[0] {
				root := newRootCommand()
				root.Commands = []*base.Command{c.new()}
				return &commandTree{top: root}
			}
		}
	}
	return &commandTree{top: Root(), whole: true}
}

// root returns the tree to look the invoked command up in.
func (t *commandTree) root() *base.Command { return t.top }

// full returns the whole tree. A command already made (whose flags may
// have been parsed) takes the place of its fresh twin, so that later
// lookups find the same command.
func (t *commandTree) full() *base.Command {
	if !t.whole {
		made := t.top.Commands[0]
		whole := Root()
		for i, c := range whole.Commands {
			if c.Name() == made.Name() {
				whole.Commands[i] = made
			}
		}
		t.top, t.whole = whole, true
	}
	return t.top
}
