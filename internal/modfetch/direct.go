package modfetch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"golang.org/x/mod/module"

	"gocmd/internal/par"
	"gocmd/internal/vcs"
	"gocmd/internal/web"
)

// directState is what direct (version control) fetches share within
// one Cache: the VCS runner, the import path resolver and the opened
// repositories, one per URL.
type directState struct {
	runner   *vcs.Runner
	resolver *vcs.Resolver
	web      *web.Client
	repos    par.Cache[string, codeHostResult]
}

type codeHostResult struct {
	code codeHost
	err  error
}

// lineWriter passes what is written to a line-oriented trace function.
type lineWriter func(string)

func (w lineWriter) Write(p []byte) (int, error) {
	for _, line := range strings.SplitAfter(string(p), "\n") {
		if line = strings.TrimSuffix(line, "\n"); line != "" {
			w(line)
		}
	}
	return len(p), nil
}

func (c *Cache) newDirectState(wc *web.Client) *directState {
	environ := c.Environ
	if environ == nil {
		environ = os.Environ()
	}
	environ = append([]string(nil), environ...)
	// Git must never stop to ask for a password.
	if !hasEnv(environ, "GIT_TERMINAL_PROMPT") {
		environ = append(environ, "GIT_TERMINAL_PROMPT=0")
	}
	if !hasEnv(environ, "GCM_INTERACTIVE") {
		environ = append(environ, "GCM_INTERACTIVE=never")
	}
	r := &vcs.Runner{Environ: environ, LookPath: c.LookPath}
	if c.Trace != nil {
		r.X = lineWriter(c.Trace)
	}
	if c.Log != nil {
		r.Stderr = lineWriter(c.Log)
	}
	getenv := func(k string) string {
		for i := len(environ) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(environ[i], k+"="); ok {
				return v
			}
		}
		return ""
	}
	return &directState{
		runner: r,
		web:    wc,
		resolver: &vcs.Resolver{Runner: r, Web: wc, GOVCS: c.GOVCS, GOPRIVATE: c.GOPRIVATE,
			PingDir: c.Dir, Getenv: getenv},
	}
}

func hasEnv(environ []string, k string) bool {
	for _, kv := range environ {
		if strings.HasPrefix(kv, k+"=") && len(kv) > len(k)+1 {
			return true
		}
	}
	return false
}

// lookupDirect finds path's repository and returns the module repo
// reading it (or, for a go-import "mod" tag, the proxy it names).
func (c *Cache) lookupDirect(ctx context.Context, path string) (repo, error) {
	ds := c.state().direct
	insecure := module.MatchPrefixPatterns(c.GOINSECURE, path)
	if c.Dir != "" {
		os.MkdirAll(c.Dir, 0o777)
	}
	rr, err := ds.resolver.RepoRoot(ctx, path, insecure)
	if err != nil {
		return nil, notExistError{err}
	}
	if rr.IsModProxy() {
		return c.newProxyRepo(rr.Repo, path)
	}
	res := ds.repos.Do(rr.VCS.Cmd+" "+rr.Repo, func() codeHostResult {
		code, err := c.openCodeHost(ctx, rr.VCS, rr.Repo)
		return codeHostResult{code, err}
	})
	if res.err != nil {
		return nil, res.err
	}
	return newCodeRepo(res.code, rr.Root, rr.SubDir, path, c.GoVersion)
}

// openCodeHost opens the module cache's copy of a repository.
func (c *Cache) openCodeHost(ctx context.Context, v *vcs.Cmd, remote string) (codeHost, error) {
	ds := c.state().direct
	if v.Cmd == "git" {
		// go asks this quietly, without -x tracing.
		quiet := &web.Client{Auth: ds.web.Auth, Timeout: c.Timeout, Transport: c.Transport}
		exists := func(ctx context.Context, u string) bool {
			pu, err := url.Parse(u)
			if err != nil {
				return true
			}
			_, err = quiet.GetBytes(ctx, pu)
			return !errors.Is(err, fs.ErrNotExist)
		}
		return ds.runner.OpenGitRepo(ctx, c.Dir, remote, exists)
	}
	if err := ds.runner.InitOtherRepo(ctx, c.Dir, v, remote); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("fetching modules from %s repositories is not implemented", v.Name)
}
