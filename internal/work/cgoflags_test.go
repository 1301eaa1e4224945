package work

import "testing"

func TestCheckCgoFlags(t *testing.T) {
	env := map[string]string{}
	chk := flagChecker{getenv: func(k string) string { return env[k] }}
	for _, tt := range []struct {
		linker bool
		flags  []string
		err    string
		env    map[string]string
	}{
		{false, []string{"-DFOO=1", "-I/usr/include", "-O2", "-Wall", "-fno-stack-protector", "-std=c99"}, "", nil},
		{false, []string{"-I", "/usr/include", "-D", "X"}, "", nil},
		{false, []string{"-fplugin=foo.so"}, "invalid flag in #cgo CFLAGS: -fplugin=foo.so (see https://go.dev/s/invalidflag)", nil},
		{false, []string{"-I", "@foo"}, "invalid flag in #cgo CFLAGS: -I @foo (see https://go.dev/s/invalidflag)", nil},
		{false, []string{"-I"}, "invalid flag in #cgo CFLAGS: -I without argument (see https://go.dev/s/invalidflag)", nil},
		{false, []string{"-I", "=/sys/include"}, "", nil},
		{false, []string{"-fplugin=foo.so"}, "", map[string]string{"CGO_CFLAGS_ALLOW": "-fplugin=.*"}},
		{false, []string{"-O2"}, "invalid flag in #cgo CFLAGS: -O2 (see https://go.dev/s/invalidflag)", map[string]string{"CGO_CFLAGS_DISALLOW": "-O."}},
		{false, []string{"-O2"}, "parsing $CGO_CFLAGS_ALLOW: error parsing regexp: missing closing ): `(`", map[string]string{"CGO_CFLAGS_ALLOW": "("}},
		{true, []string{"-lm", "-L/usr/lib", "-Wl,-rpath,/x", "-Wl,--push-state,--as-needed", "libfoo.a"}, "", nil},
		{true, []string{"-Wl,-framework", "-Wl,Cocoa"}, "", nil},
		{true, []string{"-lto_library"}, "invalid flag in #cgo LDFLAGS: -lto_library (see https://go.dev/s/invalidflag)", nil},
		{true, []string{"-Wl,--push-state,--foo"}, "invalid flag in #cgo LDFLAGS: -Wl,--push-state,--foo (see https://go.dev/s/invalidflag)", nil},
		{true, []string{"@args"}, "invalid flag in #cgo LDFLAGS: @args (see https://go.dev/s/invalidflag)", nil},
	} {
		env = tt.env
		var err error
		if tt.linker {
			err = chk.checkLinkerFlags("LDFLAGS", "#cgo LDFLAGS", tt.flags)
		} else {
			err = chk.checkCompilerFlags("CFLAGS", "#cgo CFLAGS", tt.flags)
		}
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("%q: error %q, want %q", tt.flags, got, tt.err)
		}
	}
	if !chk.needsExternalLink("CGO_CFLAGS", []string{"-flto"}) || chk.needsExternalLink("CGO_CFLAGS", []string{"-O2", "-g"}) {
		t.Error("needsExternalLink wrong")
	}
	if err := chk.checkPkgConfigFlags("pkg-config", []string{"--static", "--foo"}); err == nil || err.Error() != "invalid flag in pkg-config: --foo (see https://go.dev/s/invalidflag)" {
		t.Errorf("pkg-config flags: %v", err)
	}
}
