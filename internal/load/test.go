package load

import (
	"context"
	"errors"
	"go/build"
	"go/token"

	"gocmd/internal/str"
	"gocmd/internal/trace"
	"gocmd/internal/wire"
)

// TestMainDeps are the packages the generated test main imports.
var testMainDeps = []string{"os", "reflect", "testing", "testing/internal/testdeps"}

// TestPackagesFor returns the test variant of p (its _test.go files
// compiled in), the external test package p_test, and the generated test
// main package, as go list -test shows them. ptest is p itself when p has
// no in-package test files and no dependency needs a variant; pxtest is
// nil when there are no external test files. When a package involved
// has an error, the packages are nil and err is that package's error.
func (l *Loader) TestPackagesFor(ctx context.Context, p *Package) (pmain, ptest, pxtest *Package, err error) {
	pmain, ptest, pxtest = l.TestPackagesAndErrors(ctx, p)
	var perr *Package
	for _, p1 := range []*Package{ptest, pxtest, pmain} {
		if p1 == nil {
			continue
		}
		if p1.Error != nil {
			perr = p1
			break
		}
		if p1.Incomplete {
			for _, q := range PackageList([]*Package{p1}) {
				if q.Error != nil {
					perr = q
					break
				}
			}
			break
		}
	}
	if pmain.Error != nil || pmain.Incomplete {
		pmain = nil
	}
	if ptest.Error != nil || ptest.Incomplete {
		ptest = nil
	}
	if pxtest != nil && (pxtest.Error != nil || pxtest.Incomplete) {
		pxtest = nil
	}
	if perr != nil {
		if err := addedModuleError(perr.Error); err != nil {
			return pmain, ptest, pxtest, err
		}
		return pmain, ptest, pxtest, perr.Error
	}
	return pmain, ptest, pxtest, nil
}

// TestPackagesAndErrors is TestPackagesFor keeping packages with errors
// (go list -e -test).
func (l *Loader) TestPackagesAndErrors(ctx context.Context, p *Package) (pmain, ptest, pxtest *Package) {
	ctx, span := trace.StartSpan(ctx, "load.TestPackagesAndErrors")
	defer span.Done()
	return l.TestPackagesCover(ctx, p, nil)
}

// TestPackagesCover is TestPackagesAndErrors for go test -cover (cover
// not nil): the test main registers the coverage of cover.Pkgs and the
// packages built get the coverage modes go gives them (see
// setTestCoverModes).
func (l *Loader) TestPackagesCover(ctx context.Context, p *Package, cover *TestCover) (pmain, ptest, pxtest *Package) {
	s := l.init()
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.queue.Wait()

	var ptestErr, pxtestErr *wire.PackageError
	var imports, ximports []*Package
	var stk importStack
	var testEmbed, xtestEmbed map[string][]string
	incomplete := false
	pb := p.Internal.Build
	if pb == nil {
		pb = &build.Package{}
	}
	stk.push(p.ImportPath+" (test)", nil)
	testImports := make([]string, len(p.Internal.RawTestImports))
	for i, path := range p.Internal.RawTestImports {
		p1, perr := l.loadImport(ctx, path, p.Dir, p, &stk, pb.TestImportPos[path], resolveImport)
		if perr != nil && ptestErr == nil {
			ptestErr = perr
			incomplete = true
		}
		if p1.Incomplete {
			incomplete = true
		}
		testImports[i] = p1.ImportPath
		imports = append(imports, p1)
	}
	var err error
	if len(p.TestEmbedPatterns) > 0 {
		p.TestEmbedFiles, testEmbed, err = l.resolveEmbed(p.Dir, p.TestEmbedPatterns)
		if err != nil {
			ptestErr = &wire.PackageError{ImportStack: stk.copy(), Err: err}
			incomplete = true
			if ee, ok := err.(*EmbedError); ok {
				l.setPos(ptestErr, pb.TestEmbedPatternPos[ee.Pattern])
			}
		}
	}
	stk.pop()

	stk.push(p.ImportPath+"_test", nil)
	pxtestNeedsPtest := false
	pxtestIncomplete := false
	xtestImports := make([]string, len(p.Internal.RawXTestImports))
	for i, path := range p.Internal.RawXTestImports {
		p1, perr := l.loadImport(ctx, path, p.Dir, p, &stk, pb.XTestImportPos[path], resolveImport)
		if perr != nil && pxtestErr == nil {
			pxtestErr = perr
		}
		if p1.Incomplete {
			pxtestIncomplete = true
		}
		if p1.ImportPath == p.ImportPath {
			pxtestNeedsPtest = true
		} else {
			ximports = append(ximports, p1)
		}
		xtestImports[i] = p1.ImportPath
	}
	if len(p.XTestEmbedPatterns) > 0 {
		p.XTestEmbedFiles, xtestEmbed, err = l.resolveEmbed(p.Dir, p.XTestEmbedPatterns)
		if err != nil && pxtestErr == nil {
			pxtestErr = &wire.PackageError{ImportStack: stk.copy(), Err: err}
			if ee, ok := err.(*EmbedError); ok {
				l.setPos(pxtestErr, pb.XTestEmbedPatternPos[ee.Pattern])
			}
		}
	}
	pxtestIncomplete = pxtestIncomplete || pxtestErr != nil
	stk.pop()

	if len(p.TestGoFiles) > 0 || p.Name == "main" || cover != nil && cover.Local {
		ptest = new(Package)
		*ptest = *p
		if ptest.Error == nil {
			ptest.Error = ptestErr
		}
		ptest.Incomplete = ptest.Incomplete || incomplete
		ptest.ForTest = p.ImportPath
		ptest.GoFiles = str.StringList(p.GoFiles, p.TestGoFiles)
		ptest.Target = ""
		ptest.Imports = str.StringList(testImports, p.Imports)
		ptest.Internal.Imports = append(imports, p.Internal.Imports...)
		ptest.Internal.RawImports = str.StringList(p.Internal.RawTestImports, p.Internal.RawImports)
		ptest.Internal.ForceLibrary = true
		b := *pb
		m := map[string][]token.Position{}
		for k, v := range pb.ImportPos {
			m[k] = append(m[k], v...)
		}
		for k, v := range pb.TestImportPos {
			m[k] = append(m[k], v...)
		}
		b.ImportPos = m
		b.Directives = append(append([]build.Directive(nil), pb.Directives...), pb.TestDirectives...)
		ptest.Internal.Build = &b
		if testEmbed == nil && len(p.Internal.Embed) > 0 {
			testEmbed = map[string][]string{}
		}
		for k, v := range p.Internal.Embed {
			testEmbed[k] = v
		}
		ptest.Internal.Embed = testEmbed
		ptest.EmbedFiles = str.StringList(p.EmbedFiles, p.TestEmbedFiles)
	} else {
		ptest = p
	}

	if len(p.XTestGoFiles) > 0 {
		pxtest = &Package{}
		pxtest.Name = p.Name + "_test"
		pxtest.ImportPath = p.ImportPath + "_test"
		pxtest.Root = p.Root
		pxtest.Dir = p.Dir
		pxtest.Goroot = p.Goroot
		pxtest.GoFiles = p.XTestGoFiles
		pxtest.Imports = xtestImports
		pxtest.ForTest = p.ImportPath
		pxtest.Module = p.Module
		pxtest.Error = pxtestErr
		pxtest.Incomplete = pxtestIncomplete
		pxtest.EmbedFiles = p.XTestEmbedFiles
		pxtest.Internal.LocalPrefix = p.Internal.LocalPrefix
		pxtest.Internal.Build = &build.Package{ImportPos: pb.XTestImportPos, Directives: pb.XTestDirectives}
		pxtest.Internal.Imports = ximports
		pxtest.Internal.RawImports = p.Internal.RawXTestImports
		pxtest.Internal.Embed = xtestEmbed
		pxtest.Internal.OrigImportPath = p.Internal.OrigImportPath
		pxtest.Internal.PGOProfile = p.Internal.PGOProfile
		if pxtestNeedsPtest {
			pxtest.Internal.Imports = append(pxtest.Internal.Imports, ptest)
		}
	}

	pmain = &Package{}
	pmain.Name = "main"
	pmain.Dir = p.Dir
	pmain.GoFiles = []string{"_testmain.go"}
	pmain.ImportPath = p.ImportPath + ".test"
	pmain.Root = p.Root
	pmain.Imports = append([]string(nil), testMainDeps...)
	pmain.Module = p.Module
	pmain.Internal.Build = &build.Package{Name: "main"}
	pmain.Internal.OrigImportPath = p.Internal.OrigImportPath
	pmain.Internal.PGOProfile = p.Internal.PGOProfile
	pmain.DefaultGODEBUG = l.defaultGODEBUG(pmain, pb.Directives, pb.TestDirectives, pb.XTestDirectives)

	stk.push("testmain", nil)
	deps := append([]string(nil), testMainDeps...)
	if cover != nil {
		deps = append(deps, "internal/coverage/cfile")
	}
	ldDeps, err := l.linkerDeps(p)
	if err != nil && pmain.Error == nil {
		pmain.Error = &wire.PackageError{Err: err}
	}
	deps = append(deps, ldDeps...)
	for _, dep := range deps {
		if dep == ptest.ImportPath {
			pmain.Internal.Imports = append(pmain.Internal.Imports, ptest)
			continue
		}
		p1, perr := l.loadImport(ctx, dep, "", nil, &stk, nil, 0)
		if perr != nil && pmain.Error == nil {
			pmain.Error = perr
			pmain.Incomplete = true
		}
		pmain.Internal.Imports = append(pmain.Internal.Imports, p1)
	}
	stk.pop()

	if err := l.checkTestFuncs(p); err != nil && pmain.Error == nil {
		l.setLoadPackageDataError(pmain, err, p.ImportPath, &stk, nil)
	}
	if len(ptest.GoFiles)+len(ptest.CgoFiles) > 0 {
		pmain.Internal.Imports = append(pmain.Internal.Imports, ptest)
		pmain.Imports = append(pmain.Imports, ptest.ImportPath)
	}
	if pxtest != nil {
		pmain.Internal.Imports = append(pmain.Internal.Imports, pxtest)
		pmain.Imports = append(pmain.Imports, pxtest.ImportPath)
	}
	pmain.Imports = sortUniq(pmain.Imports)
	pmain.Internal.RawImports = append([]string(nil), pmain.Imports...)

	if cycleErr := recompileForTest(pmain, p, ptest, pxtest); cycleErr != nil {
		ptest.Error = cycleErr
		ptest.Incomplete = true
	}
	tf := p.Internal.TestFuncs
	if tf == nil {
		tf = &TestFuncs{}
	}
	tf.ImportTest = tf.ImportTest || len(ptest.GoFiles)+len(ptest.CgoFiles) > 0
	tf.ImportXtest = tf.ImportXtest || pxtest != nil
	setTestCoverModes(p, ptest, pmain, cover)
	data := FormatTestmain(p, tf, cover)
	pmain.Internal.TestmainGo = &data
	_ = s
	l.queue.Wait()
	l.resolveTestImports(ctx, PackageList([]*Package{pmain}))
	return pmain, ptest, pxtest
}

func sortUniq(list []string) []string {
	list = append([]string(nil), list...)
	sortStrings(list)
	w := 0
	for _, s := range list {
		if w == 0 || s != list[w-1] {
			list[w] = s
			w++
		}
	}
	return list[:w]
}

// recompileForTest copies every package between pmain and preal so that
// they import ptest instead of preal, and reports an import cycle
// through ptest.
func recompileForTest(pmain, preal, ptest, pxtest *Package) *wire.PackageError {
	testCopy := map[*Package]*Package{preal: ptest}
	for _, p := range PackageList([]*Package{pmain}) {
		if p == preal {
			continue
		}
		didSplit := p == pmain || p == pxtest || p == ptest
		split := func() {
			if didSplit {
				return
			}
			didSplit = true
			p1 := new(Package)
			testCopy[p] = p1
			*p1 = *p
			p1.ForTest = preal.ImportPath
			p1.Internal.Imports = append([]*Package(nil), p.Internal.Imports...)
			p1.Imports = append([]string(nil), p.Imports...)
			p = p1
			p.Target = ""
			p.Internal.ForceLibrary = true
			p.Internal.PGOProfile = preal.Internal.PGOProfile
		}
		for i, imp := range p.Internal.Imports {
			if p1 := testCopy[imp]; p1 != nil && p1 != imp {
				split()
				p.Internal.Imports[i] = p1
			}
		}
		if p.Name == "main" && p != pmain && p != ptest {
			split()
		}
		if preal.Internal.PGOProfile != "" && p.Internal.PGOProfile == "" {
			split()
		}
	}

	importerOf := map[*Package]*Package{}
	for _, p := range ptest.Internal.Imports {
		importerOf[p] = nil
	}
	q := append([]*Package(nil), ptest.Internal.Imports...)
	for len(q) > 0 {
		p := q[0]
		q = q[1:]
		if p == ptest {
			var stk []wire.ImportInfo
			for p != nil {
				importer, ok := importerOf[p]
				if importer == nil && ok {
					importer = ptest
				}
				var pos *token.Position
				if importer.Internal.Build != nil {
					pos = firstPos(importer.Internal.Build.ImportPos[p.ImportPath])
				}
				stk = append(stk, wire.ImportInfo{Pkg: p.ImportPath, Pos: pos})
				p = importerOf[p]
			}
			stk = append(stk, wire.ImportInfo{Pkg: ptest.ImportPath})
			for i, j := 0, len(stk)-1; i < j; i, j = i+1, j-1 {
				stk[i], stk[j] = stk[j], stk[i]
			}
			return &wire.PackageError{ImportStack: stk, Err: errors.New("import cycle not allowed in test"), IsImportCycle: true}
		}
		for _, dep := range p.Internal.Imports {
			if _, ok := importerOf[dep]; !ok {
				importerOf[dep] = p
				q = append(q, dep)
			}
		}
	}
	return nil
}
