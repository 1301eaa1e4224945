package work

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"gocmd/internal/load"
)

// The flags a package may give the C compiler and linker through #cgo
// directives (and pkg-config output) are limited to known-safe ones, so
// that building a package cannot run arbitrary programs (-fplugin=...,
// -B..., @file...). A flag must match one of these patterns as a whole;
// $CGO_<NAME>_ALLOW and $CGO_<NAME>_DISALLOW widen or narrow the lists.
// The lists are the go command's.

// flagRules is a list of accepted (or rejected) flags and the flags
// that take the next word as their argument. The patterns are compiled
// on first use: most runs of the command never check a cgo flag, and
// compiling them all would cost every run a couple of milliseconds.
type flagRules struct {
	res     func() []*regexp.Regexp
	withArg []string
}

func newFlagRules(patterns, withArg []string) *flagRules {
	return &flagRules{
		res: sync.OnceValue(func() []*regexp.Regexp {
			res := make([]*regexp.Regexp, len(patterns))
			for i, p := range patterns {
				res[i] = regexp.MustCompile(p)
			}
			return res
		}),
		withArg: withArg,
	}
}

// matches reports whether some pattern matches all of arg.
func (r *flagRules) matches(arg string) bool {
	if r == nil {
		return false
	}
	for _, re := range r.res() {
		if re.FindString(arg) == arg {
			return true
		}
	}
	return false
}

// The rules never change after initialization.
var (
	compilerFlagRules = newFlagRules(
		[]string{
			`-D([A-Za-z_][A-Za-z0-9_]*)(=[^@\-]*)?`, `-U([A-Za-z_][A-Za-z0-9_]*)`,
			`-F([^@\-].*)`, `-I([^@\-].*)`, `-O`, `-O([^@\-].*)`, `-W`, `-W([^@,]+)`,
			`-Wa,-mbig-obj`, `-Wp,-D([A-Za-z_][A-Za-z0-9_]*)(=[^@,\-]*)?`, `-Wp,-U([A-Za-z_][A-Za-z0-9_]*)`,
			`-ansi`, `-f(no-)?asynchronous-unwind-tables`, `-f(no-)?blocks`, `-f(no-)builtin-[a-zA-Z0-9_]*`,
			`-f(no-)?common`, `-f(no-)?constant-cfstrings`, `-fdebug-prefix-map=([^@]+)=([^@]+)`,
			`-fdiagnostics-show-note-include-stack`, `-ffile-prefix-map=([^@]+)=([^@]+)`,
			`-fno-canonical-system-headers`, `-f(no-)?eliminate-unused-debug-types`, `-f(no-)?exceptions`,
			`-f(no-)?fast-math`, `-f(no-)?inline-functions`, `-finput-charset=([^@\-].*)`,
			`-f(no-)?fat-lto-objects`, `-f(no-)?keep-inline-dllexport`, `-f(no-)?lto`,
			`-fmacro-backtrace-limit=(.+)`, `-fmessage-length=(.+)`, `-f(no-)?modules`, `-f(no-)?objc-arc`,
			`-f(no-)?objc-nonfragile-abi`, `-f(no-)?objc-legacy-dispatch`, `-f(no-)?omit-frame-pointer`,
			`-f(no-)?openmp(-simd)?`, `-f(no-)?permissive`, `-f(no-)?(pic|PIC|pie|PIE)`, `-f(no-)?plt`,
			`-f(no-)?rtti`, `-f(no-)?split-stack`, `-f(no-)?stack-(.+)`, `-f(no-)?strict-aliasing`,
			`-f(un)signed-char`, `-f(no-)?use-linker-plugin`, `-f(no-)?visibility-inlines-hidden`,
			`-fsanitize=(.+)`, `-fsanitize-undefined-strip-path-components=(-)?[0-9]+`, `-ftemplate-depth-(.+)`,
			`-ftls-model=(global-dynamic|local-dynamic|initial-exec|local-exec)`, `-fvisibility=(.+)`,
			`-g([^@\-].*)?`, `-m32`, `-m64`, `-m(abi|arch|cpu|fpu|simd|tls-dialect|tune)=([^@\-].*)`,
			`-m(no-)?v?aes`, `-marm`, `-mcmodel=[0-9a-z-]+`, `-mfloat-abi=([^@\-].*)`,
			`-m(soft|single|double)-float`, `-mfpmath=[0-9a-z,+]*`, `-m(no-)?avx[0-9a-z.]*`,
			`-m(no-)?ms-bitfields`, `-m(no-)?stack-(.+)`, `-mmacosx-(.+)`, `-m(no-)?relax`,
			`-m(no-)?strict-align`, `-m(no-)?(lsx|lasx|frecipe|div32|lam-bh|lamcas|ld-seq-sa)`,
			`-mios-simulator-version-min=(.+)`, `-miphoneos-version-min=(.+)`, `-mlarge-data-threshold=[0-9]+`,
			`-mtvos-simulator-version-min=(.+)`, `-mtvos-version-min=(.+)`,
			`-mwatchos-simulator-version-min=(.+)`, `-mwatchos-version-min=(.+)`, `-mnop-fun-dllimport`,
			`-m(no-)?sse[0-9.]*`, `-m(no-)?ssse3`, `-mthumb(-interwork)?`, `-mthreads`, `-mwindows`,
			`-no-canonical-prefixes`, `--param=ssp-buffer-size=[0-9]*`, `-pedantic(-errors)?`, `-pipe`,
			`-pthread`, `--static`, `-?-std=([^@\-].*)`, `-?-stdlib=([^@\-].*)`, `--sysroot=([^@\-].*)`,
			`-w`, `-x([^@\-].*)`, `-v`,
		},
		[]string{"-arch", "-D", "-U", "-I", "-F", "-framework", "-include", "-isysroot",
			"-isystem", "--sysroot", "-target", "-x"})

	linkerFlagRules = newFlagRules(
		[]string{
			`-F([^@\-].*)`, `-l([^@\-].*)`, `-L([^@\-].*)`, `-O`, `-O([^@\-].*)`, `-f(no-)?(pic|PIC|pie|PIE)`,
			`-f(no-)?openmp(-simd)?`, `-fsanitize=([^@\-].*)`, `-flat_namespace`, `-g([^@\-].*)?`,
			`-headerpad_max_install_names`, `-m(abi|arch|cpu|fpu|simd|tls-dialect|tune)=([^@\-].*)`,
			`-mcmodel=[0-9a-z-]+`, `-mfloat-abi=([^@\-].*)`, `-m(soft|single|double)-float`, `-m(no-)?relax`,
			`-m(no-)?strict-align`, `-m(no-)?(lsx|lasx|frecipe|div32|lam-bh|lamcas|ld-seq-sa)`,
			`-mmacosx-(.+)`, `-mios-simulator-version-min=(.+)`, `-miphoneos-version-min=(.+)`, `-mthreads`,
			`-mwindows`, `-(pic|PIC|pie|PIE)`, `-pthread`, `-rdynamic`, `-shared`, `-?-static([-a-z0-9+]*)`,
			`-?-stdlib=([^@\-].*)`, `-v`,
			// Wildcards after -Wl, exclude commas: -Wl splits at them.
			`-Wl,--(no-)?allow-multiple-definition`, `-Wl,--(no-)?allow-shlib-undefined`,
			`-Wl,--(no-)?as-needed`, `-Wl,-Bdynamic`, `-Wl,-berok`, `-Wl,-Bstatic`,
			`-Wl,-Bsymbolic-functions`, `-Wl,-O[0-9]+`, `-Wl,-d[ny]`, `-Wl,--disable-new-dtags`,
			`-Wl,-e[=,][a-zA-Z0-9]+`, `-Wl,--enable-new-dtags`, `-Wl,--end-group`,
			`-Wl,--(no-)?export-dynamic`, `-Wl,-E`, `-Wl,-framework,[^,@\-][^,]*`,
			`-Wl,--hash-style=(sysv|gnu|both)`, `-Wl,-headerpad_max_install_names`, `-Wl,--no-undefined`,
			`-Wl,--pop-state`, `-Wl,--push-state`, `-Wl,-R,?([^@\-,][^,@]*$)`,
			`-Wl,--just-symbols[=,]([^,@\-][^,@]*)`, `-Wl,-rpath(-link)?[=,]([^,@\-][^,]*)`, `-Wl,-s`,
			`-Wl,-search_paths_first`, `-Wl,-sectcreate,([^,@\-][^,]*),([^,@\-][^,]*),([^,@\-][^,]*)`,
			`-Wl,--start-group`, `-Wl,-?-static`, `-Wl,-?-subsystem,(native|windows|console|posix|xbox)`,
			`-Wl,-syslibroot[=,]([^,@\-][^,]*)`, `-Wl,-undefined[=,]([^,@\-][^,]*)`,
			`-Wl,-?-unresolved-symbols=[^,]+`, `-Wl,--(no-)?warn-([^,]+)`, `-Wl,-?-wrap[=,][^,@\-][^,]*`,
			`-Wl(,-z,(relro|now|(no)?execstack))+`,
			// Linker inputs named directly (not -x.o or @x.o).
			`[a-zA-Z0-9_/].*\.(a|o|obj|dll|dylib|so|tbd)`, `\./.*\.(a|o|obj|dll|dylib|so|tbd)`,
		},
		[]string{"-arch", "-F", "-l", "-L", "-framework", "-isysroot", "--sysroot", "-target",
			"-Wl,-framework", "-Wl,-rpath", "-Wl,-R", "-Wl,--just-symbols", "-Wl,-undefined"})

	// Flags refused even though a general pattern accepts them: on macOS
	// the linker loads and runs the argument of -lto_library.
	linkerFlagDenials = newFlagRules([]string{`-lto_library`}, nil)

	pkgConfigFlagRules = newFlagRules(
		[]string{
			`--atleast-pkgconfig-version=\d+\.\d+\.\d+`, `--atleast-version=\d+\.\d+\.\d+`,
			`--cflags-only-I`, `--cflags`, `--define-prefix`,
			`--define-variable=[A-Za-z_][A-Za-z0-9_]*=[^@\-]*`, `--digraph`, `--dont-define-prefix`,
			`--dont-relocate-paths`, `--dump-personality`, `--env-only`, `--errors-to-stdout`,
			`--exact-version=\d+\.\d+\.\d+`, `--exists`, `--fragment-filter=[A-Za-z_][a-zA-Z0-9_]*`,
			`--ignore-conflicts`, `--internal-cflags`, `--keep-system-cflags`, `--keep-system-libs`,
			`--libs-only-l`, `--libs-only-L`, `--libs`, `--list-all`, `--list-package-names`,
			`--max-version=\d+\.\d+\.\d+`, `--maximum-traverse-depth=[0-9]+`, `--modversion`,
			`--msvc-syntax`, `--no-cache`, `--no-provides`, `--no-uninstalled`, `--path`,
			`--personality=(triplet|filename)`, `--prefix-variable=[A-Za-z_][a-zA-Z0-9_]*`,
			`--print-errors`, `--print-provides`, `--print-requires-private`, `--print-requires`,
			`--print-variables`, `--pure`, `--shared`, `--short-errors`, `--silence-errors`, `--simulate`,
			`--static`, `--uninstalled`, `--validate`, `--variable=[A-Za-z_][a-zA-Z0-9_]*`,
			`--with-path=[^@\-].*`,
		}, nil)
)

// flagChecker checks lists of flags against rules.
type flagChecker struct {
	getenv func(string) string
}

// checkCompilerFlags checks the C compiler flags of source (say "#cgo
// CFLAGS"); name ("CFLAGS") selects $CGO_CFLAGS_ALLOW/_DISALLOW.
func (c flagChecker) checkCompilerFlags(name, source string, list []string) error {
	return c.check(name, source, list, nil, compilerFlagRules, true)
}

// checkLinkerFlags checks linker flags.
func (c flagChecker) checkLinkerFlags(name, source string, list []string) error {
	return c.check(name, source, list, linkerFlagDenials, linkerFlagRules, true)
}

// checkPkgConfigFlags checks the flags given to pkg-config (no
// overrides).
func (c flagChecker) checkPkgConfigFlags(source string, list []string) error {
	return c.check("", source, list, nil, pkgConfigFlagRules, false)
}

// needsExternalLink reports whether C flags may not work with the Go
// linker's internal linking: flags off the allow-list (without
// overrides), or -flto.
func (c flagChecker) needsExternalLink(name string, list []string) bool {
	if c.check(name, name, list, nil, compilerFlagRules, false) != nil {
		return true
	}
	for _, f := range list {
		if strings.HasPrefix(f, "-flto") {
			return true
		}
	}
	return false
}

func (c flagChecker) check(name, source string, list []string, deny, allowRules *flagRules, overrides bool) error {
	var allow, disallow *regexp.Regexp
	if overrides {
		for _, x := range []struct {
			suffix string
			re     **regexp.Regexp
		}{{"_ALLOW", &allow}, {"_DISALLOW", &disallow}} {
			v := c.getenv("CGO_" + name + x.suffix)
			if v == "" {
				continue
			}
			re, err := regexp.Compile(v)
			if err != nil {
				return fmt.Errorf("parsing $CGO_%s%s: %v", name, x.suffix, err)
			}
			*x.re = re
		}
	}
	whole := func(re *regexp.Regexp, s string) bool { return re != nil && re.FindString(s) == s }
	bad := func(arg string) error {
		return fmt.Errorf("invalid flag in %s: %s (see https://go.dev/s/invalidflag)", source, arg)
	}
	for i := 0; i < len(list); i++ {
		arg := list[i]
		if whole(disallow, arg) {
			return bad(arg)
		}
		if whole(allow, arg) {
			continue
		}
		if deny.matches(arg) {
			return bad(arg)
		}
		if allowRules.matches(arg) {
			continue
		}
		if strings.HasPrefix(arg, "-Wl,--push-state,") {
			// -Wl,--push-state,--as-needed: each part must be allowed.
			for _, part := range strings.Split(arg, ",")[1:] {
				part = "-Wl," + part
				if !allowRules.matches(part) || deny.matches(part) {
					return bad(arg)
				}
			}
			continue
		}
		if !contains(allowRules.withArg, arg) {
			return bad(arg)
		}
		if i+1 < len(list) {
			next := list[i+1]
			switch {
			case load.SafeArg(next),
				// -Wl,-framework -Wl,name
				strings.HasPrefix(arg, "-Wl,") && strings.HasPrefix(next, "-Wl,") &&
					load.SafeArg(next[4:]) && !strings.Contains(next[4:], ","),
				// -I= /path and -I $SYSROOT/path
				arg == "-I" && (strings.HasPrefix(next, "=") || strings.HasPrefix(next, "$SYSROOT")) &&
					load.SafeArg(next[1:]):
				i++
				continue
			}
			return fmt.Errorf("invalid flag in %s: %s %s (see https://go.dev/s/invalidflag)", source, arg, next)
		}
		return fmt.Errorf("invalid flag in %s: %s without argument (see https://go.dev/s/invalidflag)", source, arg)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
