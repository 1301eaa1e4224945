package env

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseSections splits a golden file into its "-- name --" sections. Lines
// before the first section are a comment.
func parseSections(t *testing.T, data string) map[string]string {
	t.Helper()
	out := map[string]string{}
	name := ""
	for line := range strings.Lines(data) {
		if n, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "-- "); ok && strings.HasSuffix(n, " --") {
			name = strings.TrimSuffix(n, " --")
			out[name] = ""
			continue
		}
		if name != "" {
			out[name] += line
		}
	}
	return out
}

func TestEditEnvFile(t *testing.T) {
	files, err := filepath.Glob("testdata/editenv/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s := parseSections(t, string(data))
			in := s["in"]
			// The golden files end every section with a newline; a case
			// without a final newline marks it in its name.
			if strings.HasPrefix(filepath.Base(file), "nonewline") {
				in = strings.TrimSuffix(in, "\n")
			}
			words := strings.Fields(s["args"])
			add := map[string]string{}
			var del []string
			for _, w := range words[1:] {
				if words[0] == "-w" {
					k, v, _ := strings.Cut(w, "=")
					add[k] = v
				} else {
					del = append(del, w)
				}
			}
			if got := EditEnvFile(in, add, del); got != s["out"] {
				t.Errorf("EditEnvFile:\n%s\nwant:\n%s", got, s["out"])
			}
		})
	}
}
