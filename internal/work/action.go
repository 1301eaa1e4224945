package work

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"gocmd/internal/load"
	"gocmd/internal/trace"
)

// An Actor does the work of an action.
type Actor func(b *Builder, ctx context.Context, a *Action) error

// An Action is one node of the action graph: compiling a package,
// linking a command, installing a result, or a grouping node without
// work of its own.
type Action struct {
	Mode    string        // "build", "link", "build-install", "link-install", "go build"...
	Package *load.Package // the package acted on, if any
	Deps    []*Action     // actions that must finish first
	Actor   Actor         // the work; nil for a grouping node
	// IgnoreFail runs the action even when a dependency failed.
	IgnoreFail bool
	// TryCache lets a "test run" action skip the link of its test
	// binary when the test result is cached (see TryCacheFunc).
	TryCache TryCacheFunc

	Objdir string // directory for intermediate files, ending in a separator
	Target string // the file the action produces or installs

	// Set while running.
	built     string   // the file actually produced (Target, or a cache file)
	actionID  [32]byte // hash of the action's inputs
	buildID   string   // build ID of the output
	output    []byte   // output saved for the cache (nil: print directly)
	needBuild bool     // the build output is needed (not only vet data)
	needVet   bool     // a vet action reads the list of compiled files
	srcfiles  []string // the files compiled (set by a build that ran)
	vet       *vetInfo // a "vet" action's settings
	// cacheExecutable keeps a linked executable in the build cache (go
	// run, go tool); cachedExecutable is its file there.
	cacheExecutable  bool
	cachedExecutable string

	// Scheduling state.
	triggers []*Action // actions that depend on this one
	pending  int       // dependencies not yet finished
	priority int       // lower runs first among ready actions
	// Failed is the action whose failure keeps this one from running.
	Failed *Action
	// traceSpan is the action's span in the -debug-trace timeline; json
	// its entry in the -debug-actiongraph file (nil without the flag).
	traceSpan *trace.Span
	json      *actionJSON

	sh *Shell

	cgo   *cgoState   // the actions building a cgo package share this
	cover *coverState // the cover tool's outputs (-cover builds)
}

// BuildID returns the build ID of the action's output.
func (a *Action) BuildID() string { return a.buildID }

// CachedExecutable returns the copy of a linked executable kept in the
// build cache, or "".
func (a *Action) CachedExecutable() string { return a.cachedExecutable }

// SetCacheExecutable asks a link action to keep its executable in the
// build cache.
func (a *Action) SetCacheExecutable() { a.cacheExecutable = true }

// Built returns the file the action produced, which is Target or a file
// in the build cache.
func (a *Action) Built() string { return a.built }

// Mode says what the top-level build does with each named package.
type Mode int

const (
	ModeBuild   Mode = iota // build, keep the result in the cache only
	ModeInstall             // build and install to the package's target
)

type actionKey struct {
	mode string
	p    *load.Package
}

// cached returns the action for (mode, p), creating it with f once.
func (b *Builder) cached(mode string, p *load.Package, f func() *Action) *Action {
	k := actionKey{mode, p}
	if a := b.actions[k]; a != nil {
		return a
	}
	a := f()
	b.actions[k] = a
	return a
}

// newObjdir returns a fresh object directory name under the work
// directory: b001/, b002/... in creation order.
func (b *Builder) newObjdir() string {
	b.objdirSeq++
	return filepath.Join(b.WorkDir, fmt.Sprintf("b%03d", b.objdirSeq)) + string(filepath.Separator)
}

// AutoAction returns the action for go build or go install of p: a link
// for a main package, a compile otherwise.
func (b *Builder) AutoAction(mode, depMode Mode, p *load.Package) *Action {
	if p.Name == "main" {
		return b.LinkAction(mode, depMode, p)
	}
	return b.CompileAction(mode, depMode, p)
}

// CompileAction returns the action compiling p into an archive, and
// installing it when mode is ModeInstall and p has a target. Its
// dependencies are built with depMode.
func (b *Builder) CompileAction(mode, depMode Mode, p *load.Package) *Action {
	vetOnly := mode&ModeVetOnly != 0
	mode &^= ModeVetOnly
	if mode != ModeBuild && (b.target(p) == "" || p.Name == "main") {
		mode = ModeBuild
	}
	a := b.cached("build", p, func() *Action {
		a := &Action{Mode: "build", Package: p, Actor: (*Builder).build, Objdir: b.newObjdir()}
		if p.Error == nil || !p.Error.IsImportCycle {
			for _, p1 := range p.Internal.Imports {
				a.Deps = append(a.Deps, b.CompileAction(depMode, depMode, p1))
			}
		}
		if pgo := b.pgoAction(p); pgo != nil {
			a.Deps = append(a.Deps, pgo)
		}
		if p.Standard && (p.ImportPath == "builtin" || p.ImportPath == "unsafe") {
			a.Mode = "built-in package"
			a.Actor = nil
			return a
		}
		if usesCgo(p) {
			b.addCgoActions(a)
		}
		return a
	})
	build := a
	if build.Mode == "build-install" {
		build = a.Deps[0]
	}
	if !vetOnly {
		build.needBuild = true
	}
	if mode == ModeInstall {
		a = b.installAction(a)
	}
	return a
}

// LinkAction returns the action linking the main package p, and
// installing the executable when mode is ModeInstall.
func (b *Builder) LinkAction(mode, depMode Mode, p *load.Package) *Action {
	a := b.cached("link", p, func() *Action {
		a1 := b.CompileAction(ModeBuild, depMode, p)
		a := &Action{Mode: "link", Package: p, Actor: (*Builder).link, Deps: []*Action{a1}, Objdir: a1.Objdir}
		name := "a.out"
		if n := b.exeName(p); n != "" {
			name = n
		}
		a.Target = a.Objdir + filepath.Join("exe", name) + b.exeSuffix
		a.built = a.Target
		addTransitiveLinkDeps(a, a1)
		// The main package compiles after everything the link needs, so
		// that its cache check can compute the link's action ID.
		nop := &Action{Mode: "nop", Deps: a.Deps[1:]}
		a1.Deps = append(a1.Deps, nop)
		if a1.cgo != nil {
			a1.cgo.check.Deps = append(a1.cgo.check.Deps, nop)
		}
		return a
	})
	if mode == ModeInstall {
		a = b.installAction(a)
	}
	return a
}

// addTransitiveLinkDeps adds to the link action a the build of every
// package the program contains, breadth first from the main package's
// compile a1.
func addTransitiveLinkDeps(a, a1 *Action) {
	queue := []*Action{a1}
	have := map[string]bool{}
	if a1.Package != nil {
		have[a1.Package.ImportPath] = true
	}
	for i := 0; i < len(queue); i++ {
		for _, a2 := range queue[i].Deps {
			if a2.Package == nil || (a2.Mode != "build" && a2.Mode != "build-install") || have[a2.Package.ImportPath] {
				continue
			}
			have[a2.Package.ImportPath] = true
			a.Deps = append(a.Deps, a2)
			if a2.Mode == "build-install" {
				a2 = a2.Deps[0]
			}
			queue = append(queue, a2)
		}
	}
}

// installAction turns a1 into an install of its result, in place: every
// action already depending on a1 now depends on the install, and the
// build moves into a private copy that the install depends on.
func (b *Builder) installAction(a1 *Action) *Action {
	if strings.HasSuffix(a1.Mode, "-install") || a1.Actor == nil {
		return a1
	}
	p := a1.Package
	return b.cached(a1.Mode+"-install", p, func() *Action {
		build := new(Action)
		*build = *a1
		*a1 = Action{
			Mode:    build.Mode + "-install",
			Actor:   (*Builder).install,
			Package: p,
			Objdir:  build.Objdir,
			Deps:    []*Action{build},
			Target:  b.target(p),
			built:   b.target(p),
		}
		b.addInstallHeaderAction(a1)
		return a1
	})
}

// actionList returns the actions reachable from root, dependencies
// first (depth-first post-order).
func actionList(root *Action) []*Action {
	seen := map[*Action]bool{}
	var all []*Action
	var walk func(*Action)
	walk = func(a *Action) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, a1 := range a.Deps {
			walk(a1)
		}
		all = append(all, a)
	}
	walk(root)
	return all
}
