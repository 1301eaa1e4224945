package modcmd

import (
	"bufio"
	"context"
	"errors"

	"golang.org/x/mod/module"

	"gocmd/internal/base"
)

// GraphFlags are the flags of 'go mod graph'.
type GraphFlags struct {
	ModFlags
	Go GoVersionFlag // -go=version
}

func newGraph() *base.Command {
	f := new(GraphFlags)
	cmd := &base.Command{
		UsageLine: "go mod graph [-go=version] [-x]",
		Short:     "print module requirement graph",
		Long:      helpGraph,
	}
	fs := cmd.FlagSet()
	fs.Var(&f.Go, "go", "")
	fs.BoolVar(&f.X, "x", false, "")
	base.AddChdirFlag(fs)
	base.AddModCommonFlags(fs, &f.ModFlags)
	cmd.Run = func(ctx context.Context, inv *base.Invocation, args []string) error {
		return runGraph(ctx, inv, f, args)
	}
	return cmd
}

func runGraph(ctx context.Context, inv *base.Invocation, f *GraphFlags, args []string) error {
	if len(args) > 0 {
		return errors.New("go: 'go mod graph' accepts no arguments")
	}
	ms, err := loadModules(ctx, inv, &f.ModFlags, "mod graph")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(inv.Stdout)
	node := func(m module.Version) {
		w.WriteString(m.Path)
		if m.Version != "" {
			w.WriteString("@" + m.Version)
		}
	}
	err = ms.ModGraph(ctx, f.Go.String(), func(from, to module.Version) {
		node(from)
		w.WriteByte(' ')
		node(to)
		w.WriteByte('\n')
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
