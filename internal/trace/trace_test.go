package trace

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestTrace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "trace.json")
	ctx, stop, err := Start(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	ctx, outer := StartSpan(ctx, "outer")
	_, a := StartSpan(NewLane(ctx), "a")
	a.Done()
	_, b := StartSpan(NewLane(ctx), "b")
	Flow(a, b)
	b.Done()
	outer.Done()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}

	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var events []event
	if err := json.Unmarshal(data, &events); err != nil {
		t.Fatalf("not a JSON array of events: %v\n%s", err, data)
	}
	open := map[string]uint64{}
	lanes := map[uint64]bool{}
	flows := 0
	for _, ev := range events {
		switch ev.Phase {
		case phaseBegin:
			open[ev.Name] = ev.TID
			lanes[ev.TID] = true
		case phaseEnd:
			tid, ok := open[ev.Name]
			if !ok || tid != ev.TID {
				t.Errorf("end of %q on lane %d without its begin", ev.Name, ev.TID)
			}
			delete(open, ev.Name)
		case phaseFlowStart, phaseFlowEnd:
			if ev.Name != "a -> b" || ev.ID == 0 {
				t.Errorf("flow event %+v", ev)
			}
			flows++
		}
	}
	if len(open) != 0 || len(lanes) != 3 || flows != 2 {
		t.Errorf("spans left open %v, lanes %v, flow events %d; want none, 3, 2\n%s", open, lanes, flows, data)
	}
}

func TestUntraced(t *testing.T) {
	ctx := context.Background()
	if NewLane(ctx) != ctx {
		t.Errorf("NewLane of an untraced context made a new context")
	}
	_, s := StartSpan(ctx, "x")
	if s != nil {
		t.Errorf("span from an untraced context")
	}
	s.Done()
	Flow(s, s)
}

func TestEmptyTrace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "trace.json")
	_, stop, err := Start(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	var events []event
	if err := json.Unmarshal(data, &events); err != nil || len(events) != 0 {
		t.Errorf("empty trace = %q (%v), want an empty array", data, err)
	}
}
