package load

import (
	"errors"
	"go/build"
	"slices"

	"gocmd/internal/fips140"
	"gocmd/internal/modfetch"
)

// openFIPS resolves GOFIPS140 for the build context ctxt (which has the
// snapshot's build tag already), unpacking a snapshot into the module
// cache.
func (l *Loader) openFIPS(ctxt *build.Context) (fips140.Mode, error) {
	c := &modfetch.Cache{Dir: l.cfg.Env.GOMODCACHE()}
	if l.cfg.Flags != nil {
		c.ModCacheRW = l.cfg.Flags.ModCacheRW
	}
	m, err := fips140.Open(c, ctxt.GOROOT, l.cfg.Env.Var("GOFIPS140"))
	if err != nil {
		return m, err
	}
	if m.Enabled() && slices.Contains(ctxt.ToolTags, "goexperiment.boringcrypto") {
		return m, errors.New("go: cannot use GOFIPS140 with GOEXPERIMENT=boringcrypto")
	}
	if m.Enabled() && slices.Contains(ctxt.BuildTags, "purego") {
		return m, errors.New("go: cannot use GOFIPS140 with the purego build tag")
	}
	return m, nil
}

// FIPS returns the GOFIPS140 selection in effect (after the first load).
func (l *Loader) FIPS() fips140.Mode { return l.init().fips }

// fipsMounts is the Walker.Mounts of the GOROOT tree: a snapshot's
// directory walked in place of crypto/internal/fips140.
func (l *Loader) fipsMounts() map[string]string {
	if !l.st.fips.Snapshot() {
		return nil
	}
	return map[string]string{fips140.Root: l.st.fips.Dir}
}

// skipFIPSMountPoint wraps a Walker.IsPackage so that it rejects
// crypto/internal/fips140 itself under a snapshot. go finds that
// directory (through its sources in GOROOT) only when it matches std
// or a GOPATH-mode pattern, where it then stands for the snapshot's
// crypto/internal/fips140/vX.Y.Z; module-mode walks of other patterns
// see the snapshot's directory, which holds no Go files.
func (l *Loader) skipFIPSMountPoint(isPackage func(dir, name string) bool) func(dir, name string) bool {
	if !l.st.fips.Snapshot() {
		return isPackage
	}
	return func(dir, name string) bool {
		return name != fips140.Root && isPackage(dir, name)
	}
}
