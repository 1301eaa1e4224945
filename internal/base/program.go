package base

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// Signals says what the go command does with the signals it receives
// while a program it started for the user runs in the foreground.
type Signals int

const (
	// IgnoreInterrupts ignores interrupt and quit: the terminal sends
	// them to the program as well, which decides how to end (go run).
	IgnoreInterrupts Signals = iota
	// ForwardSignals passes every signal on to the program (go tool).
	ForwardSignals
)

// RunProgram runs cmdline in the foreground with the invocation's
// standard streams, the environment environ and the directory dir (""
// for the current one), handling signals as sigs says meanwhile. A
// binary that was just written may still be busy (ETXTBSY) for a moment:
// starting it is retried a few times. The error is that of exec.Cmd.Run
// (an *exec.ExitError when the program failed); RunProgram prints
// nothing.
func RunProgram(inv *Invocation, cmdline, environ []string, dir string, sigs Signals) error {
	var err error
	for try := 0; try < 3; try++ {
		cmd := exec.Command(cmdline[0], cmdline[1:]...)
		cmd.Stdin = inv.Stdin
		cmd.Stdout = inv.Stdout
		cmd.Stderr = inv.Stderr
		cmd.Env = environ
		cmd.Dir = dir
		err = runWithSignals(cmd, sigs)
		if err == nil || !errors.Is(err, syscall.ETXTBSY) {
			break
		}
		time.Sleep(100 * time.Millisecond << uint(try))
	}
	return err
}

// runWithSignals starts cmd and waits for it, ignoring or forwarding
// the signals the go command receives in the meantime.
func runWithSignals(cmd *exec.Cmd, sigs Signals) error {
	c := make(chan os.Signal, 100)
	if sigs == IgnoreInterrupts {
		signal.Notify(c, os.Interrupt, syscall.SIGQUIT)
		defer signal.Stop(c)
		return cmd.Run()
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	signal.Notify(c)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for sig := range c {
			cmd.Process.Signal(sig)
		}
	}()
	err := cmd.Wait()
	signal.Stop(c)
	close(c)
	<-done
	return err
}
