package modfetch

import (
	"context"
	"io"
	"path/filepath"
	"sync"

	"golang.org/x/mod/module"

	"gocmd/internal/env"
	"gocmd/internal/gover"
	"gocmd/internal/par"
	"gocmd/internal/web"
	"gocmd/internal/wire"
)

// NewCache returns the module cache at dir configured from e: the
// proxy list, private-module patterns and checksum database.
func NewCache(e *env.Env, dir string) *Cache {
	c := &Cache{
		Dir:        dir,
		GOPROXY:    e.Var("GOPROXY"),
		GONOPROXY:  e.Var("GONOPROXY"),
		GONOSUMDB:  e.Var("GONOSUMDB"),
		GOINSECURE: e.Var("GOINSECURE"),
		GOSUMDB:    e.Var("GOSUMDB"),
		GOAUTH:     e.Var("GOAUTH"),
		GOVCS:      e.Var("GOVCS"),
		GOPRIVATE:  e.Var("GOPRIVATE"),
		GoVersion:  gover.Local(e.Var("GOROOT")),

		TooNewExplain: e.TooNewExplain,
		Environ:       e.OSEnviron(),
		LookPath:      e.LookPath,
		Home:          e.OSGetenv("HOME"),
		NETRC:         e.OSGetenv("NETRC"),
	}
	if gp := filepath.SplitList(e.GOPATH()); len(gp) > 0 && gp[0] != "" {
		c.SumdbDir = filepath.Join(gp[0], "pkg", "sumdb")
	}
	return c
}

// fetchState is what a Cache builds on first use for network access.
type fetchState struct {
	proxies  []proxySpec
	proxyErr error
	web      *web.Client

	// One entry per key, so that each module version is fetched once
	// however many goroutines ask for it.
	repos   par.Cache[[2]string, repoResult] // (proxy, path)
	infos   par.Cache[module.Version, infoResult]
	mods    par.Cache[module.Version, bytesResult]
	zips    par.Cache[module.Version, zipResult]
	dirs    par.Cache[module.Version, stringResult]
	latests par.Cache[string, infoResult]
	lists   par.Cache[string, listResult]

	retractions par.Cache[string, retractResult]

	dbOnce sync.Once
	db     *sumdbState

	dirOnce sync.Once
	dirErr  error // checkCacheDir's result

	direct *directState
}

type (
	repoResult struct {
		r   repo
		err error
	}
	infoResult struct {
		info *RevInfo
		file string
		err  error
	}
	bytesResult struct {
		data []byte
		err  error
	}
	stringResult struct {
		s   string
		err error
	}
	listResult struct {
		list []string
		err  error
	}
)

// repo is one source of a module's versions: a proxy, or an error
// standing for "off", GONOPROXY mismatches or direct mode.
type repo interface {
	versions(ctx context.Context) ([]string, []string, error)
	stat(ctx context.Context, rev string) (*RevInfo, error)
	latest(ctx context.Context) (*RevInfo, error)
	goMod(ctx context.Context, version string) ([]byte, error)
	zip(ctx context.Context, dst io.Writer, version string) error
	checkReuse(ctx context.Context, old *wire.Origin) error
}

// errRepo answers every request with err.
type errRepo struct{ err error }

func (r errRepo) versions(context.Context) ([]string, []string, error) { return nil, nil, r.err }
func (r errRepo) stat(context.Context, string) (*RevInfo, error)       { return nil, r.err }
func (r errRepo) latest(context.Context) (*RevInfo, error)             { return nil, r.err }
func (r errRepo) goMod(context.Context, string) ([]byte, error)        { return nil, r.err }
func (r errRepo) zip(context.Context, io.Writer, string) error         { return r.err }

func (c *Cache) state() *fetchState {
	c.once.Do(func() {
		st := &fetchState{}
		st.proxies, st.proxyErr = parseProxyList(c.GOPROXY, c.GONOPROXY != "")
		st.web = &web.Client{Trace: c.Trace, Timeout: c.Timeout, Transport: c.Transport}
		auth := &web.Auth{GOAUTH: c.GOAUTH, NetrcFile: c.netrcFile(), Environ: c.Environ}
		if c.Trace != nil {
			auth.Log = c.Log
		}
		st.web.Auth = auth.Add
		st.direct = c.newDirectState(st.web)
		c.st = st
	})
	return c.st
}

// lookup returns the repo for path through proxy.
func (c *Cache) lookup(proxy, path string) repo {
	if c.Observer != nil {
		c.Observer.ObserveNetwork()
	}
	st := c.state()
	res := st.repos.Do([2]string{proxy, path}, func() repoResult {
		if module.MatchPrefixPatterns(c.GONOPROXY, path) {
			switch proxy {
			case "noproxy", "direct":
				return repoResult{r: c.directRepo(path)}
			default:
				return repoResult{r: errRepo{errNoproxy}}
			}
		}
		switch proxy {
		case "off":
			return repoResult{r: errRepo{errProxyOff}}
		case "direct":
			return repoResult{r: c.directRepo(path)}
		case "noproxy":
			return repoResult{r: errRepo{errUseProxy}}
		}
		r, err := c.newProxyRepo(proxy, path)
		if err != nil {
			return repoResult{r: errRepo{err}}
		}
		return repoResult{r: r}
	})
	return res.r
}

// directRepo returns the repo of a module fetched from version control,
// or an errRepo.
func (c *Cache) directRepo(path string) repo {
	r, err := c.lookupDirect(context.Background(), path)
	if err != nil {
		return errRepo{err}
	}
	return r
}

func (c *Cache) netrcFile() string {
	if c.NETRC != "" {
		return c.NETRC
	}
	if c.Home == "" {
		return ""
	}
	return filepath.Join(c.Home, ".netrc")
}
