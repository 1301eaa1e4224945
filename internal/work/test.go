package work

import (
	"context"
	"os"

	"gocmd/internal/buildid"
	"gocmd/internal/cache"
	"gocmd/internal/load"
)

// A TryCacheFunc lets a "test run" action satisfy itself from the test
// result cache just before the link of its test binary: if it reports
// true, the link is skipped. link is the link action.
type TryCacheFunc func(b *Builder, ctx context.Context, run, link *Action) bool

// TestLinkAction returns the action linking the test binary of the test
// main package pmain (built for the package under test p) into
// objdir/binName. The compile of pmain gets the first fresh object
// directory, into which _testmain.go is written now (unless -n), as go
// does. omitDebug drops the symbol table when the binary is only run.
func (b *Builder) TestLinkAction(pmain, p *load.Package, binName string, omitDebug bool) (*Action, error) {
	compile := b.CompileAction(ModeBuild, ModeBuild, pmain)
	testDir := compile.Objdir
	if err := b.sh.Mkdir(testDir); err != nil {
		return nil, err
	}
	pmain.Dir = testDir
	if omitDebug {
		b.SetOmitDebug(pmain)
	}
	po := b.options(p)
	o := b.options(pmain)
	o.gcflags = po.gcflags
	o.asmflags = po.asmflags
	o.ldflags = append(append([]string(nil), po.ldflags...), "-X", "testing.testBinary=1")
	if !b.flags.N && pmain.Internal.TestmainGo != nil {
		if err := os.WriteFile(testDir+"_testmain.go", *pmain.Internal.TestmainGo, 0o666); err != nil {
			return nil, err
		}
	}
	link := b.LinkAction(ModeBuild, ModeBuild, pmain)
	link.Target = testDir + binName + b.exeSuffix
	link.built = link.Target
	return link, nil
}

// NewObjdir returns a fresh object directory in the work directory.
func (b *Builder) NewObjdir() string { return b.newObjdir() }

// BackgroundShell returns the shell of the build as a whole.
func (b *Builder) BackgroundShell() *Shell { return b.sh }

// ExeSuffix is the executable suffix of the target (".exe" or "").
func (b *Builder) ExeSuffix() string { return b.exeSuffix }

// BuildActionID returns the action ID of a (as in its build ID).
func (a *Action) BuildActionID() string { return buildid.ActionID(a.buildID) }

// BuildContentID returns the content ID of a's output.
func (a *Action) BuildContentID() string { return buildid.ContentID(a.buildID) }

// BuiltTarget returns the file a produced.
func (a *Action) BuiltTarget() string { return a.built }

// TestCache returns the build cache of a running build, or nil.
func (b *Builder) TestCache() cache.Cache {
	if ca, ok := b.cfg.Cache.(cacheAdapter); ok {
		return ca.c
	}
	return nil
}

// Hasher returns the hasher salted for the toolchain, which test result
// cache keys are computed with.
func (b *Builder) Hasher() *cache.Hasher { return b.hasher }

// testRunAction returns the "test run" action that is the only
// consumer of the link action a (through its test barrier), or nil.
func testRunAction(a *Action) *Action {
	if len(a.triggers) != 1 || a.triggers[0].Mode != "test barrier" {
		return nil
	}
	var run *Action
	for _, t := range a.triggers[0].triggers {
		if t.Mode == "test run" {
			if run != nil {
				return nil
			}
			run = t
		}
	}
	return run
}

// tryTestCache is the link's chance to skip itself because the test it
// builds for has a cached result.
func (b *Builder) tryTestCache(ctx context.Context, a *Action, printOutput bool) bool {
	ra := testRunAction(a)
	if ra == nil || ra.TryCache == nil || !ra.TryCache(b, ctx, ra, a) {
		return false
	}
	if printOutput {
		b.showStdout(a.Deps[0], "stdout")
		b.showStdout(a.Deps[0], "link-stdout")
	}
	a.Target = "DO NOT USE -  pseudo-cache Target"
	a.built = "DO NOT USE - pseudo-cache built"
	return true
}

// InstallTestBinary is the actor of a "test build" action: it copies
// the test binary its first dependency linked to a.Target (go test -c,
// -o).
func InstallTestBinary(b *Builder, ctx context.Context, a *Action) error {
	return b.install(ctx, a)
}

// InheritFlags gives dst (an external test package) the per-package
// build flags of src (the package it tests), as go does.
func (b *Builder) InheritFlags(dst, src *load.Package) {
	so := b.options(src)
	o := b.options(dst)
	o.gcflags = so.gcflags
	o.asmflags = so.asmflags
	o.ldflags = so.ldflags
}
