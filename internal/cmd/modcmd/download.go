package modcmd

import (
	"context"

	"gocmd/internal/base"
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

func runDownload(ctx context.Context, inv *base.Invocation, f *DownloadFlags, args []string) error {
	return notImplemented(ctx, inv, args)
}
