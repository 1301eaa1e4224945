package modfetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"

	"gocmd/internal/lockedfile"
	"gocmd/internal/web"
)

// The verifier keys of the checksum databases known by name. The go
// command ships sum.golang.org's public key; GOSUMDB=sum.golang.org
// stands for it.
var knownSumDBKeys = map[string]string{
	"sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}

const sumdbMismatch = `

SECURITY ERROR
This download does NOT match the one reported by the checksum server.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.`

const sumdbAbsent = `

SECURITY ERROR
This download does NOT match one reported by the checksum server.
The checksum server has provided checksums, but the checksums do
not contain an entry for the download.
The checksum server may be malfunctioning, or an attacker may have
intercepted the checksum request.
The download cannot be verified.

For more information, see 'go help module-auth'.`

// useSumDB reports whether the checksum database vouches for path.
func (c *Cache) useSumDB(path string) bool {
	if path == "golang.org/toolchain" && c.toolchainNeedsSumDB() {
		// No go.sum lists toolchains: the checksum database must
		// vouch for them even with GOSUMDB=off or GONOSUMDB (which
		// then fail the download, explaining why).
		return true
	}
	return c.GOSUMDB != "off" && !module.MatchPrefixPatterns(c.GONOSUMDB, path)
}

// toolchainNeedsSumDB reports whether toolchain downloads must be
// checked against the checksum database: always, except from a single
// file:// proxy (a distribution being tested) and for the Go module
// mirror itself (which cannot consult the database it feeds).
func (c *Cache) toolchainNeedsSumDB() bool {
	if strings.HasPrefix(c.GOPROXY, "file://") && !strings.ContainsAny(c.GOPROXY, ",|") {
		return false
	}
	agent := os.Getenv("GIT_HTTP_USER_AGENT")
	if c.Environ != nil {
		agent = ""
		for _, kv := range c.Environ {
			if v, ok := strings.CutPrefix(kv, "GIT_HTTP_USER_AGENT="); ok {
				agent = v
			}
		}
	}
	return !strings.Contains(agent, "proxy.golang.org")
}

// sumdbState is the dialed checksum database.
type sumdbState struct {
	name   string
	client *sumdb.Client
	ops    *sumdbOps
	err    error
}

func (c *Cache) sumDB() *sumdbState {
	if c.Observer != nil {
		c.Observer.ObserveNetwork()
	}
	st := c.state()
	st.dbOnce.Do(func() { st.db = c.dialSumDB() })
	return st.db
}

// dialSumDB interprets GOSUMDB: "off", a known name, or "key [url]".
func (c *Cache) dialSumDB() *sumdbState {
	gosumdb := c.GOSUMDB
	if gosumdb == "sum.golang.google.cn" {
		gosumdb = "sum.golang.org https://sum.golang.google.cn"
	}
	if gosumdb == "off" {
		return &sumdbState{err: errors.New("checksum database disabled by GOSUMDB=off")}
	}
	key := strings.Fields(gosumdb)
	if len(key) >= 1 {
		if k := knownSumDBKeys[key[0]]; k != "" {
			key[0] = k
		}
	}
	if len(key) == 0 {
		return &sumdbState{err: errors.New("missing GOSUMDB")}
	}
	if len(key) > 2 {
		return &sumdbState{err: errors.New("invalid GOSUMDB: too many fields")}
	}
	v, err := note.NewVerifier(key[0])
	if err != nil {
		return &sumdbState{err: fmt.Errorf("invalid GOSUMDB: %v", err)}
	}
	name := v.Name()
	direct, err := url.Parse("https://" + name)
	if err != nil || strings.HasSuffix(name, "/") || *direct != (url.URL{Scheme: "https", Host: direct.Host, Path: direct.Path, RawPath: direct.RawPath}) || direct.RawPath != "" || direct.Host == "" {
		return &sumdbState{err: fmt.Errorf("invalid sumdb name (must be host[/path]): %s %+v", name, *direct)}
	}
	ops := &sumdbOps{c: c, key: key[0], name: name, direct: direct}
	if len(key) == 2 {
		u, err := url.Parse(key[1])
		if err != nil {
			return &sumdbState{err: fmt.Errorf("invalid GOSUMDB URL: %v", err)}
		}
		ops.base = u
	}
	return &sumdbState{name: name, client: sumdb.NewClient(ops), ops: ops}
}

// checkSumDB checks the hash h of m (whose version may end in
// "/go.mod") against the checksum database.
func (c *Cache) checkSumDB(m module.Version, h string) error {
	bare, noun := m, "module"
	if v, ok := strings.CutSuffix(m.Version, "/go.mod"); ok {
		bare.Version, noun = v, "go.mod"
	}
	db := c.sumDB()
	if db.err != nil {
		return module.VersionError(bare, fmt.Errorf("verifying %s: %v", noun, db.err))
	}
	lines, err := db.client.Lookup(m.Path, m.Version)
	if err != nil {
		if msg := db.ops.securityError(); msg != "" {
			return errors.New(msg)
		}
		return module.VersionError(bare, fmt.Errorf("verifying %s: %v", noun, err))
	}
	have := m.Path + " " + m.Version + " " + h
	prefix := m.Path + " " + m.Version + " h1:"
	for _, line := range lines {
		if line == have {
			return nil
		}
		if strings.HasPrefix(line, prefix) {
			return module.VersionError(bare, fmt.Errorf("verifying %s: checksum mismatch\n\tdownloaded: %v\n\t%s: %v"+sumdbMismatch, noun, h, db.name, line[len(prefix)-len("h1:"):]))
		}
	}
	return module.VersionError(bare, fmt.Errorf("verifying %s: checksum missing from sumdb response"+sumdbAbsent, noun))
}

// sumdbOps implements sumdb.ClientOps: remote reads go through the
// first proxy that supports the database (else to the database itself),
// the verified tree size lives in GOPATH/pkg/sumdb, and tiles are
// cached in GOMODCACHE/cache/download/sumdb.
type sumdbOps struct {
	c      *Cache
	key    string
	name   string
	direct *url.URL

	once    sync.Once
	base    *url.URL
	baseErr error

	mu       sync.Mutex
	security string
}

func (o *sumdbOps) initBase() {
	if o.base != nil {
		return
	}
	ctx := context.Background()
	err := o.c.tryProxies(func(proxy string) error {
		switch proxy {
		case "noproxy":
			return errUseProxy
		case "direct", "off":
			return errProxyOff
		}
		u, err := url.Parse(proxy)
		if err != nil {
			return err
		}
		if _, err := o.c.state().web.GetBytes(ctx, web.Join(u, "sumdb/"+o.name+"/supported")); err != nil {
			return err
		}
		o.base = web.Join(u, "sumdb/"+o.name)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		o.base = o.direct
	} else if err != nil {
		o.baseErr = err
	}
}

func (o *sumdbOps) ReadRemote(path string) ([]byte, error) {
	o.once.Do(o.initBase)
	if o.baseErr != nil {
		return nil, o.baseErr
	}
	return o.c.state().web.GetBytes(context.Background(), web.Join(o.base, path))
}

func (o *sumdbOps) configDir() (string, error) {
	if o.c.SumdbDir == "" {
		return "", errors.New("could not locate sumdb file: missing $GOPATH: GOPATH is not set")
	}
	return o.c.SumdbDir, nil
}

func (o *sumdbOps) ReadConfig(file string) ([]byte, error) {
	if file == "key" {
		return []byte(o.key), nil
	}
	dir, err := o.configDir()
	if err != nil {
		return nil, err
	}
	data, err := lockedfile.Read(filepath.Join(dir, file))
	if errors.Is(err, fs.ErrNotExist) {
		return []byte{}, nil
	}
	return data, err
}

func (o *sumdbOps) WriteConfig(file string, old, new []byte) error {
	if file == "key" {
		return errors.New("cannot write key")
	}
	dir, err := o.configDir()
	if err != nil {
		return err
	}
	target := filepath.Join(dir, file)
	os.MkdirAll(filepath.Dir(target), 0o777)
	f, err := lockedfile.Edit(target)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	if len(data) > 0 && !bytes.Equal(data, old) {
		return sumdb.ErrWriteConflict
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(new, 0); err != nil {
		return err
	}
	return f.Close()
}

func (o *sumdbOps) ReadCache(file string) ([]byte, error) {
	target := filepath.Join(o.c.Dir, "cache", "download", "sumdb", file)
	data, err := lockedfile.Read(target)
	if err == nil && len(data) == 0 {
		err = &fs.PathError{Op: "read", Path: target, Err: fs.ErrNotExist}
	}
	return data, err
}

func (o *sumdbOps) WriteCache(file string, data []byte) {
	target := filepath.Join(o.c.Dir, "cache", "download", "sumdb", file)
	os.MkdirAll(filepath.Dir(target), 0o777)
	lockedfile.Write(target, bytes.NewReader(data), 0o666)
}

func (o *sumdbOps) Log(string) {}

// SecurityError records the database's proof of misbehavior; the
// lookup that found it fails with this text.
func (o *sumdbOps) SecurityError(msg string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.security == "" {
		o.security = msg
	}
}

func (o *sumdbOps) securityError() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.security
}
