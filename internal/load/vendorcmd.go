package load

import (
	"context"
	"io"
	"path/filepath"

	"gocmd/internal/base"
)

// Vendor is what 'go mod vendor' and 'go work vendor' do once each has
// checked its module state (cfg.Modules): write the vendor directory
// (the main module's or workspace's, or -o resolved against cfg.Dir)
// as WriteVendor does, with -e and -v from f. ErrVendorFailed means the
// errors are printed on stderr and the command must exit with status 1.
func Vendor(ctx context.Context, cfg Config, f *base.VendorFlags, stderr io.Writer) error {
	dir := cfg.Modules.VendorDir()
	if f.O != "" {
		dir = f.O
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(cfg.Dir, dir)
		}
	}
	return NewLoader(cfg).WriteVendor(ctx, VendorOptions{Dir: dir, AllowErrors: f.E, Verbose: f.V, Stderr: stderr})
}
