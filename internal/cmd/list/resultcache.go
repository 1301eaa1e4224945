package list

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"gocmd/internal/cache"
	"gocmd/internal/modfetch"
	"gocmd/internal/resultcache"
)

// go list -m answers from GOCACHE when it can: the output of a
// successful, silent run that needed no module source is stored with the
// state of every file modload looked at (see package resultcache), and a
// later run with the same binary, arguments, directory and configuration
// prints it if those files are unchanged. Module cache files never
// change, and go.mod, go.sum, go.work and vendor files are checked like
// any other; the module root and go.work themselves are found as the
// configuration's GOMOD and GOWORK, which the key covers.
//
// Flags whose answers come from module sources (-u, -versions,
// -retracted, -reuse) or that print more than the output (-x) are not
// cached, nor is anything under -overlay, GOCACHE=off, GOCACHEPROG or
// GODEBUG settings that ask to see the work (gofsystrace=1) or not to
// trust the cache (gocacheverify=1), nor the output of a template that
// calls context.

// resultKind names what the entries hold; change it whenever go list -m
// prints something new for the same inputs.
const resultKind = "go list -m v1"

// listResult is a cached go list -m invocation in progress.
type listResult struct {
	dir    string // GOCACHE
	key    resultcache.Key
	rec    *resultcache.Recorder
	out    cappedBuffer    // a copy of standard output
	stderr *countingWriter // standard error, to see whether anything was said
	// sawContext is set when the template called "context", whose
	// answer depends on what PATH holds (a C compiler or not), which
	// the key does not cover.
	sawContext bool
}

// newListResult returns the cache state of this invocation, or nil if its
// output must be computed and not stored.
func (r *run) newListResult() *listResult {
	e := r.inv.Env
	if !r.m || r.u || r.versions || r.retracted || r.reuse != "" || r.build.X || r.build.Overlay != "" {
		return nil
	}
	if e.Get("GOCACHEPROG") != "" {
		return nil
	}
	godebug := e.Get("GODEBUG")
	if cache.ParseDebug(godebug).Verify || strings.Contains(godebug, "gofsystrace=1") {
		return nil
	}
	dir, err := e.GOCACHE()
	if err != nil || dir == "off" || !filepath.IsAbs(dir) {
		return nil
	}
	k, err := resultcache.NewKey(resultKind)
	if err != nil {
		return nil
	}
	k.Add("dir", r.inv.Dir)
	for _, a := range r.inv.Args {
		k.Add("arg", a)
	}
	for _, f := range r.inv.GOFLAGS {
		k.Add("goflag", f)
	}
	for _, line := range e.Fingerprint() {
		k.Add("env", line)
	}
	return &listResult{dir: dir, key: k.Sum()}
}

// lookup returns the stored output, if still valid.
func (lr *listResult) lookup() ([]byte, bool) {
	return resultcache.Lookup(lr.dir, lr.key)
}

// watch makes the invocation record what it depends on and what it
// prints.
func (lr *listResult) watch(r *run) {
	inv := *r.inv
	inv.Stdout = io.MultiWriter(inv.Stdout, &lr.out)
	lr.stderr = &countingWriter{w: inv.Stderr}
	inv.Stderr = lr.stderr
	r.inv = &inv
	r.rep.w = lr.stderr
	lr.rec = resultcache.NewRecorder()
	r.result = lr
}

// observer returns what module loading tells of the files and sources
// it uses: lr's recorder, or nil when nothing is recorded (lr nil).
func (lr *listResult) observer() modfetch.Observer {
	if lr == nil {
		return nil
	}
	return lr.rec
}

// finish stores the output of a run that ended with err, if it may be
// reused (best effort).
func (lr *listResult) finish(err error) {
	if err != nil || lr.stderr.n > 0 || lr.out.over || lr.sawContext {
		return
	}
	resultcache.Store(lr.dir, lr.key, lr.out.buf.Bytes(), lr.rec)
}

// cappedBuffer keeps what is written to it up to a limit.
type cappedBuffer struct {
	buf  bytes.Buffer
	over bool
}

const maxCachedOutput = 1 << 20

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if !b.over {
		if b.buf.Len()+len(p) > maxCachedOutput {
			b.over = true
			b.buf = bytes.Buffer{}
		} else {
			b.buf.Write(p)
		}
	}
	return len(p), nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
