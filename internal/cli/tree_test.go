package cli

import (
	"flag"
	"sort"
	"strings"
	"testing"

	"gocmd/internal/base"
)

// TestTopCommandNames checks that each top-level command is listed
// under the name it answers to, which is how an invocation finds it
// without making the others.
func TestTopCommandNames(t *testing.T) {
	for _, c := range topCommands() {
		if got := c.new().Name(); got != c.name {
			t.Errorf("command listed as %q is named %q", c.name, got)
		}
	}
}

// TestCommandTreeFull checks that the whole tree keeps the command an
// invocation already made.
func TestCommandTreeFull(t *testing.T) {
	tree := newCommandTree([]string{"list", "-m"})
	if n := len(tree.root().Commands); n != 1 {
		t.Fatalf("tree for 'list' has %d commands, want 1", n)
	}
	made := tree.root().Commands[0]
	full := tree.full()
	if full.Lookup("list") != made {
		t.Errorf("whole tree lost the command already made")
	}
	if full.Lookup("build") == nil || full.Lookup("gopath") == nil {
		t.Errorf("whole tree lacks commands or help topics")
	}
	if tree.root() != full {
		t.Errorf("root after full is not the whole tree")
	}
}

// TestGoflagNames checks that goflagNames lists exactly the flags of the
// whole command tree.
func TestGoflagNames(t *testing.T) {
	seen := map[string]bool{}
	var walk func(c *base.Command)
	walk = func(c *base.Command) {
		if c.Flags != nil {
			c.Flags.VisitAll(func(f *flag.Flag) { seen[f.Name] = true })
		}
		for _, s := range c.Commands {
			walk(s)
		}
	}
	walk(Root())
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	if got, want := goflagNames, strings.Join(names, " "); got != want {
		t.Errorf("goflagNames is out of date; the tree's flags are:\n%s", want)
	}
	if isGoflagName("") || isGoflagName("mod modcache") || !isGoflagName("modcacherw") {
		t.Errorf("isGoflagName answers wrongly")
	}
}
