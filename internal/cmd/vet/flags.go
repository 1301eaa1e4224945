package vet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"gocmd/internal/base"
)

// toolFlagValue finds -vettool (or -fixtool) in args before regular flag
// parsing: the tool decides which other flags exist.
func toolFlagValue(name string, args []string) (string, error) {
	for i, arg := range args {
		if arg == "-"+name || arg == "--"+name {
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s requires a filename", arg)
			}
			return args[i+1], nil
		}
		if v, ok := strings.CutPrefix(arg, "-"+name+"="); ok {
			return v, nil
		}
		if v, ok := strings.CutPrefix(arg, "--"+name+"="); ok {
			return v, nil
		}
	}
	return "", nil
}

// addToolFlags asks the analysis tool for its flags (tool -flags prints
// them as JSON) and adds those the command does not define yet.
func addToolFlags(ctx context.Context, inv *base.Invocation, cmd *base.Command, f *Flags, args []string) error {
	tool, err := toolFlagValue(cmd.Name()+"tool", args)
	if err != nil {
		return err
	}
	f.Tool = tool
	if tool != "" {
		if !filepath.IsAbs(tool) {
			tool = filepath.Join(inv.Dir, tool)
		}
		f.ToolPath = tool
	} else {
		f.ToolPath = filepath.Join(inv.Env.GOROOT(), "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH, cmd.Name())
	}

	var out bytes.Buffer
	c := exec.CommandContext(ctx, f.ToolPath, "-flags")
	c.Dir = inv.Dir
	c.Env = inv.Env.OSEnviron()
	c.Stdout = &out
	if err := c.Run(); err != nil {
		fmt.Fprintf(inv.Stderr, "go: %s -flags failed: %v\n", f.ToolPath, err)
		return base.Exit(2)
	}
	var toolFlags []struct {
		Name  string
		Bool  bool
		Usage string
	}
	if err := json.Unmarshal(out.Bytes(), &toolFlags); err != nil {
		fmt.Fprintf(inv.Stderr, "go: can't unmarshal JSON from %s -flags: %v", f.ToolPath, err)
		return base.Exit(2)
	}
	fs := cmd.FlagSet()
	f.isToolFlag = make(map[string]bool)
	for _, tf := range toolFlags {
		if tf.Name == "c" {
			continue // -c is the go command's own
		}
		f.isToolFlag[tf.Name] = true
		if fs.Lookup(tf.Name) == nil {
			if tf.Bool {
				fs.Bool(tf.Name, false, "")
			} else {
				fs.String(tf.Name, "", "")
			}
		}
	}
	return nil
}

// parseArgs applies $GOFLAGS and parses the command line, setting
// f.ToolArgs, and returns the package arguments.
func parseArgs(inv *base.Invocation, cmd *base.Command, f *Flags, args []string) ([]string, error) {
	fs := cmd.FlagSet()
	if err := base.ApplyGOFLAGS(fs, inv.GOFLAGS); err != nil {
		return nil, err
	}
	fromGOFLAGS := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) {
		if f.isToolFlag[fl.Name] {
			fromGOFLAGS[fl.Name] = true
		}
	})

	var explicit, pkgs []string
	for len(args) > 0 {
		fl, rest, err := base.ParseOneFlag(fs, args)
		if errors.Is(err, flag.ErrHelp) {
			return nil, usage(inv, cmd, f)
		}
		if errors.Is(err, base.ErrFlagTerminator) {
			pkgs = rest
			break
		}
		var nf base.NonFlagError
		if errors.As(err, &nf) {
			pkgs = args
			break
		}
		if err != nil {
			fmt.Fprintln(inv.Stderr, err)
			return nil, usage(inv, cmd, f)
		}
		if f.isToolFlag[fl.Name] {
			// Pass the arguments as written; an explicit setting wins
			// over $GOFLAGS.
			explicit = append(explicit, args[:len(args)-len(rest)]...)
			delete(fromGOFLAGS, fl.Name)
		}
		args = rest
	}

	f.ToolArgs = nil
	fs.Visit(func(fl *flag.Flag) {
		if fromGOFLAGS[fl.Name] {
			f.ToolArgs = append(f.ToolArgs, fmt.Sprintf("-%s=%s", fl.Name, fl.Value))
		}
	})
	f.ToolArgs = append(f.ToolArgs, explicit...)
	return pkgs, nil
}

// usage prints the usage of go vet or go fix, which also points to the
// analysis tool's own help, and returns an exit status 2.
func usage(inv *base.Invocation, cmd *base.Command, f *Flags) error {
	cmd.PrintUsage(inv.Stderr)
	tool := f.Tool
	if tool == "" {
		tool = "go tool " + cmd.Name()
	}
	fmt.Fprintf(inv.Stderr, "Run '%s help' for a full list of flags and analyzers.\n", tool)
	fmt.Fprintf(inv.Stderr, "Run '%s -help' for an overview.\n", tool)
	return base.Exit(2)
}
