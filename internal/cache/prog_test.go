package cache

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeProg is a GOCACHEPROG program backed by a DiskCache in dir. mode
// selects a misbehaviour: "noclose" knows only "close" and exits without
// answering it (go issue 70848), "die" exits after its first request,
// "mute" declares no commands.
func fakeProg(stdin io.Reader, stdout io.Writer, dir, mode string) int {
	enc := json.NewEncoder(stdout)
	switch mode {
	case "noclose":
		enc.Encode(map[string][]string{"KnownCommands": {"close"}})
		var v any
		json.NewDecoder(stdin).Decode(&v)
		return 0
	case "mute":
		enc.Encode(map[string]any{"ID": 0})
		io.Copy(io.Discard, stdin)
		return 0
	}
	c, err := Open(dir, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	enc.Encode(progResponse{KnownCommands: []string{progGet, progPut, progClose}})
	dec := json.NewDecoder(stdin)
	for {
		var req progRequest
		if err := dec.Decode(&req); err != nil {
			return 0 // stdin closed
		}
		if mode == "die" {
			return 3
		}
		res := progResponse{ID: req.ID}
		var body []byte
		if req.BodySize > 0 {
			if err := dec.Decode(&body); err != nil {
				fmt.Fprintln(os.Stderr, "reading body:", err)
				return 1
			}
		}
		switch req.Command {
		case progGet:
			file, e, err := GetFile(c, ActionID(req.ActionID))
			if err != nil {
				res.Miss = true
				break
			}
			res.OutputID, res.Size, res.Time, res.DiskPath = e.OutputID[:], e.Size, &e.Time, file
		case progPut:
			out, _, err := c.Put(ActionID(req.ActionID), bytes.NewReader(body))
			if err != nil {
				res.Err = err.Error()
			} else if !bytes.Equal(out[:], req.OutputID) {
				res.Err = fmt.Sprintf("output ID %x, computed %x", req.OutputID, out)
			} else {
				res.DiskPath = c.OutputFile(out)
			}
		case progClose:
			enc.Encode(res)
			return 0
		default:
			res.Err = "unknown command " + req.Command
		}
		enc.Encode(res)
	}
}

// progCommand returns a GOCACHEPROG value that runs the test binary as
// fakeProg, and the environment it needs.
func progCommand(t *testing.T, dir, mode string) (string, []string) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	env := append(os.Environ(), "GOCMD_CACHE_TEST_HELPER=prog",
		"GOCMD_CACHE_TEST_DIR="+dir, "GOCMD_CACHE_TEST_PROG_MODE="+mode)
	return fmt.Sprintf("'%s' -test.run=^$", exe), env
}

// progName is the program of a progCommand result.
func progName(prog string) string {
	name, _, _ := strings.Cut(prog[1:], "'")
	return name
}

func TestProgCache(t *testing.T) {
	ctx := t.Context()
	backing := t.TempDir()
	prog, env := progCommand(t, backing, "")
	fuzz := openTemp(t, Options{})
	var stderr strings.Builder
	c, err := StartProg(ctx, prog, fuzz, ProgConfig{Env: env, Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	if c.FuzzDir() != fuzz.FuzzDir() {
		t.Errorf("FuzzDir = %s", c.FuzzDir())
	}
	// Concurrent puts and gets.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			id := actionID(fmt.Sprint("prog ", i))
			data := bytes.Repeat([]byte{byte(i)}, i*1000) // includes an empty body
			if _, err := c.Get(id); !IsNotFound(err) {
				t.Errorf("Get before Put = %v", err)
			}
			out, size, err := c.Put(id, bytes.NewReader(data))
			if err != nil {
				t.Error(err)
				return
			}
			if size != int64(len(data)) {
				t.Errorf("size = %d", size)
			}
			got, err := os.ReadFile(c.OutputFile(out))
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("OutputFile after Put: %v", err)
			}
			got, _, err = GetBytes(c, id)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("GetBytes: %v", err)
			}
		})
	}
	wg.Wait()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// The entries are in the backing disk cache.
	d, _ := Open(backing, Options{})
	if got, _, err := GetBytes(d, actionID("prog 7")); err != nil || len(got) != 7000 {
		t.Errorf("backing cache: %d bytes, %v", len(got), err)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %s", stderr.String())
	}
}

func TestProgMisbehaving(t *testing.T) {
	ctx := t.Context()
	fuzz := openTemp(t, Options{})

	// A program that never answers "close" does not hang Close (issue 70848).
	prog, env := progCommand(t, t.TempDir(), "noclose")
	c, err := StartProg(ctx, prog, fuzz, ProgConfig{Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(actionID("x")); !IsNotFound(err) {
		t.Errorf("Get without get = %v, want miss", err)
	}
	if _, _, err := c.Put(actionID("x"), bytes.NewReader([]byte("x"))); err != nil {
		t.Errorf("Put without put = %v", err)
	}
	done := make(chan error)
	go func() { done <- c.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Close = %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close hangs")
	}

	// A program that declares nothing is refused.
	prog, env = progCommand(t, t.TempDir(), "mute")
	if _, err := StartProg(ctx, prog, fuzz, ProgConfig{Env: env}); err == nil ||
		err.Error() != fmt.Sprintf("GOCACHEPROG %s declared no supported commands", progName(prog)) {
		t.Errorf("mute program: %v", err)
	}

	// A program that dies is a fatal error, reported once to OnFatal.
	prog, env = progCommand(t, t.TempDir(), "die")
	fatal := make(chan error, 2)
	c, err = StartProg(ctx, prog, fuzz, ProgConfig{Env: env, OnFatal: func(err error) { fatal <- err }})
	if err != nil {
		t.Fatal(err)
	}
	const want = "GOCACHEPROG exited pre-Close with 1 pending requests"
	if _, err := c.Get(actionID("x")); err == nil || err.Error() != want {
		t.Errorf("Get from dead program = %v", err)
	}
	if _, _, err := c.Put(actionID("x"), bytes.NewReader([]byte("x"))); err == nil || err.Error() != want {
		t.Errorf("Put to dead program = %v", err)
	}
	c.Close()
	if err := <-fatal; err.Error() != want {
		t.Errorf("OnFatal got %v", err)
	}
	if len(fatal) != 0 {
		t.Errorf("OnFatal called again with %v", <-fatal)
	}

	// A program that cannot start.
	_, err = StartProg(ctx, "/nonexistent/prog -x", fuzz, ProgConfig{})
	if err == nil || !strings.HasPrefix(err.Error(), `error starting GOCACHEPROG program "/nonexistent/prog": `) {
		t.Errorf("missing program: %v", err)
	}
	_, err = StartProg(ctx, `prog "unterminated`, fuzz, ProgConfig{})
	if err == nil || err.Error() != `GOCACHEPROG args: unterminated " string` {
		t.Errorf("bad args: %v", err)
	}
}
