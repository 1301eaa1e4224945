package modcmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"gocmd/internal/base"
	"gocmd/internal/gover"
	"gocmd/internal/modfetch"
	"gocmd/internal/modload"
	"gocmd/internal/toolchain"
	"gocmd/internal/wire"
)

// DownloadFlags are the flags of 'go mod download'.
type DownloadFlags struct {
	ModFlags
	JSON  bool   // -json
	Reuse string // -reuse: earlier -json output to reuse
}

func newDownload() *base.Command {
	f := new(DownloadFlags)
	cmd := &base.Command{
		UsageLine: "go mod download [-x] [-json] [-reuse=old.json] [modules]",
		Short:     "download modules to local cache",
		Long:      helpDownload,
	}
	fs := cmd.FlagSet()
	fs.BoolVar(&f.JSON, "json", false, "")
	fs.StringVar(&f.Reuse, "reuse", "", "")
	fs.BoolVar(&f.X, "x", false, "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runDownload(ctx, inv, f, args)
	}
	return cmd
}

// downloadJSON is one object of 'go mod download -json', in go's field
// order.
type downloadJSON struct {
	Path     string       `json:",omitempty"`
	Version  string       `json:",omitempty"`
	Query    string       `json:",omitempty"`
	Error    string       `json:",omitempty"`
	err      error        // the error behind Error
	Info     string       `json:",omitempty"`
	GoMod    string       `json:",omitempty"`
	Zip      string       `json:",omitempty"`
	Dir      string       `json:",omitempty"`
	Sum      string       `json:",omitempty"`
	GoModSum string       `json:",omitempty"`
	Origin   *wire.Origin `json:",omitempty"`
	Reuse    bool         `json:",omitempty"`
}

// downloadParallelism bounds the modules fetched at once: downloads wait
// mostly on the network, so more run at once than there are CPUs.
const downloadParallelism = 16

func runDownload(ctx context.Context, inv *base.Invocation, f *DownloadFlags, args []string) error {
	// go prints through log, which ends a message with one newline.
	warn := func(msg string) { fmt.Fprintln(inv.Stderr, strings.TrimSuffix(msg, "\n")) }
	ms, err := modload.Init(ctx, modload.Config{
		Env:                    inv.Env,
		Dir:                    inv.Dir,
		Flags:                  &f.ModFlags,
		GOFLAGS:                inv.GOFLAGS,
		AllowMissingMainModule: true,
		ForceModules:           true,
		CmdName:                "mod download",
		Warn:                   warn,
	})
	if err != nil {
		return err
	}
	explicit := len(args) > 0
	mains := ms.MainModules()
	if len(mains) > 0 || ms.WorkFile() != "" {
		if explicit {
			for _, m := range mains {
				for _, arg := range args {
					switch arg {
					case m.Path, m.Path + "@upgrade", m.Path + "@patch":
						warn("go: skipping download of " + arg + " that resolves to the main module")
					}
				}
			}
		} else if ms.WorkFile() != "" {
			args = []string{"all"}
		} else {
			args, err = defaultDownloadArgs(mains[0].GoMod)
			if err != nil {
				return err
			}
			if len(args) == 0 || args[0] != "all" {
				// Like go, make sure the whole (pruned) module graph
				// is there, though only direct requirements are
				// downloaded.
				if err := ms.ModGraph(ctx, "", func(_, _ module.Version) {}); err != nil {
					// A module needing a newer Go switches toolchains.
					sw := toolchain.NewSwitcher(inv)
					sw.Error(err)
					if sw.NeedSwitch() {
						return sw.Switch(ctx)
					}
					warn(err.Error())
					return base.Exit(1)
				}
			}
		}
	}
	if len(args) == 0 {
		if len(mains) > 0 {
			warn("go: no module dependencies to download")
			return nil
		}
		warn("go: no modules specified (see 'go help mod download')")
		return base.Exit(1)
	}
	if f.Reuse != "" && len(mains) > 0 {
		return fmt.Errorf("go: go mod download -reuse cannot be used inside a module")
	}

	infos, infosErr := ms.ListModules(ctx, args, modload.ListOptions{Errors: true, GraphError: true, Reuse: f.Reuse})
	// A module needing a newer Go switches toolchains now; if none can
	// be found, the errors are reported here and again at the end.
	failed := false
	if infosErr != nil {
		if done, err := switchForErrors(ctx, inv, []error{infosErr}); done || err != nil {
			return err
		}
	}
	// Without arguments go fixes go.mod (and records the go.mod sums of
	// the graph) before downloading, but keeps no sums of the downloads:
	// they may be more than the packages need.
	if !explicit && ms.WorkFile() == "" {
		if err := ms.Commit(ctx, modload.WriteOpts{}); err != nil {
			return prefixGo(err)
		}
	}
	cache := ms.Fetcher()
	var mods []*downloadJSON
	sem := make(chan struct{}, downloadParallelism)
	var wg sync.WaitGroup
	for _, info := range infos {
		if info.Replace != nil {
			info = info.Replace
		}
		if info.Version == "" && info.Error == nil {
			continue
		}
		m := &downloadJSON{Path: info.Path, Version: info.Version, Query: info.Query, Reuse: info.Reuse, Origin: info.Origin}
		mods = append(mods, m)
		if info.Error != nil {
			m.Error = info.Error.Err
			continue
		}
		if m.Reuse {
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := downloadModule(ctx, cache, m); err != nil {
				m.Error = err.Error()
				m.err = err
			}
		}()
	}
	wg.Wait()
	// go stops at once, printing nothing else, on a checksum that
	// contradicts go.sum or an unusable module cache.
	for _, m := range mods {
		if text, ok := modfetch.FatalText(m.err); ok {
			warn(text)
			return base.Exit(1)
		}
	}

	// So does a download that needs one, when modules were named (or
	// the workspace's "all" was): without arguments go.mod should
	// already ask for a Go new enough.
	if explicit || ms.WorkFile() != "" {
		var errs []error
		for _, m := range mods {
			if m.err != nil {
				errs = append(errs, m.err)
			}
		}
		if done, err := switchForErrors(ctx, inv, errs); done || err != nil {
			return err
		}
	}
	if f.JSON {
		for _, m := range mods {
			b, err := json.MarshalIndent(m, "", "\t")
			if err != nil {
				return err
			}
			inv.Stdout.Write(append(b, '\n'))
			if m.Error != "" {
				failed = true
			}
		}
	} else {
		for _, m := range mods {
			if m.Error != "" {
				warn("go: " + m.Error)
				failed = true
			}
		}
		if failed {
			return base.Exit(1)
		}
	}
	// With arguments (or in a workspace) the checksums of what was
	// downloaded are recorded, as far as the build needs them.
	if explicit || ms.WorkFile() != "" {
		if err := ms.Commit(ctx, modload.WriteOpts{}); err != nil {
			warn(prefixGo(err).Error())
			failed = true
		}
	}
	if infosErr != nil {
		warn(infosErr.Error())
		failed = true
	}
	if failed {
		return base.Exit(1)
	}
	return nil
}

// defaultDownloadArgs returns what 'go mod download' without arguments
// downloads: the modules the main go.mod requires (at go 1.17 or later,
// whose go.mod lists every module needed), else all of the build list.
func defaultDownloadArgs(gomod string) ([]string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, err
	}
	mf, err := modfile.ParseLax(gomod, data, nil)
	if err != nil {
		return nil, err
	}
	// Without a go line, go adds today's (and converts the requirements
	// to a pruned graph) before deciding.
	if mf.Go != nil && gover.Compare(mf.Go.Version, gover.ExplicitIndirectVersion) < 0 {
		if len(mf.Require) > 0 {
			return []string{"all"}, nil
		}
		return nil, nil
	}
	var args []string
	for _, r := range mf.Require {
		args = append(args, r.Mod.Path)
	}
	return args, nil
}

// downloadModule fetches the .info, .mod and .zip of m and extracts
// the zip, filling in where they are.
func downloadModule(ctx context.Context, c *modfetch.Cache, m *downloadJSON) error {
	mod := module.Version{Path: m.Path, Version: m.Version}
	_, file, err := c.InfoFile(ctx, m.Path, m.Version)
	if err != nil {
		return err
	}
	m.Info = file
	if m.GoMod, err = c.GoModFile(ctx, mod); err != nil {
		return err
	}
	if m.GoModSum, err = c.GoModSum(ctx, mod); err != nil {
		return err
	}
	// The directory first: a zip that has to be fetched is then
	// extracted as it is hashed. DownloadZip finds it there, or reports
	// the fetch's error.
	dir, dirErr := c.DownloadContext(ctx, mod, nil)
	if m.Zip, err = c.DownloadZip(ctx, mod, nil); err != nil {
		return err
	}
	m.Sum = c.Sum(mod)
	m.Dir = dir
	return dirErr
}

// switchForErrors reruns the command with a newer toolchain when one of
// errs needs a newer Go and GOTOOLCHAIN allows switching. If no such
// toolchain can be found, it prints errs (one "go: " line each) and why
// none was found, and the command goes on (failing at the end): done
// is false and err nil. Otherwise err is the outcome of the switch.
func switchForErrors(ctx context.Context, inv *base.Invocation, errs []error) (done bool, err error) {
	sw := toolchain.NewSwitcher(inv)
	for _, e := range errs {
		sw.Error(e)
	}
	if !sw.NeedSwitch() {
		return false, nil
	}
	serr := sw.SwitchOnly(ctx)
	var ee *base.ExitError
	var xe *toolchain.ExecError
	if serr == nil || errors.As(serr, &ee) || errors.As(serr, &xe) {
		return true, serr
	}
	for _, e := range errs {
		fmt.Fprintln(inv.Stderr, prefixGo(e))
	}
	fmt.Fprintln(inv.Stderr, serr)
	return false, nil
}
