package work

// Link results nobody uses.
//
// go build with several packages (go build ./...) links every command
// and throws the executables away: the link only checks that the
// program links. gocmd remembers in the build cache that a link with a
// given action ID succeeded, and the next time skips the linker
// altogether, replaying the linker's saved output. The record lives
// under a subkey of the link's action ID that go never looks up, so the
// cache stays as go would leave it and go list reports staleness as go
// does. Under -a, -n, -x and -toolexec the linker always runs, as the
// user asked to see or wrap it.

// linkOKKey names the record of a successful link.
const linkOKKey = "gocmd link ok"

// linkDiscarded reports whether the executable of link action a is
// thrown away: no action uses it (only grouping nodes depend on a) and
// it is not kept in the cache for go run.
func (b *Builder) linkDiscarded(a *Action) bool {
	if b.cfg.Cache == nil || a.cacheExecutable || b.flags.A || b.flags.N || b.flags.X || len(b.flags.Toolexec) > 0 {
		return false
	}
	if len(a.triggers) == 0 {
		return false
	}
	for _, t := range a.triggers {
		if t.Actor != nil || t.Mode == "test barrier" {
			return false
		}
	}
	return true
}

// linkedBefore reports whether a link with a's action ID succeeded
// before; if so it prints the output the linker printed then.
func (b *Builder) linkedBefore(a *Action) bool {
	if _, _, err := b.cfg.Cache.GetBytes(b.subkey(a.actionID, linkOKKey)); err != nil {
		return false
	}
	for _, a1 := range a.Deps {
		b.showStdout(a1, "link-stdout")
	}
	a.built = ""
	a.Target = "DO NOT USE - link result discarded"
	return true
}

// recordLinked records that the link of a succeeded.
func (b *Builder) recordLinked(a *Action) {
	b.cfg.Cache.PutBytes(b.subkey(a.actionID, linkOKKey), []byte{})
}
