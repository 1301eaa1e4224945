package envcmd

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"gocmd/internal/env"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// quoteVars are values that exercise every quoting rule.
var quoteVars = []env.Var{
	{Name: "PLAIN", Value: "/usr/local/go"},
	{Name: "EMPTY", Value: ""},
	{Name: "SPACE", Value: "a b\tc"},
	{Name: "SINGLE", Value: "it's"},
	{Name: "DOUBLE", Value: `say "hi"`},
	{Name: "SANITIZE", Value: `$(echo 'cc"'; echo 'OOPS="oops')`},
	{Name: "NEWLINE", Value: "line1\nline2", Changed: true},
	{Name: "BATCH", Value: "100% <a|b> & ^c", Changed: true},
	{Name: "UNICODE", Value: "héllo\u00a0wörld"},
	{Name: "CONTROL", Value: "bell\a"},
	{Name: "TERM", Value: "never shown"},
}

func TestScriptGolden(t *testing.T) {
	for _, goos := range []string{"linux", "plan9", "windows"} {
		for _, changed := range []bool{false, true} {
			name := goos
			if changed {
				name += "-changed"
			}
			t.Run(name, func(t *testing.T) {
				var out, errw bytes.Buffer
				err := writeScript(&out, &errw, goos, quoteVars, changed)
				got := out.String()
				if errw.Len() > 0 || err != nil {
					got += "--- stderr\n" + errw.String()
					if err != nil {
						got += "--- error: " + err.Error() + "\n"
					}
				}
				checkGolden(t, filepath.Join("testdata", "script-"+name+".golden"), got)
			})
		}
	}
}

func TestJSONGolden(t *testing.T) {
	var out bytes.Buffer
	if err := printJSON(&out, quoteVars, false); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "json.golden"), out.String())
}

func TestNullByte(t *testing.T) {
	var out, errw bytes.Buffer
	err := writeScript(&out, &errw, "linux", []env.Var{{Name: "A", Value: "x"}, {Name: "B", Value: "a\x00b"}}, false)
	want := "go: internal error: encountered null byte in environment variable B on non-plan9 platform"
	if err == nil || err.Error() != want || out.String() != "A='x'\n" {
		t.Errorf("got %q, %v; want A printed, then %q", out.String(), err, want)
	}
}

func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n%s\nwant:\n%s", file, got, want)
	}
}
