package cache

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// readme is the README go leaves in a cache directory it creates; we leave
// the same one.
const readme = `This directory holds cached build artifacts from the Go build system.
Run "go clean -cache" if the directory is getting too large.
Run "go clean -fuzzcache" to delete the fuzz cache.
See go.dev to learn more about Go.
`

// DefaultConfig says where the build cache is and how to open it.
type DefaultConfig struct {
	// Dir and DirErr are the effective GOCACHE and the reason it could
	// not be determined, as env.Env.GOCACHE returns them: Dir is "off"
	// when the cache is disabled or cannot be located.
	Dir    string
	DirErr error

	// Prog is GOCACHEPROG; if set, the cache is served by that program
	// (the directory is still created and serves FuzzDir).
	Prog string

	Options
	ProgConfig
}

// OpenDefault opens the build cache the way a go command does before
// building: it fails with go's messages when the cache is disabled or
// cannot be located, creates the directory and its README, and starts
// GOCACHEPROG if set.
func OpenDefault(ctx context.Context, cfg DefaultConfig) (Cache, error) {
	if cfg.DirErr != nil {
		return nil, fmt.Errorf("build cache is required, but could not be located: %v", cfg.DirErr)
	}
	dir := cfg.Dir
	if dir == "off" {
		return nil, fmt.Errorf("build cache is disabled by GOCACHE=off, but required as of Go 1.12")
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("failed to initialize build cache at %s: %s", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "README")); err != nil {
		os.WriteFile(filepath.Join(dir, "README"), []byte(readme), 0o666) // best effort
	}
	disk, err := Open(dir, cfg.Options)
	if err != nil {
		return nil, fmt.Errorf("failed to initialize build cache at %s: %s", dir, err)
	}
	if cfg.Prog != "" {
		pc, err := StartProg(ctx, cfg.Prog, disk, cfg.ProgConfig)
		if err != nil {
			return nil, err
		}
		return pc, nil
	}
	return disk, nil
}
