// Package par provides small concurrency helpers: a memoizing cache whose
// values are computed once even when requested concurrently, and a
// bounded work queue.
package par

import "sync"

// Cache memoizes f(key) for each key; concurrent callers of Do for the
// same key wait for the one computation.
type Cache[K comparable, V any] struct {
	m sync.Map // K -> *entry[V]
}

type entry[V any] struct {
	once sync.Once
	v    V
}

// Do returns the cached value for key, calling f to compute it the first
// time.
func (c *Cache[K, V]) Do(key K, f func() V) V {
	e, ok := c.m.Load(key)
	if !ok {
		e, _ = c.m.LoadOrStore(key, new(entry[V]))
	}
	ent := e.(*entry[V])
	ent.once.Do(func() { ent.v = f() })
	return ent.v
}

// Queue runs functions on at most n goroutines at a time.
type Queue struct {
	sema chan struct{}
	wg   sync.WaitGroup
}

// NewQueue returns a queue running at most n functions at once.
func NewQueue(n int) *Queue {
	if n < 1 {
		n = 1
	}
	return &Queue{sema: make(chan struct{}, n)}
}

// Add starts f when a slot is free. It does not block the caller.
func (q *Queue) Add(f func()) {
	q.wg.Add(1)
	go func() {
		q.sema <- struct{}{}
		defer func() { <-q.sema; q.wg.Done() }()
		f()
	}()
}

// TryAdd starts f only if a slot is free now, reporting whether it did.
func (q *Queue) TryAdd(f func()) bool {
	select {
	case q.sema <- struct{}{}:
	default:
		return false
	}
	q.wg.Add(1)
	go func() {
		defer func() { <-q.sema; q.wg.Done() }()
		f()
	}()
	return true
}

// Wait waits for every added function to finish.
func (q *Queue) Wait() { q.wg.Wait() }
