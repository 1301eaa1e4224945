package base

import (
	"io"

	"gocmd/internal/env"
)

// An Invocation is one run of the go command: its configuration, working
// directory and standard streams. Commands receive it instead of reading
// process globals, so tests can run many invocations in one process.
type Invocation struct {
	// CmdName is the command's long name ("mod tidy"), for messages.
	CmdName string
	// Env is the resolved configuration.
	Env *env.Env
	// Dir is the working directory (after -C), absolute.
	Dir string
	// Args is the command line without the program name and without a
	// -C flag: what a command rerun by another toolchain is given.
	Args []string
	// GOFLAGS are the parsed, validated $GOFLAGS words.
	GOFLAGS []string

	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// BeforeExec, if set, is called when the command is about to be
	// replaced by another toolchain mid-run (it saves what exiting
	// would have saved, such as telemetry counters).
	BeforeExec func()
}
