package main

import (
	"path/filepath"
	"testing"
)

// TestSmallCommandsDiff runs go clean, tool, fmt, generate, doc and
// telemetry with the real go command and with gocmd on the same inputs
// and requires the same output and exit status.
func TestSmallCommandsDiff(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	env := []string{"GOFLAGS=", "GOTOOLCHAIN=local", "GO111MODULE=", "GOWORK=", "HOME=" + home,
		"XDG_CONFIG_HOME=", "TEST_TELEMETRY_DIR=", "GOPATH=" + filepath.Join(dir, "gopath"), "GOPROXY=off"}
	writeFiles(t, dir, map[string]string{
		"m/go.mod": "module example.com/m\n\ngo 1.24\n\ntool example.com/m/cmd/hello\n",
		"m/m.go": `// Package m is a test package.
package m

//go:generate echo $GOFILE $GOLINE $GOPACKAGE $DOLLAR "quoted word"
//go:generate -command say echo said
//go:generate say hi

// Answer is the answer.
const Answer = 42

// T is a type.
type T struct {
	// A is a field.
	A int
	b int
}

// M is a method.
func (T) M() error { return nil }

// New returns a T.
func New() T { return T{} }
`,
		"m/m_test.go":          "package m\n",
		"m/cmd/hello/hello.go": "package main\n\nfunc main() { println(\"hello\") }\n",
		"m/other/x.go":         "package other\n",
	})
	m := filepath.Join(dir, "m")
	cases := [][]string{
		{"doc"},
		{"doc", "T"},
		{"doc", "-all"},
		{"doc", "-short", "."},
		{"doc", "T.M"},
		{"doc", "T.A"},
		{"doc", "-u", "T.b"},
		{"doc", "Nope"},
		{"doc", "T.Nope"},
		{"doc", "-src", "New"},
		{"doc", "strings.Cut"},
		{"doc", "io.Reader"},
		{"doc", "a", "b", "c"},
		{"doc", "-badflag"},
		{"tool"},
		{"tool", "-n", "compile", "-V"},
		{"tool", "nosuchtool"},
		{"tool", "-n", "hello"},
		{"tool", "dist", "list", "-json", "-broken"},
		{"clean", "-n", "./..."},
		{"clean", "-x", "-i", "./cmd/hello"},
		{"clean", "-cache", "."},
		{"fmt", "-n", "./..."},
		{"generate", "-n", "./..."},
		{"generate", "-x", "-run", "say", "."},
		{"generate", "-skip", "echo", "-v", "./..."},
		{"generate", "-run", "["},
		{"telemetry"},
		{"telemetry", "bogus"},
	}
	for _, args := range cases {
		compareGo(t, m, env, args...)
	}
}
