package work

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"gocmd/internal/buildid"
)

// actionJSON is one action in the file -debug-actiongraph names, with
// the field names go uses there. Times and commands are filled in as
// the action runs.
type actionJSON struct {
	ID         int
	Mode       string
	Package    string
	Deps       []int     `json:",omitempty"`
	IgnoreFail bool      `json:",omitempty"`
	Args       []string  `json:",omitempty"`
	Link       bool      `json:",omitempty"`
	Objdir     string    `json:",omitempty"`
	Target     string    `json:",omitempty"`
	Priority   int       `json:",omitempty"`
	Failed     bool      `json:",omitempty"`
	Built      string    `json:",omitempty"`
	VetxOnly   bool      `json:",omitempty"`
	NeedVet    bool      `json:",omitempty"`
	NeedBuild  bool      `json:",omitempty"`
	ActionID   string    `json:",omitempty"`
	BuildID    string    `json:",omitempty"`
	TimeReady  time.Time `json:",omitempty"`
	TimeStart  time.Time `json:",omitempty"`
	TimeDone   time.Time `json:",omitempty"`

	Cmd     []string
	CmdReal time.Duration `json:",omitempty"`
	CmdUser time.Duration `json:",omitempty"`
	CmdSys  time.Duration `json:",omitempty"`
}

// actionGraph is the -debug-actiongraph record of one Do: the actions
// reachable from the root, numbered breadth-first as go numbers them.
type actionGraph struct {
	file    string
	actions []*Action
}

// newActionGraph prepares the record of the graph rooted at root, or
// fails with go's message when file is a Go source file (which
// 'go build -debug-actiongraph x.go' would otherwise overwrite).
func newActionGraph(file string, root *Action) (*actionGraph, error) {
	if strings.HasSuffix(file, ".go") {
		return nil, fmt.Errorf("go: refusing to write action graph to %v", file)
	}
	g := &actionGraph{file: file}
	ids := map[*Action]int{}
	add := func(a *Action) {
		if _, ok := ids[a]; !ok {
			ids[a] = len(g.actions)
			g.actions = append(g.actions, a)
			a.json = &actionJSON{ID: ids[a], Mode: a.Mode, IgnoreFail: a.IgnoreFail, Objdir: a.Objdir, Target: a.Target}
			if a.Package != nil {
				a.json.Package = a.Package.ImportPath
			}
		}
	}
	add(root)
	for i := 0; i < len(g.actions); i++ {
		for _, d := range g.actions[i].Deps {
			add(d)
		}
	}
	for _, a := range g.actions {
		for _, d := range a.Deps {
			a.json.Deps = append(a.json.Deps, ids[d])
		}
	}
	return g, nil
}

// write writes the graph with what is known of each action so far. It
// must not run while actions do.
func (g *actionGraph) write() error {
	list := make([]*actionJSON, len(g.actions))
	for i, a := range g.actions {
		j := a.json
		j.Priority = a.priority
		j.Failed = a.Failed != nil
		j.Built = a.built
		j.NeedVet, j.NeedBuild = a.needVet, a.needBuild
		if a.actionID != [32]byte{} {
			j.ActionID = buildid.HashToString(a.actionID)
		}
		j.BuildID = a.buildID
		list[i] = j
	}
	js, err := json.MarshalIndent(list, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(g.file, js, 0o666)
}

// recordCmd adds a command the action ran, and its times, to the graph.
func (a *Action) recordCmd(args []string, real time.Duration, ps *os.ProcessState) {
	j := a.json
	if j == nil {
		return
	}
	j.Cmd = append(j.Cmd, JoinUnambiguously(args))
	j.CmdReal += real
	if ps != nil {
		j.CmdUser += ps.UserTime()
		j.CmdSys += ps.SystemTime()
	}
}
