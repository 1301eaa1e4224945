package test

import (
	"context"
	"path/filepath"

	"gocmd/internal/load"
	"gocmd/internal/work"
)

// testActions returns the actions that build, run and print the test of
// p. imported says p is imported by another package being tested: the
// build of its test variant then waits for its plain build, so that a
// compile error is reported once. perr is the package whose loading
// error err is.
func (t *tester) testActions(ctx context.Context, p *load.Package, imported bool) (build, run, print *work.Action, perr *load.Package, err error) {
	b := t.b
	if len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
		build = b.CompileAction(work.ModeBuild, work.ModeBuild, p)
		r := &runActor{t: t}
		run = &work.Action{
			Mode:       "test run",
			Actor:      r.act,
			Deps:       []*work.Action{build},
			Objdir:     b.NewObjdir(),
			Package:    p,
			IgnoreFail: true,
		}
		t.runActors[run] = r
		if m := t.coverMeta(); m != nil && build.Actor != nil {
			run.Deps = append(run.Deps, m)
			m.Deps = append(m.Deps, build)
		}
		t.addVet(p, run, nil)
		print = &work.Action{Mode: "test print", Actor: t.printTest, Deps: []*work.Action{run}, Package: p, IgnoreFail: true}
		return build, run, print, nil, nil
	}

	pmain, ptest, pxtest := t.s.Loader.TestPackagesCover(ctx, p, t.cover.testCover())
	if perr := testError(ptest, pxtest, pmain); perr != nil {
		return nil, nil, nil, perr, perr.Error
	}
	if pxtest != nil {
		t.b.InheritFlags(pxtest, p)
	}
	if pmain.Internal.BuildInfo == nil || pmain.DefaultGODEBUG != p.DefaultGODEBUG {
		pmain.Internal.BuildInfo = nil
		t.s.SetBuildInfo(ctx, []*load.Package{pmain}, false)
	}

	if imported && ptest != p {
		buildTest := b.CompileAction(work.ModeBuild, work.ModeBuild, ptest)
		buildP := b.CompileAction(work.ModeBuild, work.ModeBuild, p)
		buildTest.Deps = append(buildTest.Deps, buildP)
	}

	binName := t.binaryName(p)
	omitDebug := !t.f.C && !t.needBinary() && pmain.ImportPath != "runtime.test"
	link, err := b.TestLinkAction(pmain, p, binName, omitDebug)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	testDir := filepath.Dir(link.Target) + string(filepath.Separator)
	build = link

	var install, clean *work.Action
	if t.f.C || t.needBinary() {
		target := filepath.Join(t.inv.Dir, binName+b.ExeSuffix())
		null := false
		if o := t.f.O; o != "" {
			switch {
			case t.oDir:
				target = filepath.Join(t.abs(o), binName+b.ExeSuffix())
			case isNull(o):
				null = true
			default:
				target = t.abs(o)
			}
		}
		if null {
			run = build
		} else {
			pmain.Target = target
			install = &work.Action{
				Mode:    "test build",
				Actor:   work.InstallTestBinary,
				Deps:    []*work.Action{build},
				Package: pmain,
				Target:  target,
			}
			run = install
		}
	}

	var vetRun *work.Action
	if t.f.C {
		print = &work.Action{Mode: "test print (nop)", Package: p, Deps: []*work.Action{run}}
		vetRun = print
	} else {
		r := &runActor{t: t}
		run = &work.Action{
			Mode:       "test run",
			Actor:      r.act,
			Deps:       []*work.Action{build},
			Package:    p,
			IgnoreFail: true,
			TryCache:   r.tryCache,
			Objdir:     testDir,
		}
		t.runActors[run] = r
		if m := t.coverMeta(); m != nil {
			run.Deps = append(run.Deps, m)
			if len(p.GoFiles)+len(p.CgoFiles) > 0 {
				m.Deps = append(m.Deps, b.CompileAction(work.ModeBuild, work.ModeBuild, p))
			}
		}
		vetRun = run
		clean = &work.Action{
			Mode:       "test clean",
			Actor:      t.cleanTest,
			Deps:       []*work.Action{run},
			Package:    p,
			IgnoreFail: true,
			Objdir:     testDir,
		}
		print = &work.Action{
			Mode:       "test print",
			Actor:      t.printTest,
			Deps:       []*work.Action{clean},
			Package:    p,
			IgnoreFail: true,
		}
	}
	if len(ptest.GoFiles)+len(ptest.CgoFiles) > 0 {
		t.addVet(ptest, vetRun, install)
	}
	if pxtest != nil {
		t.addVet(pxtest, vetRun, install)
	}
	if install != nil {
		if run != install {
			install.Deps = append(install.Deps, run)
		}
		if clean != nil {
			clean.Deps = append(clean.Deps, install)
		}
	}
	return build, run, print, nil, nil
}

// testError returns the first of the test packages that has an error
// or, if incomplete, its first dependency with one.
func testError(pkgs ...*load.Package) *load.Package {
	for _, q := range pkgs {
		if q == nil {
			continue
		}
		if q.Error != nil {
			return q
		}
		if q.Incomplete {
			for _, q1 := range load.PackageList([]*load.Package{q}) {
				if q1.Error != nil {
					return q1
				}
			}
		}
	}
	return nil
}

// addVet makes the run of a test wait for the vet check of p (unless
// -vet=off); a vet failure fails the test as a build failure does.
func (t *tester) addVet(p *load.Package, run, install *work.Action) {
	if t.f.Vet.Off {
		return
	}
	vet := t.b.VetAction(work.ModeBuild, work.ModeBuild, false, p)
	run.Deps = append(run.Deps, vet)
	if install != nil {
		install.Deps = append(install.Deps, vet)
	}
}

// cleanTest removes the test's object directory (unless -work).
func (t *tester) cleanTest(b *work.Builder, ctx context.Context, a *work.Action) error {
	if t.f.Work {
		return nil
	}
	b.Shell(a).RemoveAll(a.Objdir)
	return nil
}

// printTest prints the output of a test run.
func (t *tester) printTest(b *work.Builder, ctx context.Context, a *work.Action) error {
	run := a.Deps[0]
	if run.Mode == "test clean" {
		run = run.Deps[0]
	}
	if r := t.runActors[run]; r != nil && r.output != nil {
		t.stdout.Write(r.output.Bytes())
		r.output = nil
	}
	return nil
}
