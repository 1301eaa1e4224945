// Package cli is the go command's entry point: it assembles the command
// tree, resolves the configuration, handles -C, 'help' and $GOFLAGS, and
// runs the selected command, turning its result into an exit status.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"gocmd/internal/base"
	"gocmd/internal/cmd/bug"
	"gocmd/internal/cmd/build"
	"gocmd/internal/cmd/clean"
	"gocmd/internal/cmd/doc"
	"gocmd/internal/cmd/envcmd"
	"gocmd/internal/cmd/fmtcmd"
	"gocmd/internal/cmd/generate"
	"gocmd/internal/cmd/get"
	"gocmd/internal/cmd/help"
	"gocmd/internal/cmd/install"
	"gocmd/internal/cmd/list"
	"gocmd/internal/cmd/modcmd"
	"gocmd/internal/cmd/run"
	"gocmd/internal/cmd/telemetry"
	"gocmd/internal/cmd/test"
	"gocmd/internal/cmd/tool"
	"gocmd/internal/cmd/version"
	"gocmd/internal/cmd/vet"
	"gocmd/internal/cmd/workcmd"
	"gocmd/internal/env"
	"gocmd/internal/modload"
	"gocmd/internal/toolchain"
)

// Root returns a fresh command tree.
func Root() *base.Command {
	root := newRootCommand()
	for _, c := range topCommands() {
		root.Commands = append(root.Commands, c.new())
	}
	root.Commands = append(root.Commands, help.Topics()...)
	return root
}

func newRootCommand() *base.Command {
	return &base.Command{
		UsageLine: "go",
		Long:      "Go is a tool for managing Go source code.",
	}
}

// namedCommand is a top-level command's name and constructor.
type namedCommand struct {
	name string
	new  func() *base.Command
}

// topCommands returns the top-level commands, in 'go help' order.
func topCommands() []namedCommand {
	return []namedCommand{
		{"bug", bug.New},
		{"build", build.New},
		{"clean", clean.New},
		{"doc", doc.New},
		{"env", envcmd.New},
		{"fix", vet.NewFix},
		{"fmt", fmtcmd.New},
		{"generate", generate.New},
		{"get", get.New},
		{"install", install.New},
		{"list", list.New},
		{"mod", modcmd.New},
		{"work", workcmd.New},
		{"run", run.New},
		{"telemetry", telemetry.New},
		{"test", test.New},
		{"tool", tool.New},
		{"version", version.New},
		{"vet", vet.New},
	}
}

// IO are the standard streams of an invocation.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Main runs the go command with the given arguments (without the program
// name) and returns its exit status.
func Main(ctx context.Context, args []string, environ []string, exe string, stdio IO) int {
	tree := newCommandTree(args)
	tel := startTelemetry(tree.root(), args, environ, exe) // usage counters: see telemetry.go
	defer func() { tel.finish(tree.root()) }()
	err := dispatch(ctx, tree, args, environ, exe, stdio, tel)
	if err == nil {
		return 0
	}
	var ee *base.ExitError
	if !errors.As(err, &ee) {
		var ue *base.UsageError
		if !errors.As(err, &ue) {
			fmt.Fprintln(stdio.Stderr, err)
		}
	}
	return base.ExitCode(err)
}

func dispatch(ctx context.Context, tree *commandTree, args []string, environ []string, exe string, stdio IO, tel *telemetrySession) error {
	dir, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("go: %v", err)
	}
	startDir := dir
	args, chdir, hasChdir := takeChdirFlag(tree.root(), args)
	if hasChdir {
		// Like go, report the directory as given.
		if err := os.Chdir(chdir); err != nil {
			return fmt.Errorf("go: %v", err)
		}
		if dir, err = os.Getwd(); err != nil {
			return fmt.Errorf("go: %v", err)
		}
		environ = setEnv(environ, "PWD", dir)
	}

	// The toolchain is chosen before anything else, even help: go.mod
	// may ask for a newer go, which then runs the whole command. The
	// configuration read for it serves the command too unless the
	// choice changed the environment.
	var e *env.Env
	if e0, err := loadEnv(environ, exe, dir, startDir); err == nil {
		if err := e0.FSTracerError(); err != nil {
			// go cannot start without its trace log (log.Fatal's format).
			fmt.Fprintf(stdio.Stderr, "%s %v\n", time.Now().Format("2006/01/02 15:04:05"), err)
			return base.Exit(1)
		}
		selected, err := toolchain.Select(ctx, toolchain.Request{Env: e0, Dir: dir, Args: args, Environ: environ, Stderr: stdio.Stderr})
		if err != nil {
			return err
		}
		if slices.Equal(selected, environ) {
			e = e0
			if !hasChdir {
				tel.env = e
			}
		}
		environ = selected
	}

	// Top-level flags: go accepts none but -C (handled above).
	top := base.NewFlagSet("go")
	if err := top.Parse(args); err != nil {
		if err != flag.ErrHelp {
			fmt.Fprintln(stdio.Stderr, err)
		}
		help.PrintUsage(stdio.Stderr, tree.full())
		return base.Exit(2)
	}
	args = top.Args()
	if len(args) == 0 {
		help.PrintUsage(stdio.Stderr, tree.full())
		return base.Exit(2)
	}
	if args[0] == "help" {
		return help.Help(stdio.Stdout, stdio.Stderr, tree.full(), args[1:])
	}

	if e == nil {
		if e, err = loadEnv(environ, exe, dir, startDir); err != nil {
			return err
		}
	}
	if e.GOROOT() == "" {
		fmt.Fprintf(stdio.Stderr, "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\n")
		return base.Exit(2)
	}
	if st, err := os.Stat(e.GOROOT()); err != nil || !st.IsDir() {
		fmt.Fprintf(stdio.Stderr, "go: cannot find GOROOT directory: %v\n", e.GOROOT())
		return base.Exit(2)
	}
	if err := checkGOPATH(e, stdio.Stderr); err != nil {
		return err
	}

	cmd, used := lookupCmd(tree.root(), args)
	cmdName := strings.Join(args[:used], " ")
	if len(cmd.Commands) > 0 {
		if used >= len(args) {
			help.PrintUsage(stdio.Stderr, cmd)
			return base.Exit(2)
		}
		if args[used] == "help" {
			return help.Help(stdio.Stdout, stdio.Stderr, tree.full(), append(slices.Clip(args[:used]), args[used+1:]...))
		}
		helpArg := ""
		if used > 0 {
			helpArg = " " + strings.Join(args[:used], " ")
		}
		if cmdName == "" {
			cmdName = args[0]
		}
		fmt.Fprintf(stdio.Stderr, "go %s: unknown command\nRun 'go help%s' for usage.\n", cmdName, helpArg)
		return base.Exit(2)
	}

	if err := checkBuildConfig(e, cmdName, stdio.Stderr); err != nil {
		return err
	}

	inv := &base.Invocation{
		CmdName: cmdName,
		Args:    args,
		Env:     e,
		Dir:     dir,
		Stdin:   stdio.Stdin,
		Stdout:  stdio.Stdout,
		Stderr:  stdio.Stderr,

		// A toolchain switch mid-command replaces this process:
		// the counters are written first.
		BeforeExec: func() { tel.finish(tree.root()) },
	}
	cmdArgs := args[used:]
	if cmd.PrepareFlags != nil {
		if err := cmd.PrepareFlags(ctx, inv, cmdArgs); err != nil {
			return err
		}
	}

	// 'go env' and 'go bug' tolerate a bad $GOFLAGS: people use them to
	// debug it. Commands parsing their own flags without registering any
	// ('go doc') never look at $GOFLAGS.
	if !cmd.CustomFlags || cmd.Flags != nil {
		// A flag of another command is let through, as go does.
		known := func(name string) bool {
			return cmd.Flags != nil && cmd.Flags.Lookup(name) != nil || isGoflagName(name)
		}
		goflags, err := base.ParseGOFLAGS(e.Get("GOFLAGS"), known)
		if err != nil {
			if cmdName != "env" && cmdName != "bug" {
				return err
			}
			goflags, _ = base.ParseGOFLAGS(e.Get("GOFLAGS"), func(string) bool { return true })
		}
		inv.GOFLAGS = goflags
	}

	if !cmd.CustomFlags {
		fs := cmd.FlagSet()
		if err := base.ApplyGOFLAGS(fs, inv.GOFLAGS); err != nil {
			var ue *base.UsageError
			if errors.As(err, &ue) && ue.Msg != "" {
				fmt.Fprintln(stdio.Stderr, ue.Msg)
			}
			cmd.PrintUsage(stdio.Stderr)
			return base.Exit(2)
		}
		if err := fs.Parse(cmdArgs); err != nil {
			if err == flag.ErrHelp {
				cmd.PrintUsage(stdio.Stderr)
				return base.Exit(2)
			}
			fmt.Fprintln(stdio.Stderr, err)
			cmd.PrintUsage(stdio.Stderr)
			return base.Exit(2)
		}
		cmdArgs = fs.Args()
	}
	var traceFile, runtimeTraceFile string
	if !cmd.CustomFlags {
		traceFile, runtimeTraceFile = flagString(cmd.FlagSet(), "debug-trace"), flagString(cmd.FlagSet(), "debug-runtime-trace")
	}
	err = base.RunWithDebugTraces(ctx, cmd.Name(), traceFile, runtimeTraceFile, stdio.Stderr, func(ctx context.Context) error {
		return cmd.Run(ctx, inv, cmdArgs)
	})
	var ue *base.UsageError
	if errors.As(err, &ue) {
		if ue.Msg != "" {
			fmt.Fprintln(stdio.Stderr, ue.Msg)
		}
		cmd.PrintUsage(stdio.Stderr)
		return base.Exit(2)
	}
	return err
}

// loadEnv reads the configuration of the invocation.
func loadEnv(environ []string, exe, dir, startDir string) (*env.Env, error) {
	return env.Load(env.Options{
		Environ:        environ,
		Executable:     exe,
		Dir:            dir,
		FindModuleRoot: modload.FindModuleRoot,
		FindGoWork:     modload.FindGoWork,
		FSTrace:        true,
		StartDir:       startDir,
		TooNewExplain:  toolchain.TooNewExplain,
	})
}

// lookupCmd finds the command named by the leading words of args and
// reports how many words it used.
func lookupCmd(root *base.Command, args []string) (cmd *base.Command, used int) {
	cmd = root
	for used < len(args) {
		c := cmd.Lookup(args[used])
		if c == nil {
			break
		}
		if c.Runnable() {
			cmd = c
			used++
			break
		}
		if len(c.Commands) > 0 {
			cmd = c
			used++
			if used >= len(args) || args[0] == "help" {
				break
			}
			continue
		}
		break
	}
	return cmd, used
}

// takeChdirFlag removes a -C flag that directly follows the command name
// (or stands first) and returns the directory it names.
func takeChdirFlag(root *base.Command, args []string) (rest []string, dir string, ok bool) {
	_, used := lookupCmd(root, args)
	if used >= len(args) {
		return args, "", false
	}
	switch a := args[used]; {
	case a == "-C", a == "--C":
		if used+1 >= len(args) {
			return args, "", false
		}
		dir := args[used+1]
		return slices.Delete(slices.Clone(args), used, used+2), dir, true
	case strings.HasPrefix(a, "-C="), strings.HasPrefix(a, "--C="):
		_, dir, _ := strings.Cut(a, "=")
		return slices.Delete(slices.Clone(args), used, used+1), dir, true
	}
	return args, "", false
}

func setEnv(environ []string, key, value string) []string {
	out := make([]string, 0, len(environ)+1)
	for _, kv := range environ {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

// flagString returns the value of the named flag of fs, or "" if fs
// has no such flag.
func flagString(fs *flag.FlagSet, name string) string {
	if f := fs.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// checkGOPATH reports GOPATH problems before any command runs, as go
// does: a warning when GOPATH is GOROOT, and exit status 2 for a relative
// entry or one starting with '~'.
func checkGOPATH(e *env.Env, stderr io.Writer) error {
	warning, fatal := e.GOPATHCheck()
	fmt.Fprint(stderr, warning)
	if fatal != "" {
		fmt.Fprint(stderr, fatal)
		return base.Exit(2)
	}
	return nil
}

// checkBuildConfig reports a bad target configuration ($GOAMD64,
// $GOEXPERIMENT...) before running any command but 'go env', which checks
// it itself after handling -w and -u.
func checkBuildConfig(e *env.Env, cmdName string, stderr io.Writer) error {
	if cmdName == "env" {
		return nil
	}
	if err := e.BuildcfgError(); err != nil {
		fmt.Fprintf(stderr, "go: %v\n", err)
		return base.Exit(2)
	}
	if err := e.ExperimentError(); err != nil {
		return fmt.Errorf("go: %v", err)
	}
	return nil
}
