package work

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"

	"gocmd/internal/buildid"
	"gocmd/internal/load"
	"gocmd/internal/str"
)

// cflags returns the C preprocessor, C, C++, Fortran and linker flags of
// a cgo package: the environment's ($CGO_CFLAGS...) followed by the
// package's #cgo directives. The directives' flags must pass the
// security checks; the first that does not stops the list there, with
// the flags found so far returned.
func (b *Builder) cflags(p *load.Package) (cppflags, cflags, cxxflags, fflags, ldflags []string, err error) {
	f, err := b.env.CgoFlags()
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	chk := b.flagChecker()
	for _, x := range []struct {
		name     string
		env, pkg []string
		out      *[]string
		linker   bool
	}{
		{"CPPFLAGS", f.CPPFLAGS, p.CgoCPPFLAGS, &cppflags, false},
		{"CFLAGS", f.CFLAGS, p.CgoCFLAGS, &cflags, false},
		{"CXXFLAGS", f.CXXFLAGS, p.CgoCXXFLAGS, &cxxflags, false},
		{"FFLAGS", f.FFLAGS, p.CgoFFLAGS, &fflags, false},
		{"LDFLAGS", f.LDFLAGS, p.CgoLDFLAGS, &ldflags, true},
	} {
		if x.linker {
			err = chk.checkLinkerFlags(x.name, "#cgo "+x.name, x.pkg)
		} else {
			err = chk.checkCompilerFlags(x.name, "#cgo "+x.name, x.pkg)
		}
		if err != nil {
			return
		}
		*x.out = str.StringList(x.env, x.pkg)
	}
	return
}

// flagChecker checks flags against the allow-lists, with the
// environment's overrides.
func (b *Builder) flagChecker() flagChecker { return flagChecker{getenv: b.env.Get} }

// hashCgo writes the cgo part of a package's action ID: the cgo tool,
// the C compilers and their flags.
func (b *Builder) hashCgo(ctx context.Context, h io.Writer, p *load.Package) error {
	cgoID, err := b.toolID(ctx, "cgo")
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "cgo %q\n", cgoID)
	cppflags, cflags, cxxflags, fflags, ldflags, _ := b.cflags(p)
	cc, _ := b.env.CC()
	fmt.Fprintf(h, "CC=%q %q %q %q\n", cc, cppflags, cflags, ldflags)
	b.hashCompilerID(h, "CC", cc, "c")
	if len(p.CXXFiles)+len(p.SwigCXXFiles) > 0 {
		cxx, _ := b.env.CXX()
		fmt.Fprintf(h, "CXX=%q %q\n", cxx, cxxflags)
		b.hashCompilerID(h, "CXX", cxx, "c++")
	}
	if len(p.FFiles) > 0 {
		fc, _ := b.env.List("FC", "gfortran")
		fmt.Fprintf(h, "FC=%q %q\n", fc, fflags)
		b.hashCompilerID(h, "FC", fc, "f95")
	}
	return nil
}

func (b *Builder) hashCompilerID(h io.Writer, key string, compiler []string, lang string) {
	name := ""
	if len(compiler) > 0 {
		name = compiler[0]
	}
	if id, _, err := b.gccToolID(name, lang); err == nil {
		fmt.Fprintf(h, "%s ID=%q\n", key, id)
	} else {
		fmt.Fprintf(h, "%s ID ERROR=%q\n", key, err)
	}
}

type gccIDResult struct {
	once    sync.Once
	id, exe string
	err     error
}

// gccToolID returns the identity of a C compiler for action IDs: the
// version line its driver prints for "-### -x lang -c -", or for an
// experimental compiler the build ID (or hash) of the compiler proper,
// whose path is then exe.
func (b *Builder) gccToolID(name, lang string) (id, exe string, err error) {
	v, _ := b.gccIDs.LoadOrStore(name+"."+lang, new(gccIDResult))
	r := v.(*gccIDResult)
	r.once.Do(func() { r.id, r.exe, r.err = b.computeGccToolID(name, lang) })
	return r.id, r.exe, r.err
}

func (b *Builder) computeGccToolID(name, lang string) (id, exe string, err error) {
	args := str.StringList([]string(b.flags.Toolexec), name, "-###", "-x", lang, "-c", "-")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(b.env.Environ(), "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", "", fmt.Errorf("%s: %v; output: %q", name, err, out)
	}
	lines := strings.Split(string(out), "\n")
	version := ""
	for _, line := range lines {
		fields := strings.Fields(line)
		for i, f := range fields {
			if strings.HasSuffix(f, ":") {
				break
			}
			if f == "version" && i < len(fields)-1 && fields[i+1] != "" && fields[i+1][0] >= '0' && fields[i+1][0] <= '9' {
				version = line
				break
			}
		}
		if version != "" {
			break
		}
	}
	if version == "" {
		return "", "", fmt.Errorf("%s: can not find version number in %q", name, out)
	}
	if !strings.Contains(version, "experimental") {
		return version, "", nil
	}
	compiler := ""
	for _, line := range lines {
		if strings.HasPrefix(line, " ") && !strings.HasPrefix(line, " (in-process)") {
			compiler = line
			break
		}
	}
	if compiler == "" {
		return "", "", fmt.Errorf("%s: can not find compilation command in %q", name, out)
	}
	fields, _ := str.SplitQuotedFields(compiler)
	if len(fields) == 0 {
		return "", "", fmt.Errorf("%s: compilation command confusion %q", name, out)
	}
	exe = fields[0]
	if !strings.ContainsAny(exe, `/\`) {
		if lp, err := exec.LookPath(exe); err == nil {
			exe = lp
		}
	}
	id, err = buildid.ReadFile(exe)
	if err != nil {
		return "", "", err
	}
	if id == "" {
		id = b.fileHash(exe)
	}
	return id, exe, nil
}
