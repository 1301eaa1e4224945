package work

import (
	"context"
	"io"
	"os"
	"strings"

	"gocmd/internal/buildid"
)

// Cache is the build cache as the builder uses it. Outputs are files;
// the builder never writes into them.
type Cache interface {
	// GetFile returns the file holding the output recorded for id.
	GetFile(id [32]byte) (string, error)
	// GetBytes returns the (small) output recorded for id and its file.
	GetBytes(id [32]byte) ([]byte, string, error)
	// Put records the contents of r as the output of id and returns the
	// file holding it.
	Put(id [32]byte, r io.ReadSeeker) (string, error)
	// PutBytes records data as the output of id.
	PutBytes(id [32]byte, data []byte) error
	// PutExecutable is Put for an executable that must keep its name.
	PutExecutable(id [32]byte, name string, r io.ReadSeeker) (string, error)
	// Close ends the use of the cache, trimming old entries.
	Close() error
}

// useCache decides whether action a, whose inputs hash to id, is up to
// date: its target carries a build ID with the same action ID, or the
// build cache has its output. It sets a's placeholder build ID (used by
// the tool if a runs), and p.Stale and p.StaleReason as go list reports
// them. printOutput replays the compiler or linker output saved with a
// cached result.
func (b *Builder) useCache(ctx context.Context, a *Action, id [32]byte, target string, printOutput bool) bool {
	a.actionID = id
	aid := buildid.HashToString(id)
	a.buildID = aid + buildid.Separator + aid
	if a.Mode == "link" {
		a.buildID = aid + buildid.Separator + a.Deps[0].buildID + buildid.Separator + aid
	}
	p := a.Package
	if b.flags.A {
		if p != nil && !p.Stale {
			p.Stale = true
			p.StaleReason = "build -a flag in use"
		}
		a.output = []byte{}
		return false
	}

	if target != "" {
		have, _ := buildid.ReadFile(target)
		if strings.HasPrefix(have, aid+buildid.Separator) {
			a.buildID = have
			a.built = target
			a.Target = "DO NOT USE - " + a.Mode
			return true
		}
		// An up-to-date executable proves its main package up to date:
		// its build ID embeds the main package's.
		// (Not for go list -export, which needs the archive.)
		if !b.cfg.NeedExport && a.Mode == "build" && len(a.triggers) == 1 && a.triggers[0].Mode == "link" {
			if parts := buildid.Split(have); len(parts) == 4 && parts[1] == aid {
				old := a.buildID
				a.buildID = parts[1] + buildid.Separator + parts[2]
				if linkID, err := b.linkActionID(ctx, a.triggers[0]); err == nil && parts[0] == buildid.HashToString(linkID) {
					if printOutput {
						b.showStdout(a, "stdout")
						b.showStdout(a, "link-stdout")
					}
					a.Target = "DO NOT USE - main build pseudo-cache Target"
					a.built = "DO NOT USE - main build pseudo-cache built"
					return true
				}
				a.buildID = old
			}
		}
	}

	if a.Mode == "link" && b.tryTestCache(ctx, a, printOutput) {
		return true
	}

	if c := b.cfg.Cache; c != nil {
		if file, err := c.GetFile(id); err == nil {
			if have, err := buildid.ReadFile(file); err == nil {
				if printOutput {
					if a.Mode == "link" {
						for _, a1 := range a.Deps {
							b.showStdout(a1, "link-stdout")
						}
					} else {
						b.showStdout(a, "stdout")
					}
				}
				a.built = file
				a.Target = "DO NOT USE - using cache"
				a.buildID = have
				if p != nil && target != "" {
					p.Stale = true
					p.StaleReason = "not installed but available in build cache"
				}
				return true
			}
		}
	}

	if p != nil && !p.Stale {
		p.Stale = true
		p.StaleReason = "build ID mismatch"
		if b.cfg.IsCmdList {
			for _, p1 := range p.Internal.Imports {
				if p1.Stale && p1.StaleReason != "" {
					if strings.HasPrefix(p1.StaleReason, "stale dependency: ") {
						p.StaleReason = p1.StaleReason
						break
					}
					if strings.HasPrefix(p.StaleReason, "build ID mismatch") {
						p.StaleReason = "stale dependency: " + p1.ImportPath
					}
				}
			}
		}
	}
	a.output = []byte{}
	return false
}

// showStdout replays the output saved in the cache under a's subkey
// key.
func (b *Builder) showStdout(a *Action, key string) {
	c := b.cfg.Cache
	if c == nil {
		return
	}
	data, file, err := c.GetBytes(b.subkey(a.actionID, key))
	if err != nil || len(data) == 0 {
		return
	}
	sh := b.Shell(a)
	if sh.showing() {
		sh.ShowCmd("", "%s  # internal", JoinUnambiguously([]string{"cat", file}))
	}
	if !b.flags.N {
		sh.Printf("%s", data)
	}
}

// flushOutput prints the output a's tools produced.
func (b *Builder) flushOutput(a *Action) {
	b.Shell(a).Printf("%s", a.output)
	a.output = nil
}

// updateBuildID replaces the placeholder content ID in the build ID of
// a's output by the hash of the output, saves the tool output and (for a
// package) the archive in the build cache.
func (b *Builder) updateBuildID(a *Action, target string) error {
	sh := b.Shell(a)
	if sh.showing() {
		sh.ShowCmd("", "%s # internal", JoinUnambiguously([]string{"go", "tool", "buildid", "-w", target}))
		if b.flags.N {
			return nil
		}
	}
	c := b.cfg.Cache
	if c != nil {
		switch a.Mode {
		case "build":
			c.PutBytes(b.subkey(a.actionID, "stdout"), a.output)
		case "link":
			for _, a1 := range a.Deps {
				if p1 := a1.Package; p1 != nil && p1.Name == "main" {
					c.PutBytes(b.subkey(a1.actionID, "link-stdout"), a.output)
					break
				}
			}
		}
	}
	newID, err := buildid.UpdateFile(target, a.buildID)
	if err != nil {
		return err
	}
	a.buildID = newID
	if c == nil {
		return nil
	}
	if a.Mode == "build" {
		if f, err := os.Open(target); err == nil {
			file, err := c.Put(a.actionID, f)
			f.Close()
			if err == nil && b.flags.X {
				sh.ShowCmd("", "%s # internal", JoinUnambiguously([]string{"cp", target, file}))
			}
			if b.cfg.NeedExport {
				if err != nil {
					return err
				}
				a.Package.Export = file
				a.Package.BuildID = a.buildID
			}
		}
	}
	if a.Mode == "link" && a.cacheExecutable {
		if f, err := os.Open(target); err == nil {
			name := b.exeName(a.Package)
			if name == "" {
				name = b.cfg.DefaultExecName(a.Package)
			}
			file, err := c.PutExecutable(a.actionID, name+b.exeSuffix, f)
			f.Close()
			if err == nil {
				a.cachedExecutable = file
				if b.flags.X {
					sh.ShowCmd("", "%s # internal", JoinUnambiguously([]string{"cp", target, file}))
				}
			}
		}
	}
	return nil
}
