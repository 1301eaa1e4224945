package modload

import (
	"errors"
	"runtime"
	"slices"

	"gocmd/internal/env"
	"gocmd/internal/fips140"
	"gocmd/internal/modfetch"
)

// CheckFIPS resolves GOFIPS140 as go does when it sets up modules,
// before anything else: an unknown snapshot is an error, a snapshot is
// unpacked into the module cache, and GOFIPS140 conflicts with
// GOEXPERIMENT=boringcrypto and with the purego build tag. tags are the
// -tags of the command.
func CheckFIPS(e *env.Env, tags []string, modCacheRW bool) error {
	c := &modfetch.Cache{Dir: e.GOMODCACHE(), ModCacheRW: modCacheRW}
	m, err := fips140.Open(c, e.GOROOT(), e.Var("GOFIPS140"))
	if err != nil || !m.Enabled() {
		return err
	}
	goos, goarch := e.Get("GOOS"), e.Get("GOARCH")
	if goos == "" {
		goos = runtime.GOOS
	}
	if goarch == "" {
		goarch = runtime.GOARCH
	}
	if x, err := env.ParseGOEXPERIMENT(goos, goarch, e.Get("GOEXPERIMENT")); err == nil && slices.Contains(x.Enabled(), "boringcrypto") {
		return errors.New("go: cannot use GOFIPS140 with GOEXPERIMENT=boringcrypto")
	}
	if slices.Contains(tags, "purego") {
		return errors.New("go: cannot use GOFIPS140 with the purego build tag")
	}
	return nil
}
