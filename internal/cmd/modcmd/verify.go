package modcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/modload"
)

func newVerify() *base.Command {
	f := new(ModFlags)
	cmd := &base.Command{
		UsageLine: "go mod verify",
		Short:     "verify dependencies have expected content",
		Long:      helpVerify,
	}
	fs := cmd.FlagSet()
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, f)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runVerify(ctx, inv, f, args)
	}
	return cmd
}

// loadModules initializes module loading for the graph commands (graph,
// verify, why): modules forced on, go.work honored, a main module
// required.
func loadModules(ctx context.Context, inv *base.Invocation, f *ModFlags, cmdName string) (*modload.State, error) {
	return modload.Init(ctx, modload.Config{
		Env:          inv.Env,
		Dir:          inv.Dir,
		Flags:        f,
		GOFLAGS:      inv.GOFLAGS,
		CmdName:      cmdName,
		ForceModules: true,
		Warn:         func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	})
}

func runVerify(ctx context.Context, inv *base.Invocation, f *ModFlags, args []string) error {
	if len(args) != 0 {
		return errors.New("go: verify takes no arguments")
	}
	ms, err := loadModules(ctx, inv, f, "mod verify")
	if err != nil {
		return err
	}
	// As go does, stop at once if the module graph cannot be loaded.
	if err := ms.LoadGraph(ctx); err != nil {
		var mismatch *modfetch.GoSumMismatchError
		if errors.As(err, &mismatch) {
			fmt.Fprintln(inv.Stderr, mismatch)
		} else {
			fmt.Fprintf(inv.Stderr, "go: %v\n", err)
		}
		return base.Exit(1)
	}
	// The build list is what 'go list -m all' reports.
	mods, err := ms.ListModules(ctx, []string{"all"}, modload.ListOptions{Errors: true})
	if err != nil {
		return err
	}
	cache := &modfetch.Cache{Dir: inv.Env.GOMODCACHE(), GOPROXY: inv.Env.Get("GOPROXY")}
	ok := true
	for _, m := range mods {
		if m.Main || gover.IsToolchain(m.Path) || m.Version == "" {
			continue
		}
		for _, err := range verifyModule(cache, module.Version{Path: m.Path, Version: m.Version}) {
			fmt.Fprintln(inv.Stderr, err)
			ok = false
		}
	}
	if !ok {
		return base.Exit(1)
	}
	fmt.Fprintf(inv.Stdout, "all modules verified\n")
	return nil
}

// verifyModule checks that the cached zip and extracted tree of mod
// still have the hash recorded when they were downloaded.
func verifyModule(cache *modfetch.Cache, mod module.Version) []error {
	zip, zipErr := cache.CachePath(mod, "zip")
	if zipErr == nil {
		_, zipErr = os.Stat(zip)
	}
	dir, dirErr := cache.DownloadDir(mod)
	data, err := os.ReadFile(zip + "hash")
	if err != nil {
		if zipErr != nil && errors.Is(zipErr, fs.ErrNotExist) && dirErr != nil && errors.Is(dirErr, fs.ErrNotExist) {
			return nil // nothing downloaded: nothing to verify
		}
		return []error{fmt.Errorf("%s %s: missing ziphash: %v", mod.Path, mod.Version, err)}
	}
	want := string(bytes.TrimSpace(data))
	var errs []error
	if zipErr == nil || !errors.Is(zipErr, fs.ErrNotExist) {
		h, err := dirhash.HashZip(zip, dirhash.DefaultHash)
		if err != nil {
			return append(errs, fmt.Errorf("%s %s: %v", mod.Path, mod.Version, err))
		}
		if h != want {
			errs = append(errs, fmt.Errorf("%s %s: zip has been modified (%v)", mod.Path, mod.Version, zip))
		}
	}
	if dirErr == nil || !errors.Is(dirErr, fs.ErrNotExist) {
		h, err := dirhash.HashDir(dir, mod.Path+"@"+mod.Version, dirhash.DefaultHash)
		if err != nil {
			return append(errs, fmt.Errorf("%s %s: %v", mod.Path, mod.Version, err))
		}
		if h != want {
			errs = append(errs, fmt.Errorf("%s %s: dir has been modified (%v)", mod.Path, mod.Version, filepath.Clean(dir)))
		}
	}
	return errs
}
