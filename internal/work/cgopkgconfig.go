package work

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gocmd/internal/load"
	"gocmd/internal/tool"
)

// pkgConfigFlags runs pkg-config for the packages of a's #cgo
// pkg-config directives and returns the C flags and linker flags it
// prints, checked like #cgo flags.
func (b *Builder) pkgConfigFlags(a *Action) (cflags, ldflags []string, err error) {
	p := a.Package
	if len(p.CgoPkgConfig) == 0 {
		return nil, nil, nil
	}
	sh := b.Shell(a)
	// pkg-config options may appear anywhere; they go first, before the
	// "--" that go adds itself.
	var pcflags, pkgs []string
	for _, arg := range p.CgoPkgConfig {
		switch {
		case arg == "--":
		case strings.HasPrefix(arg, "--"):
			pcflags = append(pcflags, arg)
		default:
			pkgs = append(pkgs, arg)
		}
	}
	for _, pkg := range pkgs {
		if !load.SafeArg(pkg) {
			return nil, nil, fmt.Errorf("invalid pkg-config package name: %s", pkg)
		}
	}
	chk := b.flagChecker()
	if err := chk.checkPkgConfigFlags("pkg-config", pcflags); err != nil {
		return nil, nil, err
	}
	pkgConfig := b.env.PkgConfig()
	run := func(mode string) ([]string, error) {
		out, err := sh.RunOut(p.Dir, nil, tool.PkgConfigArgs(pkgConfig, mode, pcflags, pkgs)...)
		if err != nil {
			desc := pkgConfig + " " + mode + " " + strings.Join(pcflags, " ") + " -- " + strings.Join(pkgs, " ")
			return nil, sh.Report(desc, "", out, err)
		}
		if len(out) == 0 {
			return nil, nil
		}
		return tool.SplitPkgConfigOutput(bytes.TrimSpace(out))
	}
	if cflags, err = run("--cflags"); err != nil {
		return nil, nil, err
	}
	if err := chk.checkCompilerFlags("CFLAGS", "pkg-config --cflags", cflags); err != nil {
		return nil, nil, err
	}
	if ldflags, err = run("--libs"); err != nil {
		return nil, nil, err
	}
	if err := chk.checkLinkerFlags("LDFLAGS", "pkg-config --libs", ldflags); err != nil {
		return nil, nil, err
	}
	return cflags, ldflags, nil
}

// swigOutputs returns the files SWIG writes to objdir for p: per .swig
// file a Go file and a C file, per .swigcxx file a Go file and a C++
// file.
func swigOutputs(p *load.Package, objdir string) (outGo, outC, outCXX []string) {
	one := func(file, ext, lang string) (string, string) {
		base := strings.TrimSuffix(file, ext)
		return objdir + "_" + base + "_swig.go", objdir + base + "_wrap." + lang
	}
	for _, f := range p.SwigFiles {
		g, c := one(f, ".swig", "c")
		outGo, outC = append(outGo, g), append(outC, c)
	}
	for _, f := range p.SwigCXXFiles {
		g, c := one(f, ".swigcxx", "cxx")
		outGo, outCXX = append(outGo, g), append(outCXX, c)
	}
	return outGo, outC, outCXX
}

// swig would run SWIG over the package's .swig and .swigcxx files. As
// go does, it first makes sure the swig program can be run; running it
// is not supported yet.
func (b *Builder) swig(a *Action) error {
	if _, err := b.Shell(nil).RunOut(".", nil, "swig", "-version"); err != nil {
		return err
	}
	return errors.New("SWIG files are not supported by this go command yet")
}
