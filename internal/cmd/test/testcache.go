package test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gocmd/internal/cache"
	"gocmd/internal/work"
)

// The test result cache is go's, entry for entry: a test ID (the test
// binary's identity and the cacheable flags) maps to the log of the
// inputs the test read (environment variables, files, directories,
// written by the testing package to -test.testlogfile), and the test ID
// with a hash of those inputs' current state maps to the test's output.

// runCache is the test result cache state of one test run.
type runCache struct {
	disableCache bool
	buf          *bytes.Buffer // cached output, once found
	id1, id2     cache.ActionID
	covMeta      cache.ActionID // -coverpkg: hash of the covered packages' builds
}

var testlogMagic = []byte("# test log\n")

func (r *runActor) tryCache(b *work.Builder, ctx context.Context, a, link *work.Action) bool {
	return r.c.tryCacheWithID(r.t, b, a, link.BuildActionID())
}

func (c *runCache) debugf(t *tester, format string, args ...any) {
	if cache.ParseDebug(t.inv.Env.Get("GODEBUG")).Test {
		fmt.Fprintf(t.inv.Stderr, "testcache: "+format+"\n", args...)
	}
}

func (c *runCache) tryCacheWithID(t *tester, b *work.Builder, a *work.Action, id string) bool {
	path := a.Package.ImportPath
	if len(t.pkgArgs) == 0 {
		c.debugf(t, "caching disabled in local directory mode")
		c.disableCache = true
		return false
	}
	if a.Package.Root == "" {
		c.debugf(t, "caching disabled for package outside of module root, GOPATH, or GOROOT: %s", path)
		c.disableCache = true
		return false
	}
	c.covMeta = t.coverMetaID(b, a)
	var cacheArgs []string
	for _, arg := range t.testArgs {
		i := strings.Index(arg, "=")
		if i < 0 || !strings.HasPrefix(arg, "-test.") {
			c.debugf(t, "caching disabled for test argument: %s", arg)
			c.disableCache = true
			return false
		}
		switch arg[:i] {
		case "-test.benchtime", "-test.cpu", "-test.list", "-test.parallel", "-test.run",
			"-test.short", "-test.skip", "-test.timeout", "-test.failfast", "-test.v", "-test.fullpath":
			cacheArgs = append(cacheArgs, arg)
		case "-test.coverprofile", "-test.outputdir":
			// Cacheable, and not part of the key.
		default:
			c.debugf(t, "caching disabled for test argument: %s", arg)
			c.disableCache = true
			return false
		}
	}
	cc := b.TestCache()
	if cc == nil {
		return false
	}
	hr := b.Hasher()

	h := hr.NewHash("testResult")
	fmt.Fprintf(h, "test binary %s args %q execcmd %q", id, cacheArgs, t.execCmd)
	testID := cache.ActionID(h.Sum())
	if c.id1 == (cache.ActionID{}) {
		c.id1 = testID
	} else {
		c.id2 = testID
	}
	c.debugf(t, "%s: test ID %x => %x", path, id, testID)

	data, _, err := cache.GetBytes(cc, testID)
	if !bytes.HasPrefix(data, testlogMagic) || data[len(data)-1] != '\n' {
		if err != nil {
			c.debugf(t, "%s: input list not found: %v", path, err)
		} else {
			c.debugf(t, "%s: input list malformed", path)
		}
		return false
	}
	inputsID, err := t.testInputsID(hr, a, data)
	if err != nil {
		return false
	}
	key := testAndInputKey(hr, testID, inputsID)
	c.debugf(t, "%s: test ID %x => input ID %x => %x", path, testID, inputsID, key)
	data, entry, err := cache.GetBytes(cc, key)
	if !t.useCachedProfile(cc, hr, a, testID, inputsID, c.covMeta) {
		return false
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		if err != nil {
			c.debugf(t, "%s: test output not found: %v", path, err)
		} else {
			c.debugf(t, "%s: test output malformed", path)
		}
		return false
	}
	if entry.Time.Before(t.cacheExpire) {
		c.debugf(t, "%s: test output expired due to go clean -testcache", path)
		return false
	}
	i := bytes.LastIndexByte(data[:len(data)-1], '\n') + 1
	if !bytes.HasPrefix(data[i:], []byte("ok  \t")) {
		c.debugf(t, "%s: test output malformed", path)
		return false
	}
	j := bytes.IndexByte(data[i+len("ok  \t"):], '\t')
	if j < 0 {
		c.debugf(t, "%s: test output malformed", path)
		return false
	}
	j += i + len("ok  \t") + 1

	c.buf = new(bytes.Buffer)
	c.buf.Write(data[:j])
	c.buf.WriteString("(cached)")
	for j < len(data) && ('0' <= data[j] && data[j] <= '9' || data[j] == '.' || data[j] == 's') {
		j++
	}
	c.buf.Write(data[j:])
	return true
}

func testAndInputKey(hr *cache.Hasher, testID, inputsID cache.ActionID) cache.ActionID {
	return hr.Subkey(testID, fmt.Sprintf("inputs:%x", inputsID))
}

// saveOutput records a passing test's output under the test IDs
// computed before the run.
func (c *runCache) saveOutput(t *tester, b *work.Builder, a *work.Action, out *bytes.Buffer) {
	if c.id1 == (cache.ActionID{}) && c.id2 == (cache.ActionID{}) {
		return
	}
	cc := b.TestCache()
	if cc == nil {
		return
	}
	path := a.Package.ImportPath
	testlog, err := os.ReadFile(a.Objdir + "testlog.txt")
	if err != nil || !bytes.HasPrefix(testlog, testlogMagic) || testlog[len(testlog)-1] != '\n' {
		if err != nil {
			c.debugf(t, "%s: reading testlog: %v", path, err)
		} else {
			c.debugf(t, "%s: reading testlog: malformed", path)
		}
		return
	}
	hr := b.Hasher()
	inputsID, err := t.testInputsID(hr, a, testlog)
	if err != nil {
		return
	}
	var profile []byte
	if t.f.CoverProfile != "" {
		profile, err = os.ReadFile(coverProfTempFile(a))
		if err != nil {
			c.debugf(t, "%s: reading cover profile: %v", path, err)
			return
		}
	}
	for _, id := range []cache.ActionID{c.id1, c.id2} {
		if id == (cache.ActionID{}) {
			continue
		}
		key := testAndInputKey(hr, id, inputsID)
		c.debugf(t, "%s: save test ID %x => input ID %x => %x", path, id, inputsID, key)
		cache.PutNoVerify(cc, id, bytes.NewReader(testlog))
		cache.PutNoVerify(cc, key, bytes.NewReader(out.Bytes()))
		if profile != nil || c.covMeta != (cache.ActionID{}) {
			// Without a profile, an empty entry records the covered
			// packages' state for the check in tryCacheWithID.
			cache.PutNoVerify(cc, coverProfileKey(hr, id, inputsID, c.covMeta), bytes.NewReader(profile))
		}
	}
}

var errBadTestInputs = errors.New("error parsing test inputs")

// testInputsID hashes the current state of the inputs a test log lists.
func (t *tester) testInputsID(hr *cache.Hasher, a *work.Action, testlog []byte) (cache.ActionID, error) {
	testlog = bytes.TrimPrefix(testlog, testlogMagic)
	h := hr.NewHash("testInputs")
	fmt.Fprintf(h, "env GODEBUG %x\n", t.hashGetenv(hr, "GODEBUG"))
	pwd := a.Package.Dir
	root := a.Package.Root
	for _, line := range bytes.Split(testlog, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		op, name, found := strings.Cut(string(line), " ")
		if !found {
			return cache.ActionID{}, errBadTestInputs
		}
		switch op {
		default:
			return cache.ActionID{}, errBadTestInputs
		case "getenv":
			fmt.Fprintf(h, "env %s %x\n", name, t.hashGetenv(hr, name))
		case "chdir":
			pwd = name
			fmt.Fprintf(h, "chdir %s %x\n", name, hashStat(hr, name))
		case "stat":
			if !filepath.IsAbs(name) {
				name = filepath.Join(pwd, name)
			}
			if root == "" || !inDir(name, root) {
				break
			}
			fmt.Fprintf(h, "stat %s %x\n", name, hashStat(hr, name))
		case "open":
			if !filepath.IsAbs(name) {
				name = filepath.Join(pwd, name)
			}
			if root == "" || !inDir(name, root) {
				break
			}
			fh, err := hashOpen(hr, name)
			if err != nil {
				if cache.ParseDebug(t.inv.Env.Get("GODEBUG")).Test {
					fmt.Fprintf(t.inv.Stderr, "testcache: %s: input file %s: %s\n", a.Package.ImportPath, name, err)
				}
				return cache.ActionID{}, err
			}
			fmt.Fprintf(h, "open %s %x\n", name, fh)
		}
	}
	return h.Sum(), nil
}

// inDir reports whether path is root or inside it (lexically, or after
// resolving symbolic links).
func inDir(path, root string) bool {
	in := func(path, root string) bool {
		rel, err := filepath.Rel(root, path)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
	}
	if in(path, root) {
		return true
	}
	rp, err1 := filepath.EvalSymlinks(path)
	rr, err2 := filepath.EvalSymlinks(root)
	return err1 == nil && err2 == nil && in(rp, rr)
}

// hashGetenv hashes the value of an environment variable of the go
// command, or its absence.
func (t *tester) hashGetenv(hr *cache.Hasher, name string) cache.ActionID {
	h := hr.NewHash("getenv")
	v, ok := lookupEnv(t.inv.Env.OSEnviron(), name)
	if !ok {
		h.Write([]byte{0})
	} else {
		h.Write([]byte{1})
		h.Write([]byte(v))
	}
	return h.Sum()
}

func lookupEnv(environ []string, name string) (string, bool) {
	val, found := "", false
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			val, found = v, true
		}
	}
	return val, found
}

var errFileTooNew = errors.New("file used as input is too new")

// hashOpen hashes a file's metadata (and a directory's listing); a file
// changed in the last two seconds is not trusted to show its change.
func hashOpen(hr *cache.Hasher, name string) (cache.ActionID, error) {
	h := hr.NewHash("open")
	info, err := os.Stat(name)
	if err != nil {
		fmt.Fprintf(h, "err %v\n", err)
		return h.Sum(), nil
	}
	hashWriteStat(h, info)
	if info.IsDir() {
		files, err := os.ReadDir(name)
		if err != nil {
			fmt.Fprintf(h, "err %v\n", err)
		}
		for _, f := range files {
			fmt.Fprintf(h, "file %s ", f.Name())
			finfo, err := f.Info()
			if err != nil {
				fmt.Fprintf(h, "err %v\n", err)
			} else {
				hashWriteStat(h, finfo)
			}
		}
	} else if info.Mode().IsRegular() && time.Since(info.ModTime()) < 2*time.Second {
		return cache.ActionID{}, errFileTooNew
	}
	return h.Sum(), nil
}

func hashStat(hr *cache.Hasher, name string) cache.ActionID {
	h := hr.NewHash("stat")
	if info, err := os.Stat(name); err != nil {
		fmt.Fprintf(h, "err %v\n", err)
	} else {
		hashWriteStat(h, info)
	}
	if info, err := os.Lstat(name); err != nil {
		fmt.Fprintf(h, "err %v\n", err)
	} else {
		hashWriteStat(h, info)
	}
	return h.Sum()
}

func hashWriteStat(h io.Writer, info fs.FileInfo) {
	fmt.Fprintf(h, "stat %d %x %v %v\n", info.Size(), uint64(info.Mode()), info.ModTime(), info.IsDir())
}
