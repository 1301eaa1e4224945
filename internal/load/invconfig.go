package load

import (
	"fmt"

	"gocmd/internal/base"
	"gocmd/internal/modload"
)

// InvocationConfig returns the loader configuration of a command run by
// inv with the build flags flags: warnings go to inv's standard error,
// and ms (unless nil or in GOPATH mode) gives the modules. Commands set
// the other fields themselves.
func InvocationConfig(inv *base.Invocation, flags *base.BuildFlags, ms *modload.State) Config {
	cfg := Config{
		Env:     inv.Env,
		Dir:     inv.Dir,
		Flags:   flags,
		GOFLAGS: inv.GOFLAGS,
		Warn:    func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	}
	if ms != nil && ms.Mode() != modload.GOPATHMode {
		cfg.Modules = ms
	}
	return cfg
}

// ModulesConfig returns the module configuration of a command named
// cmdName ("fmt", "mod vendor") run by inv with the build flags flags:
// warnings go to inv's standard error, and a missing main module is
// not an error by itself (GOPATH mode or a command-line-only build).
func ModulesConfig(inv *base.Invocation, flags *base.BuildFlags, cmdName string) modload.Config {
	return modload.Config{
		Env:                    inv.Env,
		Dir:                    inv.Dir,
		Flags:                  flags,
		GOFLAGS:                inv.GOFLAGS,
		AllowMissingMainModule: true,
		CmdName:                cmdName,
		Warn:                   func(msg string) { fmt.Fprintln(inv.Stderr, msg) },
	}
}
