package buildid

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeCases writes the synthetic files of readFileCases into dir.
func writeCases(t *testing.T, dir string) []readFileCase {
	t.Helper()
	cases := readFileCases()
	for _, c := range cases {
		if err := os.WriteFile(filepath.Join(dir, c.name), c.data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, c := range writeCases(t, dir) {
		name := filepath.Join(dir, c.name)
		probes := []int{defaultBinaryProbe, 2048}
		if strings.HasPrefix(c.name, "raw-") {
			probes = probes[:1] // where the ID sits relative to the probe matters
		}
		for _, probe := range probes {
			id, err := readFile(name, probe)
			errText := ""
			if err != nil {
				errText = strings.ReplaceAll(err.Error(), name, "NAME")
			}
			if id != c.want || errText != c.wantErr {
				t.Errorf("%s (probe %d): got %q, %q; want %q, %q", c.name, probe, id, errText, c.want, c.wantErr)
			}
		}
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	if _, err := ReadFile(missing); err == nil || err.Error() != "open "+missing+": no such file or directory" {
		t.Errorf("ReadFile(missing) error = %v", err)
	}
	if _, err := ReadFile(dir); err == nil || err.Error() != "read "+dir+": is a directory" {
		t.Errorf("ReadFile(dir) error = %v", err)
	}
}
