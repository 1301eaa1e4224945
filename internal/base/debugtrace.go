package base

import (
	"context"
	"fmt"
	"io"
	"os"
	rtrace "runtime/trace"

	"gocmd/internal/trace"
)

// StartDebugTraces starts what the -debug-trace and -debug-runtime-trace
// flags ask for: the command's timeline (package trace) written to
// traceFile, and the Go execution trace of gocmd itself (runtime/trace)
// written to runtimeFile. Empty names start nothing. The returned
// function finishes both files; it must run before the command exits.
// Errors carry go's text.
func StartDebugTraces(ctx context.Context, traceFile, runtimeFile string) (context.Context, func() error, error) {
	var stops []func() error
	stopAll := func() error {
		var first error
		for i := len(stops) - 1; i >= 0; i-- {
			if err := stops[i](); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	if runtimeFile != "" {
		f, err := os.Create(runtimeFile)
		if err != nil {
			return ctx, nil, fmt.Errorf("creating trace file: %v", err)
		}
		if err := rtrace.Start(f); err != nil {
			f.Close()
			return ctx, nil, fmt.Errorf("starting event trace: %v", err)
		}
		stops = append(stops, func() error {
			rtrace.Stop()
			return f.Close()
		})
	}
	if traceFile != "" {
		tctx, stop, err := trace.Start(ctx, traceFile)
		if err != nil {
			stopAll()
			return ctx, nil, fmt.Errorf("failed to start trace: %v", err)
		}
		ctx = tctx
		stops = append(stops, func() error {
			if err := stop(); err != nil {
				return fmt.Errorf("failed to stop trace: %v", err)
			}
			return nil
		})
	}
	return ctx, stopAll, nil
}

// RunWithDebugTraces runs a command under the traces StartDebugTraces
// starts, inside a span "Running NAME command", and finishes the files
// afterwards (a failure to is reported on stderr and fails the command).
func RunWithDebugTraces(ctx context.Context, name, traceFile, runtimeFile string, stderr io.Writer, run func(context.Context) error) error {
	ctx, stop, err := StartDebugTraces(ctx, traceFile, runtimeFile)
	if err != nil {
		return err
	}
	ctx, span := trace.StartSpan(ctx, "Running "+name+" command")
	err = run(ctx)
	span.Done()
	if serr := stop(); serr != nil {
		fmt.Fprintln(stderr, serr)
		if err == nil {
			err = Exit(1)
		}
	}
	return err
}
