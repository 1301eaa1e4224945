package cache

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"gocmd/internal/str"
)

// The GOCACHEPROG protocol. The go command starts the program and talks to
// it with JSON values, one request per value on the program's stdin, one
// response per value on its stdout. The program speaks first: a response
// with ID 0 listing the commands it knows ("get", "put", "close"). A "put"
// request is followed by its body as a base64 JSON string when BodySize is
// not zero. Responses may come in any order and are matched by ID.
const (
	progGet   = "get"
	progPut   = "put"
	progClose = "close"
)

// progRequest is a request to the cache program (upstream field names).
type progRequest struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

// progResponse is a response from the cache program.
type progResponse struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// ProgConfig configures StartProg.
type ProgConfig struct {
	// Stderr receives the program's standard error and the messages
	// printed while waiting for it to start.
	Stderr io.Writer

	// Env is the program's environment; nil means this process's.
	Env []string

	// OnFatal, if not nil, is called once when the conversation with the
	// program breaks (it exits early or sends garbage). go ends at that
	// point with the error's text; a caller wanting the same behaviour
	// stops its work here. Requests in flight and later ones fail with
	// the same error.
	OnFatal func(error)
}

// ProgCache is a Cache that delegates to a GOCACHEPROG program.
type ProgCache struct {
	cmd      *exec.Cmd
	bw       *bufio.Writer // to the program's stdin
	can      map[string]bool
	fuzz     Cache // serves FuzzDir
	onFatal  func(error)
	cancel   context.CancelFunc
	readDone chan struct{}
	closing  atomic.Bool

	mu       sync.Mutex // guards the fields below
	nextID   int64
	inFlight map[int64]chan *progResponse // nil once the conversation ended
	fatal    error
	outputs  map[OutputID]string

	writeMu sync.Mutex // serializes writes to the program; never held with mu
}

var errProgClosed = errors.New("GOCACHEPROG program closed unexpectedly")

// StartProg starts the GOCACHEPROG command line progAndArgs (a program and
// optional quoted arguments), waits for it to announce what it can do, and
// returns a Cache backed by it. fuzz provides FuzzDir.
func StartProg(ctx context.Context, progAndArgs string, fuzz Cache, cfg ProgConfig) (*ProgCache, error) {
	args, err := str.SplitQuotedFields(progAndArgs)
	if err != nil {
		return nil, fmt.Errorf("GOCACHEPROG args: %v", err)
	}
	var prog string
	if len(args) > 0 {
		prog, args = args[0], args[1:]
	}
	ctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = cfg.Env
	cmd.Stderr = cfg.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, fmt.Errorf("StdoutPipe to GOCACHEPROG: %v", err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		cancel()
		return nil, fmt.Errorf("StdinPipe to GOCACHEPROG: %v", err)
	}
	// Ending the context closes the program's stdin, asking it to exit,
	// instead of killing it.
	cmd.Cancel = stdin.Close
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("error starting GOCACHEPROG program %q: %v", prog, err)
	}
	c := &ProgCache{
		cmd:      cmd,
		bw:       bufio.NewWriter(stdin),
		fuzz:     fuzz,
		onFatal:  cfg.OnFatal,
		cancel:   cancel,
		readDone: make(chan struct{}),
		inFlight: make(map[int64]chan *progResponse),
		outputs:  make(map[OutputID]string),
	}
	hello := make(chan *progResponse, 1)
	c.inFlight[0] = hello
	go c.readLoop(stdout)

	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if cfg.Stderr != nil {
				fmt.Fprintf(cfg.Stderr, "go: # still waiting for GOCACHEPROG %v ...\n", prog)
			}
		case res := <-hello:
			if res == nil {
				c.abort()
				return nil, c.fatalErr()
			}
			c.can = make(map[string]bool)
			for _, k := range res.KnownCommands {
				c.can[k] = true
			}
			if len(c.can) == 0 {
				c.abort()
				return nil, fmt.Errorf("GOCACHEPROG %v declared no supported commands", prog)
			}
			return c, nil
		}
	}
}

// abort ends a program that failed to start properly.
func (c *ProgCache) abort() {
	c.closing.Store(true)
	c.cancel()
	<-c.readDone
	go c.cmd.Wait()
}

func (c *ProgCache) fatalErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fatal != nil {
		return c.fatal
	}
	return errProgClosed
}

// readLoop delivers the program's responses to their requests until its
// output ends.
func (c *ProgCache) readLoop(r io.Reader) {
	defer close(c.readDone)
	dec := json.NewDecoder(r)
	for {
		res := new(progResponse)
		if err := dec.Decode(res); err != nil {
			if c.closing.Load() {
				c.end(nil)
				return
			}
			if err == io.EOF {
				c.mu.Lock()
				n := len(c.inFlight)
				c.mu.Unlock()
				c.end(fmt.Errorf("GOCACHEPROG exited pre-Close with %v pending requests", n))
				return
			}
			c.end(fmt.Errorf("error reading JSON from GOCACHEPROG: %v", err))
			return
		}
		c.mu.Lock()
		ch, ok := c.inFlight[res.ID]
		delete(c.inFlight, res.ID)
		c.mu.Unlock()
		if !ok {
			c.end(fmt.Errorf("GOCACHEPROG sent response for unknown request ID %v", res.ID))
			return
		}
		ch <- res
	}
}

// end stops the conversation: requests in flight get no response, and
// fatal (if not nil) becomes the error of every request.
func (c *ProgCache) end(fatal error) {
	c.mu.Lock()
	for _, ch := range c.inFlight {
		close(ch)
	}
	c.inFlight = nil
	if fatal != nil && c.fatal == nil {
		c.fatal = fatal
	} else {
		fatal = nil
	}
	c.mu.Unlock()
	if fatal != nil && c.onFatal != nil {
		c.onFatal(fatal)
	}
}

// send makes a request (with an optional body) and waits for its response.
func (c *ProgCache) send(req *progRequest, body io.Reader) (*progResponse, error) {
	resc := make(chan *progResponse, 1)
	if err := c.write(req, body, resc); err != nil {
		return nil, err
	}
	res := <-resc
	if res == nil {
		return nil, c.fatalErr()
	}
	if res.Err != "" {
		return nil, errors.New(res.Err)
	}
	return res, nil
}

func (c *ProgCache) write(req *progRequest, body io.Reader, resc chan *progResponse) (err error) {
	c.mu.Lock()
	if c.inFlight == nil {
		c.mu.Unlock()
		return c.fatalErr()
	}
	c.nextID++
	req.ID = c.nextID
	c.inFlight[req.ID] = resc
	c.mu.Unlock()
	defer func() {
		if err != nil {
			c.mu.Lock()
			delete(c.inFlight, req.ID) // no-op on a nil map
			c.mu.Unlock()
		}
	}()

	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	data, err := json.Marshal(req)
	if err != nil {
		return err
	}
	c.bw.Write(data)
	c.bw.WriteString("\n\n") // go writes a blank line after each request
	if body != nil && req.BodySize > 0 {
		c.bw.WriteByte('"')
		enc := base64.NewEncoder(base64.StdEncoding, c.bw)
		n, err := io.Copy(enc, body)
		if err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		if n != req.BodySize {
			return fmt.Errorf("short write writing body to GOCACHEPROG for action %x, output %x: wrote %v; expected %v",
				req.ActionID, req.OutputID, n, req.BodySize)
		}
		c.bw.WriteString("\"\n")
	}
	return c.bw.Flush()
}

// Get asks the program for the entry of id. A program that cannot "get"
// always misses.
func (c *ProgCache) Get(id ActionID) (Entry, error) {
	if !c.can[progGet] {
		return miss(nil)
	}
	res, err := c.send(&progRequest{Command: progGet, ActionID: id[:]}, nil)
	if err != nil {
		return Entry{}, err
	}
	if res.Miss {
		return miss(nil)
	}
	e := Entry{Size: res.Size, Time: time.Now()}
	if res.Time != nil {
		e.Time = *res.Time
	}
	if res.DiskPath == "" {
		return miss(errors.New("GOCACHEPROG didn't populate DiskPath on get hit"))
	}
	if copy(e.OutputID[:], res.OutputID) != len(res.OutputID) {
		return miss(errors.New("incomplete ProgResponse OutputID"))
	}
	c.noteOutput(e.OutputID, res.DiskPath)
	return e, nil
}

// Put sends the contents of r to the program as the output of id. A
// program that cannot "put" is a read-only cache: Put only computes the
// output ID.
func (c *ProgCache) Put(id ActionID, r io.ReadSeeker) (OutputID, int64, error) {
	r, _ = unwrapNoVerify(r)
	out, size, err := outputID(r)
	if err != nil {
		return OutputID{}, 0, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return OutputID{}, 0, err
	}
	if !c.can[progPut] {
		return out, size, nil
	}
	res, err := c.send(&progRequest{Command: progPut, ActionID: id[:], OutputID: out[:], BodySize: size}, r)
	if err != nil {
		return OutputID{}, 0, err
	}
	if res.DiskPath == "" {
		return OutputID{}, 0, errors.New("GOCACHEPROG didn't return DiskPath in put response")
	}
	c.noteOutput(out, res.DiskPath)
	return out, size, nil
}

func (c *ProgCache) noteOutput(out OutputID, path string) {
	c.mu.Lock()
	c.outputs[out] = path
	c.mu.Unlock()
}

// OutputFile returns the path the program gave for out.
func (c *ProgCache) OutputFile(out OutputID) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.outputs[out]
}

// FuzzDir returns the fuzz directory of the underlying disk cache.
func (c *ProgCache) FuzzDir() string { return c.fuzz.FuzzDir() }

// Close asks the program to exit (if it knows "close"), closes its
// standard input, and waits until it closes its output. A program that
// exits without answering "close" is fine.
func (c *ProgCache) Close() error {
	c.closing.Store(true)
	var err error
	if c.can[progClose] {
		_, err = c.send(&progRequest{Command: progClose}, nil)
		if errors.Is(err, errProgClosed) {
			err = nil
		}
	}
	c.cancel()
	<-c.readDone
	go c.cmd.Wait() // reap the program without waiting for it
	return err
}
