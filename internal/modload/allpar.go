package modload

import (
	"context"
	"runtime"
	"sync"
)

// The "all" loader visits packages one at a time, in an order that
// makes its result deterministic; the slow part of a visit (finding the
// package's module and directory, reading its imports) is independent
// of that order, so it is started for each package as soon as the
// package is first seen, on a few goroutines, and the visit waits for
// it. Finding a module may add a requirement when -mod=mod lets Import
// look missing packages up; then it stays in the visit.

// allPrefetch runs the loader's lookups ahead of its visits.
type allPrefetch struct {
	pool *workPool
	done map[*PkgNode]chan struct{} // used by the visiting goroutine only
}

// workPool runs functions on a fixed set of goroutines, which keep
// their grown stacks from one function to the next (a goroutine per
// function would grow a new stack each time).
type workPool struct {
	mu     sync.Mutex
	cond   sync.Cond
	tasks  []func()
	closed bool
}

func newWorkPool() *workPool {
	p := &workPool{}
	p.cond.L = &p.mu
	for range max(4, 2*runtime.GOMAXPROCS(0)) {
		go p.work()
	}
	return p
}

func (p *workPool) work() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for len(p.tasks) == 0 && !p.closed {
			p.cond.Wait()
		}
		if len(p.tasks) == 0 {
			return
		}
		f := p.tasks[0]
		p.tasks = p.tasks[1:]
		p.mu.Unlock()
		f()
		p.mu.Lock()
	}
}

// add queues f.
func (p *workPool) add(f func()) {
	p.mu.Lock()
	p.tasks = append(p.tasks, f)
	p.mu.Unlock()
	p.cond.Signal()
}

// close lets the goroutines end once the queue is empty.
func (p *workPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
}

// canPrefetch reports whether resolving may run concurrently: nothing
// is added to the requirements while loading.
func (ld *allLoader) canPrefetch() bool {
	s := ld.s
	return s.deferQuery || s.buildMod != "mod"
}

// prefetch starts resolving the new node n and reading its imports. The
// goroutine writes only n's resolution fields, which the visit reads
// after awaiting it.
func (ld *allLoader) prefetch(ctx context.Context, n *PkgNode) {
	if ld.pre == nil || n.TestOf != nil {
		return
	}
	ch := make(chan struct{})
	ld.pre.done[n] = ch
	ld.pre.pool.add(func() {
		defer close(ch)
		ld.resolve(ctx, n)
		if !n.Std && n.Err == nil && n.Dir != "" {
			ld.s.scanDir(n.Dir, nil) // remembered for the visit
		}
	})
}

// resolveVisit makes sure n is resolved when its visit starts.
func (ld *allLoader) resolveVisit(ctx context.Context, n *PkgNode) {
	if ld.pre != nil {
		if ch, ok := ld.pre.done[n]; ok {
			<-ch
			return
		}
	}
	ld.resolve(ctx, n)
}

// walkChecks answers a walker's package checks at once and runs them on
// a queue, so that the walk goes on listing directories while the
// directories found so far are read.
type walkChecks struct {
	pool *workPool
	wg   sync.WaitGroup
	mu   sync.Mutex
	not  map[string]bool // import paths whose directory holds no package
}

func newWalkChecks(pool *workPool) *walkChecks {
	return &walkChecks{pool: pool, not: map[string]bool{}}
}

// isPackage is a Walker.IsPackage that answers true and checks later.
func (c *walkChecks) isPackage(s *State) func(dir, name string) bool {
	return func(dir, name string) bool {
		c.wg.Add(1)
		c.pool.add(func() {
			defer c.wg.Done()
			if r, err := s.scanDir(dir, nil); err != nil || !r.hasGo {
				c.mu.Lock()
				c.not[name] = true
				c.mu.Unlock()
			}
		})
		return true
	}
}

// keep waits for the checks and returns names without those that
// failed, in order, reusing names' storage.
func (c *walkChecks) keep(names []string) []string {
	c.wg.Wait()
	out := names[:0]
	for _, name := range names {
		if !c.not[name] {
			out = append(out, name)
		}
	}
	return out
}
