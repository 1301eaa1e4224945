package work

import (
	"runtime"
	"sync"
)

// compileTokens shares out the compiler's backend concurrency (-c=N)
// among the compiles running at once, as go does: a pool of
// 2*GOMAXPROCS extra tokens plus min(4, GOMAXPROCS) for each of the -p
// workers; a compile takes half of what the idle workers do not need,
// at least the minimum and at most GOMAXPROCS.
type compileTokens struct {
	mu      sync.Mutex
	p       int
	max     int
	min     int
	tokens  int
	running int
}

func (t *compileTokens) init(p int) {
	t.p = p
	t.max = runtime.GOMAXPROCS(0)
	t.min = min(4, t.max)
	t.tokens = 2*t.max + t.min*p
}

// acquire returns the -c value for a compile about to start and the
// function releasing its tokens.
func (t *compileTokens) acquire() (int, func()) {
	if t.p == 1 {
		return t.max, func() {}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.running++
	avail := t.tokens - (t.p-t.running)*t.min
	c := max(min(avail/2, t.max), t.min)
	t.tokens -= c
	return c, func() {
		t.mu.Lock()
		t.running--
		t.tokens += c
		t.mu.Unlock()
	}
}
