package work

import (
	"context"
	"runtime"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/modload"
)

// NewToolSession returns a session for building a program of the
// toolchain (cmd/NAME) that 'go tool' runs when GOROOT/pkg/tool lacks
// it: like go, it builds for the host whatever GOOS and GOARCH say,
// and ignores go.mod and go.work.
func NewToolSession(ctx context.Context, inv *base.Invocation, flags *base.BuildFlags) (*Session, error) {
	environ := inv.Env.OSEnviron()
	if root := inv.Env.GOROOT(); root != "" && inv.Env.OSGetenv("GOROOT") == "" {
		environ = append(environ, "GOROOT="+root)
	}
	environ = append(environ, "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	e, err := env.Load(env.Options{Environ: environ})
	if err != nil {
		return nil, err
	}
	hostInv := *inv
	hostInv.Env = e
	f := *flags
	f.ModFile = ""
	return newSession(ctx, &hostInv, &f, "tool", func(c *modload.Config, _ *modload.State) error {
		if c != nil {
			c.NoRoot = true
		}
		return nil
	})
}
