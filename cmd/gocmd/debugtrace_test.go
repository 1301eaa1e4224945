package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDebugFiles checks the files of -debug-actiongraph (the action
// graph as JSON, with go's field names) and -debug-trace (a timeline of
// Chrome trace events), which hold times and therefore cannot be compared
// with go's byte for byte, and compares the failures with go's.
func TestDebugFiles(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"go.mod":      "module example.com/d\n\ngo 1.22\n",
		"main.go":     "package main\n\nimport \"example.com/d/lib\"\n\nfunc main() { lib.F() }\n",
		"lib/lib.go":  "package lib\n\nfunc F() {}\n",
		"lib/lib2.go": "package lib\n\nfunc G() {}\n",
	} {
		file := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(file), 0o777)
		if err := os.WriteFile(file, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"GOFLAGS=", "GOCACHE=" + filepath.Join(dir, "cache"), "GOPROXY=off", "GOTOOLCHAIN=local", "CGO_ENABLED=0"}
	graphFile, traceFile := filepath.Join(dir, "graph.json"), filepath.Join(dir, "trace.json")
	r := runCmd(t, gocmdCommand(t, dir, env, "build", "-o", filepath.Join(dir, "d.exe"), "-debug-actiongraph="+graphFile, "-debug-trace="+traceFile, "."))
	if r.code != 0 {
		t.Fatalf("build: %+v", r)
	}

	var graph []struct {
		ID                            int
		Mode, Package, Built, BuildID string
		Deps                          []int
		TimeStart, TimeDone           time.Time
		Cmd                           []string
		CmdReal                       time.Duration
	}
	data, err := os.ReadFile(graphFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &graph); err != nil {
		t.Fatalf("action graph is not a JSON list of actions: %v", err)
	}
	if len(graph) == 0 || graph[0].Package != "example.com/d" || !strings.HasPrefix(graph[0].Mode, "link") {
		t.Fatalf("action graph does not start with the link of example.com/d:\n%s", data)
	}
	compiled := false
	for i, a := range graph {
		if a.ID != i {
			t.Errorf("action %d has ID %d", i, a.ID)
		}
		for _, d := range a.Deps {
			if d <= 0 || d >= len(graph) {
				t.Errorf("action %d depends on action %d, out of range", i, d)
			}
		}
		if a.Mode == "build" && a.Package == "example.com/d/lib" {
			compiled = len(a.Cmd) > 0 && strings.Contains(a.Cmd[0], "compile") && a.CmdReal > 0 &&
				!a.TimeStart.IsZero() && !a.TimeDone.Before(a.TimeStart) && a.BuildID != ""
		}
	}
	if !compiled {
		t.Errorf("the build of example.com/d/lib lacks its compile command, times or build ID:\n%s", data)
	}

	var events []struct {
		Name  string `json:"name"`
		Phase string `json:"ph"`
		TID   uint64 `json:"tid"`
	}
	data, err = os.ReadFile(traceFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &events); err != nil {
		t.Fatalf("trace is not a JSON list of events: %v", err)
	}
	begun := map[string]int{}
	for _, ev := range events {
		switch ev.Phase {
		case "B":
			begun[ev.Name]++
		case "E":
			begun[ev.Name]--
		}
	}
	for _, want := range []string{"Running build command", "load.PackagesAndErrors", "Executing action (build example.com/d/lib)", "Executing action (link example.com/d)"} {
		if n, ok := begun[want]; !ok || n != 0 {
			t.Errorf("trace: span %q missing or not ended", want)
		}
	}

	// Failures, as go reports them.
	for _, args := range [][]string{
		{"build", "-debug-actiongraph=x.go", "."},
		{"build", "-debug-actiongraph=" + filepath.Join(dir, "no", "a.json"), "."},
		{"build", "-debug-trace=" + filepath.Join(dir, "no", "t.json"), "."},
		{"build", "-debug-runtime-trace=" + filepath.Join(dir, "no", "t.out"), "."},
		{"vet", "-debug-trace=" + filepath.Join(dir, "no", "t.json"), "."},
	} {
		got, want := both(t, dir, env, args...)
		if got != want {
			t.Errorf("go %s:\ngocmd: %+v\nreal go: %+v", strings.Join(args, " "), got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.go")); err == nil {
		t.Errorf("-debug-actiongraph=x.go wrote x.go")
	}
}
