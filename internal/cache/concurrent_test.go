package cache

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
)

// TestMain lets the test binary serve as the helper processes of the
// tests: a concurrent cache writer, or a fake GOCACHEPROG.
func TestMain(m *testing.M) {
	switch os.Getenv("GOCMD_CACHE_TEST_HELPER") {
	case "writer":
		seed, _ := strconv.ParseUint(os.Getenv("GOCMD_CACHE_TEST_SEED"), 10, 64)
		if err := hammer(os.Getenv("GOCMD_CACHE_TEST_DIR"), seed); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case "prog":
		os.Exit(fakeProg(os.Stdin, os.Stdout, os.Getenv("GOCMD_CACHE_TEST_DIR"), os.Getenv("GOCMD_CACHE_TEST_PROG_MODE")))
	}
	os.Exit(m.Run())
}

const (
	hammerActions = 16
	hammerRounds  = 200
)

// hammerContent is the output of action a in one of two variants: an
// action may give different outputs from run to run.
func hammerContent(a, variant int) []byte {
	line := fmt.Sprintf("action %d variant %d\n", a, variant)
	return bytes.Repeat([]byte(line), 2000+a*37) // tens of kilobytes
}

// hammer puts and gets the same few entries many times, checking that
// every hit is one of the valid outputs of its action.
func hammer(dir string, seed uint64) error {
	c, err := Open(dir, Options{})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	for range hammerRounds {
		a := rng.IntN(hammerActions)
		id := actionID(fmt.Sprintf("hammer %d", a))
		if rng.IntN(2) == 0 {
			if _, _, err := c.Put(id, bytes.NewReader(hammerContent(a, rng.IntN(2)))); err != nil {
				return fmt.Errorf("Put: %v", err)
			}
			// Our own entry, or a newer one of another writer, is complete.
			if err := checkHit(c, id, a, true); err != nil {
				return err
			}
		} else if err := checkHit(c, id, a, false); err != nil {
			return err
		}
	}
	return nil
}

func checkHit(c *DiskCache, id ActionID, a int, mustHit bool) error {
	data, _, err := GetBytes(c, id)
	if err != nil {
		if mustHit || !IsNotFound(err) {
			return fmt.Errorf("action %d: %v", a, err)
		}
		return nil
	}
	if !bytes.Equal(data, hammerContent(a, 0)) && !bytes.Equal(data, hammerContent(a, 1)) {
		return fmt.Errorf("action %d: wrong contents (%d bytes)", a, len(data))
	}
	return nil
}

func TestConcurrentGoroutines(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() { errs <- hammer(dir, uint64(i)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkAllEntries(t, dir)
}

func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for i := range 4 {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "GOCMD_CACHE_TEST_HELPER=writer",
			"GOCMD_CACHE_TEST_DIR="+dir, "GOCMD_CACHE_TEST_SEED="+strconv.Itoa(100+i))
		out := new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v\n%s", i, err, outs[i])
		}
	}
	checkAllEntries(t, dir)
}

// checkAllEntries checks that every action the hammer may have written
// is absent or a valid hit.
func checkAllEntries(t *testing.T, dir string) {
	t.Helper()
	c, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for a := range hammerActions {
		id := actionID(fmt.Sprintf("hammer %d", a))
		if err := checkHit(c, id, a, false); err != nil {
			t.Error(err)
		} else if _, err := c.Get(id); err == nil {
			hits++
		}
	}
	if hits == 0 {
		t.Error("no entries written")
	}
}
