package work

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"gocmd/internal/base"
	"gocmd/internal/load"
)

// testBuilder returns a Builder that only schedules (no environment).
func testBuilder(p int, out *bytes.Buffer) *Builder {
	return &Builder{
		flags: &base.BuildFlags{P: p},
		sh:    NewShell(ShellConfig{Stderr: out}),
	}
}

func pkg(path string) *load.Package {
	p := new(load.Package)
	p.ImportPath = path
	return p
}

// recorder records the order in which actions run and checks that each
// runs after all its dependencies.
type recorder struct {
	mu    sync.Mutex
	order []string
	done  map[*Action]bool
	t     *testing.T
}

func (r *recorder) actor(fail bool) Actor {
	return func(b *Builder, ctx context.Context, a *Action) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, d := range a.Deps {
			if !r.done[d] {
				r.t.Errorf("%s ran before its dependency %s", a.Mode, d.Mode)
			}
		}
		r.done[a] = true
		r.order = append(r.order, a.Mode)
		if fail {
			return errors.New("boom")
		}
		return nil
	}
}

func TestDoOrderSerial(t *testing.T) {
	r := &recorder{done: map[*Action]bool{}, t: t}
	mk := func(name string, deps ...*Action) *Action {
		return &Action{Mode: name, Deps: deps, Actor: r.actor(false)}
	}
	c := mk("c")
	d := mk("d")
	bb := mk("b", c)
	a := mk("a", bb, d)
	root := mk("root", a, c)
	var out bytes.Buffer
	b := testBuilder(1, &out)
	b.Do(context.Background(), root)
	// With one worker, actions run in depth-first post-order.
	if got, want := strings.Join(r.order, " "), "c b d a root"; got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
	if b.Failed() {
		t.Errorf("Failed() = true")
	}
}

func TestDoFailurePropagation(t *testing.T) {
	for _, par := range []int{1, 4} {
		r := &recorder{done: map[*Action]bool{}, t: t}
		bad := &Action{Mode: "bad", Package: pkg("x/bad"), Actor: r.actor(true)}
		good := &Action{Mode: "good", Actor: r.actor(false)}
		afterBad := &Action{Mode: "afterBad", Deps: []*Action{bad}, Actor: r.actor(false)}
		ignore := &Action{Mode: "ignore", Deps: []*Action{bad}, IgnoreFail: true, Actor: r.actor(false)}
		afterGood := &Action{Mode: "afterGood", Deps: []*Action{good}, Actor: r.actor(false)}
		root := &Action{Mode: "root", Deps: []*Action{afterBad, ignore, afterGood}}
		var out bytes.Buffer
		b := testBuilder(par, &out)
		b.Do(context.Background(), root)
		ran := map[string]bool{}
		for _, m := range r.order {
			ran[m] = true
		}
		for _, m := range []string{"bad", "good", "ignore", "afterGood"} {
			if !ran[m] {
				t.Errorf("p=%d: %s did not run", par, m)
			}
		}
		if ran["afterBad"] {
			t.Errorf("p=%d: afterBad ran after its dependency failed", par)
		}
		if afterBad.Failed != bad || root.Failed != bad {
			t.Errorf("p=%d: failure not propagated to dependents", par)
		}
		if !b.Failed() {
			t.Errorf("p=%d: Failed() = false", par)
		}
		if got, want := out.String(), "x/bad: boom\n"; got != want {
			t.Errorf("p=%d: output %q, want %q", par, got, want)
		}
	}
}

func TestDoParallel(t *testing.T) {
	// Four independent actions and -p 4: all four must be running at
	// once for any to finish.
	var wg sync.WaitGroup
	wg.Add(4)
	var deps []*Action
	for range 4 {
		deps = append(deps, &Action{Mode: "leaf", Actor: func(*Builder, context.Context, *Action) error {
			wg.Done()
			wg.Wait()
			return nil
		}})
	}
	var out bytes.Buffer
	b := testBuilder(4, &out)
	b.Do(context.Background(), &Action{Mode: "root", Deps: deps})
	if b.Failed() {
		t.Fatal("failed")
	}
}

func TestCriticalPathFirst(t *testing.T) {
	// root <- long1 <- long2 <- long3 and root <- short: with several
	// workers the start of the long chain has priority over short.
	long3 := &Action{Mode: "long3"}
	long2 := &Action{Mode: "long2", Deps: []*Action{long3}}
	long1 := &Action{Mode: "long1", Deps: []*Action{long2}}
	short := &Action{Mode: "short"}
	root := &Action{Mode: "root", Deps: []*Action{short, long1}}
	all := actionList(root)
	for _, a := range all {
		for _, d := range a.Deps {
			d.triggers = append(d.triggers, a)
		}
	}
	setPriorities(all, true)
	if long3.priority >= short.priority {
		t.Errorf("long3 priority %d not before short %d", long3.priority, short.priority)
	}
	setPriorities(all, false)
	if short.priority >= long3.priority {
		t.Errorf("post-order: short %d should come before long3 %d", short.priority, long3.priority)
	}
}

func TestShellShowCmd(t *testing.T) {
	var out bytes.Buffer
	sh := NewShell(ShellConfig{WorkDir: "/tmp/go-build123", X: true, Stderr: &out})
	sh.ShowCmd("/src/p", "%s", JoinUnambiguously([]string{"/tool/asm", "-trimpath", "/tmp/go-build123/b001=>", "-o", "/tmp/go-build123/b001/x.o", "/src/p/x.s"}))
	sh.ShowCmd("/src/p", "%s", "again /src/p/y.s")
	sh.WriteFile("/tmp/go-build123/b001/one", []byte("# import config\n"))
	sh.WriteFile("/tmp/go-build123/b001/two", []byte("a\nb\n"))
	want := `cd /src/p
/tool/asm -trimpath "$WORK/b001=>" -o $WORK/b001/x.o ./x.s
again ./y.s
echo '# import config' > $WORK/b001/one # internal
cat >/tmp/go-build123/b001/two << 'EOF' # internal
a
b
EOF
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestReportRelativePaths(t *testing.T) {
	var out bytes.Buffer
	sh := NewShell(ShellConfig{WorkDir: "/tmp/go-build9", Dir: "/", Stderr: &out})
	a := &Action{Package: pkg("example.com/m/p")}
	a.Package.Dir = "/nonexistent/m/p"
	err := sh.WithAction(a).Report("", "", []byte("/tmp/go-build9/b001/x.go:1: bad\n"), errors.New("exit status 1"))
	if err == nil || err.Error() != "# example.com/m/p\n$WORK/b001/x.go:1: bad\n" {
		t.Errorf("err = %q", err)
	}
	if ce, ok := err.(*CmdError); !ok || ce.ImportPath() != "example.com/m/p" {
		t.Errorf("not a CmdError for the package: %#v", err)
	}
}
