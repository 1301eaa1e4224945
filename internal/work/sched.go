package work

import (
	"container/heap"
	"context"
	"fmt"
	"sync"
	"time"

	"gocmd/internal/trace"
	"gocmd/internal/wire"
)

// readyQueue is a priority queue of actions ready to run.
type readyQueue []*Action

func (q readyQueue) Len() int           { return len(q) }
func (q readyQueue) Less(i, j int) bool { return q[i].priority < q[j].priority }
func (q readyQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *readyQueue) Push(x any)        { *q = append(*q, x.(*Action)) }
func (q *readyQueue) Pop() any {
	old := *q
	a := old[len(old)-1]
	*q = old[:len(old)-1]
	return a
}

// setPriorities orders the actions of all (in dependency post-order).
// Under -n, or with one worker, the order is that post-order, which
// makes the printed script deterministic and the same as go's. With
// several workers, actions on the longest remaining chain to the root
// go first (critical path), ties keeping post-order.
func setPriorities(all []*Action, criticalPath bool) {
	if !criticalPath {
		for i, a := range all {
			a.priority = i
		}
		return
	}
	// Length of the longest path from each action up to the root,
	// computed in reverse post-order (triggers come later in all).
	depth := make(map[*Action]int, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		a := all[i]
		d := 0
		for _, t := range a.triggers {
			if depth[t]+1 > d {
				d = depth[t] + 1
			}
		}
		depth[a] = d
	}
	n := len(all)
	for i, a := range all {
		// Deeper first; within a depth, post-order.
		a.priority = -depth[a]*n + i
	}
}

// Do runs the action graph rooted at root: every action after its
// dependencies, up to -p at a time (one under -n). An action whose
// dependency failed does not run (unless IgnoreFail) and counts as
// failed; the others still run. Failures are printed as they happen;
// Do reports whether any happened with Failed.
func (b *Builder) Do(ctx context.Context, root *Action) {
	ctx, span := trace.StartSpan(ctx, "exec.Builder.Do ("+root.Mode+" "+root.Target+")")
	defer span.Done()
	all := actionList(root)
	for _, a := range all {
		a.triggers = nil
	}
	for _, a := range all {
		for _, a1 := range a.Deps {
			a1.triggers = append(a1.triggers, a)
		}
		a.pending = len(a.Deps)
	}
	par := b.flags.P
	if b.flags.N {
		par = 1
	}
	setPriorities(all, par > 1)

	// -debug-actiongraph: the graph is written before the build, in
	// case it stops early, and again, with times, after it.
	var graph *actionGraph
	if file := b.flags.DebugActiongraph; file != "" {
		g, err := newActionGraph(file, root)
		if err != nil {
			b.Shell(nil).Errorf("%v", err)
			b.setFailed()
			return
		}
		graph = g
		b.writeActionGraph(graph)
		defer b.writeActionGraph(graph)
	}
	if st := b.status; st != nil {
		n := 0
		for _, a := range all {
			if a.Actor != nil {
				n++
			}
		}
		st.SetTotal(n)
		st.Start(200*time.Millisecond, 100*time.Millisecond)
		defer st.Stop()
	}

	var (
		mu    sync.Mutex
		cond  = sync.NewCond(&mu)
		ready readyQueue
		done  bool
	)
	push := func(a *Action) {
		if a.json != nil {
			a.json.TimeReady = time.Now()
		}
		heap.Push(&ready, a)
	}
	for _, a := range all {
		if a.pending == 0 {
			push(a)
		}
	}

	finish := func(a *Action, err error) {
		if err != nil {
			b.reportFailure(a, err)
			if a.Failed == nil {
				a.Failed = a
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for _, t := range a.triggers {
			if a.Failed != nil {
				propagateFailure(a, t)
			}
			if t.pending--; t.pending == 0 {
				push(t)
			}
		}
		if a == root {
			done = true
		}
		cond.Broadcast()
	}

	var wg sync.WaitGroup
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := trace.NewLane(ctx)
			for {
				mu.Lock()
				for len(ready) == 0 && !done && ctx.Err() == nil {
					cond.Wait()
				}
				if done || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				a := heap.Pop(&ready).(*Action)
				mu.Unlock()
				var err error
				if a.Actor != nil && (a.Failed == nil || a.IgnoreFail) {
					if st := b.status; st != nil {
						st.Begin(stepLabel(a))
					}
					err = b.act(ctx, a)
				}
				if st := b.status; st != nil && a.Actor != nil {
					st.End()
				}
				finish(a, err)
			}
		}()
	}
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		cond.Broadcast()
		mu.Unlock()
	})
	wg.Wait()
	stop()
	if ctx.Err() != nil {
		b.setFailed()
	}
}

// act runs the actor of a, inside a span of the -debug-trace timeline
// with arrows from the spans of the actions it waited for.
func (b *Builder) act(ctx context.Context, a *Action) error {
	desc := "Executing action (" + a.Mode
	if a.Package != nil {
		desc += " " + a.Package.Desc()
	}
	ctx, span := trace.StartSpan(ctx, desc+")")
	a.traceSpan = span
	for _, d := range a.Deps {
		trace.Flow(d.traceSpan, span)
	}
	if a.json != nil {
		a.json.TimeStart = time.Now()
	}
	err := a.Actor(b, ctx, a)
	if a.json != nil {
		a.json.TimeDone = time.Now()
	}
	span.Done()
	return err
}

// writeActionGraph writes the -debug-actiongraph file; a failure to is
// reported and fails the command, which goes on.
func (b *Builder) writeActionGraph(g *actionGraph) {
	if err := g.write(); err != nil {
		b.Shell(nil).Errorf("go: writing action graph: %v", err)
		b.setFailed()
	}
}

// setFailed records that the build failed.
func (b *Builder) setFailed() {
	b.errMu.Lock()
	b.failed = true
	b.errMu.Unlock()
}

// importPathError is an error that already names the package it is
// about.
type importPathError interface{ ImportPath() string }

// reportFailure prints the error of a failed action, prefixed by the
// package's import path unless the error already names it.
func (b *Builder) reportFailure(a *Action, err error) {
	if p := a.Package; p != nil && b.cfg.AllowErrors {
		// go list -e: the error becomes the package's.
		b.errMu.Lock()
		if p.Error == nil {
			p.Error = &wire.PackageError{Err: err}
			p.Incomplete = true
		}
		b.errMu.Unlock()
		return
	}
	b.setFailed()
	if a.Package != nil {
		if ipe, ok := err.(importPathError); !ok || ipe.ImportPath() != a.Package.ImportPath {
			err = fmt.Errorf("%s: %v", a.Package.ImportPath, err)
		}
	}
	b.Shell(a).Errorf("%s", err)
}

// propagateFailure marks trigger t of the failed action a as failed. A
// test barrier passes the failure on to the test run it guards, but
// not to the barriers of later tests that wait for it.
func propagateFailure(a, t *Action) {
	if t.Mode != "test barrier" {
		t.Failed = a.Failed
		return
	}
	for _, t1 := range t.triggers {
		if t1.Mode != "test barrier" {
			t1.Failed = a.Failed
		}
	}
}
