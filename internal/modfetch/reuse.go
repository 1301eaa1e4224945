package modfetch

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/mod/module"

	"gocmd/internal/wire"
)

// errProxyReuse is why answers from proxies are never reused: they
// carry no origin that could be checked.
var errProxyReuse = errors.New("proxy does not support CheckReuse")

// checkReuse reports whether a recorded origin still describes r.
func (r *proxyRepo) checkReuse(context.Context, *wire.Origin) error { return errProxyReuse }
func (r errRepo) checkReuse(context.Context, *wire.Origin) error    { return r.err }
func (r *codeRepo) checkReuse(ctx context.Context, old *wire.Origin) error {
	return r.code.CheckReuse(ctx, old, r.codeDir)
}

// CheckReuse reports (with a nil error) whether the answer recorded as
// origin for path at query (a version or another query) is still
// valid, as 'go mod download -reuse' and 'go list -m -reuse' check.
func (c *Cache) CheckReuse(ctx context.Context, path, query string, origin *wire.Origin) error {
	return c.tryProxies(func(proxy string) error {
		return c.checkReuseRepo(ctx, c.lookup(proxy, path), path, query, origin)
	})
}

// checkReuseRepo checks that origin has what answering query needs,
// then asks the repository.
func (c *Cache) checkReuseRepo(ctx context.Context, r repo, path, query string, origin *wire.Origin) error {
	if origin == nil {
		return errors.New("nil Origin")
	}
	switch {
	case origin.RepoSum != "":
		// The whole repository state: enough for anything.
	case query == module.CanonicalVersion(query):
		if origin.Hash == "" && origin.Ref == "" && origin.TagSum == "" {
			return errors.New("no Origin information to check")
		}
	case IsRevisionQuery(path, query):
		if origin.Hash == "" && origin.Ref == "" {
			return fmt.Errorf("query %q requires a Hash or Ref", query)
		}
		if origin.TagSum == "" {
			return fmt.Errorf("query %q requires a TagSum", query)
		}
	default:
		if origin.TagSum == "" {
			return fmt.Errorf("query %q requires a TagSum", query)
		}
	}
	return r.checkReuse(ctx, origin)
}
