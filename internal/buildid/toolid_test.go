package buildid

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

func TestParseToolID(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/toolid.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	n := 0
	for _, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".in")
		if !ok {
			continue
		}
		n++
		want, ok := files[name+".want"]
		if !ok {
			t.Fatalf("%s: no %s.want", f.Name, name)
		}
		want = strings.TrimSuffix(want, "\n")
		first, output, _ := strings.Cut(string(f.Data), "\n")
		tool := Tool{Name: first}
		if path, ok := strings.CutSuffix(first, " custom"); ok {
			tool = Tool{Name: "vet", Path: path, Custom: true}
		}
		id, err := ParseToolID(tool, output)
		got := id
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != want {
			t.Errorf("%s: ParseToolID(%+v, %q) = %q, want %q", name, tool, output, got, want)
		}
	}
	if n == 0 {
		t.Fatal("no cases")
	}
}

// writeScript writes an executable shell script and returns its path.
func writeScript(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o777); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestToolIDRunner(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	good := writeScript(t, dir, "compile", `echo "compile version go1.99 $GOEXPERIMENT_ECHO $@"`+"\n")
	bad := writeScript(t, dir, "link", "echo oops >&2\nexit 3\n")
	wrap := writeScript(t, dir, "wrap", `echo "compile version go1.99 wrapped"`+"\n")
	ctx := context.Background()

	r := ToolIDRunner{Env: append(os.Environ(), "GOEXPERIMENT_ECHO=X:foo")}
	id, err := r.ToolID(ctx, Tool{Name: "compile", Path: good})
	if want := "compile version go1.99 X:foo -V=full"; id != want || err != nil {
		t.Errorf("ToolID(good) = %q, %v, want %q", id, err, want)
	}

	_, err = r.ToolID(ctx, Tool{Name: "link", Path: bad})
	var te *ToolIDError
	if !errors.As(err, &te) || te.Stderr != "oops\n" ||
		err.Error() != "error obtaining buildID for go tool link: exit status 3" {
		t.Errorf("ToolID(bad) error = %#v (%v)", err, err)
	}

	r = ToolIDRunner{Toolexec: []string{wrap, "-x"}}
	if got := ToolIDArgs(r.Toolexec, Tool{Name: "compile", Path: good}); strconv.Quote(strings.Join(got, " ")) != strconv.Quote(wrap+" -x "+good+" -V=full") {
		t.Errorf("ToolIDArgs = %q", got)
	}
	id, err = r.ToolID(ctx, Tool{Name: "compile", Path: good})
	if want := "compile version go1.99 wrapped"; id != want || err != nil {
		t.Errorf("ToolID(toolexec) = %q, %v, want %q", id, err, want)
	}

	_, err = ToolIDRunner{}.ToolID(ctx, Tool{Name: "vet", Path: filepath.Join(dir, "missing"), Custom: true})
	if err == nil || !regexp.MustCompile(`^error obtaining buildID for .*/missing: fork/exec .*/missing: no such file or directory$`).MatchString(err.Error()) {
		t.Errorf("ToolID(missing) error = %v", err)
	}
}
