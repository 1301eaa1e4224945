package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readTxtar parses the txtar format: a comment, then "-- name --" file
// markers.
func readTxtar(t *testing.T, file string) map[string]string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	name := ""
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			name = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --")
			files[name] = ""
			continue
		}
		if name != "" {
			files[name] += line
		}
	}
	return files
}

// TestGOPATHFixtures compares the loader with 'go list' in GOPATH trees
// from testdata/gopath_*.txtar; the "args" file holds the list flags
// (-e -deps [-test]) and patterns, run from GOPATH/src/example.
func TestGOPATHFixtures(t *testing.T) {
	fixtures, _ := filepath.Glob("testdata/gopath_*.txtar")
	for _, fx := range fixtures {
		t.Run(filepath.Base(fx), func(t *testing.T) {
			files := readTxtar(t, fx)
			gopath := t.TempDir()
			for name, content := range files {
				if name == "args" {
					continue
				}
				p := filepath.Join(gopath, name)
				os.MkdirAll(filepath.Dir(p), 0o777)
				os.WriteFile(p, []byte(content), 0o666)
			}
			args := strings.Fields(files["args"])
			test := false
			var patterns []string
			for _, a := range args {
				switch a {
				case "-test":
					test = true
				case "-e", "-deps":
				default:
					patterns = append(patterns, a)
				}
			}
			diffListIn(t, filepath.Join(gopath, "src", "example"), []string{"GO111MODULE=off", "GOPATH=" + gopath}, test, patterns...)
		})
	}
}
