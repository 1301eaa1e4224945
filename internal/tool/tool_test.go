package tool

import (
	"strings"
	"testing"
)

// The expected lines are the ones go build -x prints (go1.26) for the
// same inputs.

func TestCompileArgs(t *testing.T) {
	c := &Compile{
		Tool: "/go/pkg/tool/linux_amd64/compile", Output: "$WORK/b011/_pkg_.a",
		Trimpath: "$WORK/b011=>", PkgPath: "internal/cpu", Lang: "go1.26", Std: true,
		BuildID: "A/A", GoVersion: "go1.26.8", Symabis: "$WORK/b011/symabis", Concurrency: 2,
		Importcfg: "$WORK/b011/importcfg", Pack: true, Asmhdr: "$WORK/b011/go_asm.h",
		Files: []string{"cpu.go"},
	}
	want := "/go/pkg/tool/linux_amd64/compile -o $WORK/b011/_pkg_.a -trimpath $WORK/b011=> -p internal/cpu -lang=go1.26 -std -buildid A/A -goversion go1.26.8 -symabis $WORK/b011/symabis -c=2 -nolocalimports -importcfg $WORK/b011/importcfg -pack -asmhdr $WORK/b011/go_asm.h cpu.go"
	if got := strings.Join(c.Args(), " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestAsmArgs(t *testing.T) {
	a := &Asm{
		Tool: "/t/asm", PkgPath: "internal/cpu", Trimpath: "$WORK/b011=>", Objdir: "$WORK/b011/",
		Include: "/go/pkg/include", GOOS: "linux", GOARCH: "amd64",
		Defines: ArchDefines("amd64", "v1", false), Gensymabis: true, Output: "$WORK/b011/symabis",
		Files: []string{"./cpu.s", "./cpu_x86.s"},
	}
	want := "/t/asm -p internal/cpu -trimpath $WORK/b011=> -I $WORK/b011/ -I /go/pkg/include -D GOOS_linux -D GOARCH_amd64 -D GOAMD64_v1 -gensymabis -o $WORK/b011/symabis ./cpu.s ./cpu_x86.s"
	if got := strings.Join(a.Args(), " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestLinkArgs(t *testing.T) {
	l := &Link{
		Tool: "/t/link", Output: "$WORK/b001/exe/a.out", Importcfg: "$WORK/b001/importcfg.link",
		OmitDebug: true, GodebugDefault: "x=1", Buildmode: "exe", BuildID: "L/M/C/L",
		Flags: []string{"-v"}, Extld: "gcc", MainPkg: "$WORK/b001/_pkg_.a",
	}
	want := "/t/link -o $WORK/b001/exe/a.out -importcfg $WORK/b001/importcfg.link -s -w -X=runtime.godebugDefault=x=1 -buildmode=exe -buildid=L/M/C/L -v -extld=gcc $WORK/b001/_pkg_.a"
	if got := strings.Join(l.Args(), " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	l.Flags = []string{"-extld=clang"}
	if got := strings.Join(l.Args(), " "); strings.Contains(got, "-extld=gcc") {
		t.Errorf("user -extld not respected: %s", got)
	}
}

func TestArchDefines(t *testing.T) {
	for _, tt := range []struct{ arch, val, want string }{
		{"arm", "7", "-D GOARM_7 -D GOARM_6 -D GOARM_5"},
		{"arm", "6", "-D GOARM_6 -D GOARM_5"},
		{"ppc64le", "power9", "-D GOPPC64_power9 -D GOPPC64_power8"},
		{"386", "sse2", "-D GO386_sse2"},
		{"wasm", "", ""},
	} {
		if got := strings.Join(ArchDefines(tt.arch, tt.val, false), " "); got != tt.want {
			t.Errorf("%s=%s: got %q, want %q", tt.arch, tt.val, got, tt.want)
		}
	}
}

func TestIsComplete(t *testing.T) {
	if IsComplete("os", true, 0) || !IsComplete("os", false, 0) || IsComplete("p", false, 1) {
		t.Error("IsComplete wrong")
	}
}
