// Package doc implements 'go doc'.
package doc

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"gocmd/internal/base"
)

// Flags are the flags of 'go doc', which parses its own command line.
type Flags struct {
	C     string // -C: directory to change to
	U     bool   // -u: show unexported symbols too
	Case  bool   // -c: symbol matching honors case
	All   bool   // -all
	Cmd   bool   // -cmd: show symbols of commands too
	Src   bool   // -src: show source code
	Short bool   // -short: one line per symbol
	HTTP  bool   // -http: serve HTML docs
}

// New returns the 'go doc' command.
func New() *base.Command {
	return &base.Command{
		UsageLine:   "go doc [doc flags] [package|[package.]symbol[.methodOrField]]",
		Short:       "show documentation for package or symbol",
		Long:        helpDoc,
		CustomFlags: true,
		Run:         run,
	}
}

// newFlagSet returns the flag set of 'go doc' bound to f. Its flags are
// not registered in the command (go doc ignores $GOFLAGS); their usage
// texts are printed after a flag error.
func newFlagSet(f *Flags) *flag.FlagSet {
	fs := base.NewFlagSet("doc")
	fs.StringVar(&f.C, "C", "", "change to `dir` before running command")
	fs.BoolVar(&f.U, "u", false, "show unexported symbols as well as exported")
	fs.BoolVar(&f.Case, "c", false, "symbol matching honors case (paths not affected)")
	fs.BoolVar(&f.All, "all", false, "show all documentation for package")
	fs.BoolVar(&f.Cmd, "cmd", false, "show symbols with package docs even if package is a command")
	fs.BoolVar(&f.Src, "src", false, "show source code for symbol")
	fs.BoolVar(&f.Short, "short", false, "one-line representation for each symbol")
	fs.BoolVar(&f.HTTP, "http", false, "serve HTML docs over HTTP")
	return fs
}

// parseFlags parses args. On error it prints the message and go doc's
// usage to stderr and returns an exit error.
func parseFlags(stderr io.Writer, args []string) (*Flags, []string, error) {
	f := new(Flags)
	fs := newFlagSet(f)
	if err := fs.Parse(args); err != nil {
		if err != flag.ErrHelp {
			fmt.Fprintln(stderr, err)
		}
		printUsage(stderr, fs)
		return nil, nil, base.Exit(2)
	}
	return f, fs.Args(), nil
}

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, "Usage of [go] doc:\n"+
		"\tgo doc\n"+
		"\tgo doc <pkg>\n"+
		"\tgo doc <sym>[.<methodOrField>]\n"+
		"\tgo doc [<pkg>.]<sym>[.<methodOrField>]\n"+
		"\tgo doc [<pkg>.][<sym>.]<methodOrField>\n"+
		"\tgo doc <pkg> <sym>[.<methodOrField>]\n"+
		"For more information run\n"+
		"\tgo help doc\n\n"+
		"Flags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

func run(ctx context.Context, inv *base.Invocation, args []string) error {
	f, rest, err := parseFlags(inv.Stderr, args)
	if err != nil {
		return err
	}
	d, err := newDocer(inv, f)
	if err != nil {
		fmt.Fprintf(inv.Stderr, "doc: %v\n", err)
		return base.Exit(1)
	}
	if err := d.do(rest); err != nil {
		if err == errTooManyPeriods {
			fmt.Fprintf(inv.Stderr, "doc: %v\n", err)
		}
		if err == errUsage || err == errTooManyPeriods {
			fs := newFlagSet(new(Flags))
			printUsage(inv.Stderr, fs)
			return base.Exit(2)
		}
		var ee *errExit
		if errors.As(err, &ee) {
			return base.Exit(ee.code)
		}
		fmt.Fprintf(inv.Stderr, "doc: %v\n", err)
		return base.Exit(1)
	}
	return nil
}
