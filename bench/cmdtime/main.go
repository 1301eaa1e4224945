// Command cmdtime times a command for the bench scripts: it runs the
// command n times in a row and prints the wall time and the CPU time
// (user and system, of the command and the processes it waited for) of
// one run, in seconds: "wall cpu".
//
// Timing from a shell (bash's time around a loop) adds the shell's own
// fork of itself for every run to both commands compared, about a
// millisecond of CPU time, which hides differences in commands that take
// a few. cmdtime counts only the command's process.
//
// Usage: cmdtime [-n runs] [-dir dir] [-stderr file] command [args...]
//
// Standard output is discarded; standard error goes to the -stderr file
// (default: discarded). If a run fails, cmdtime prints that file and
// exits with status 1.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"
)

func main() {
	n := flag.Int("n", 1, "runs")
	dir := flag.String("dir", "", "working directory")
	errFile := flag.String("stderr", "", "file receiving the command's standard error")
	flag.Parse()
	if flag.NArg() == 0 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: cmdtime [-n runs] [-dir dir] [-stderr file] command [args...]")
		os.Exit(2)
	}
	var wall, cpu time.Duration
	for i := 0; i < *n; i++ {
		w, c, err := run(*dir, *errFile, flag.Args())
		if err != nil {
			fmt.Fprintf(os.Stderr, "%v failed in %s: %v\n", flag.Args(), *dir, err)
			if *errFile != "" {
				if data, rerr := os.ReadFile(*errFile); rerr == nil {
					os.Stderr.Write(data)
				}
			}
			os.Exit(1)
		}
		wall += w
		cpu += c
	}
	fmt.Printf("%.4f %.4f\n", wall.Seconds()/float64(*n), cpu.Seconds()/float64(*n))
}

// run runs the command once and returns its wall and CPU times.
func run(dir, errFile string, args []string) (wall, cpu time.Duration, err error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	if errFile != "" {
		f, err := os.Create(errFile)
		if err != nil {
			return 0, 0, err
		}
		defer f.Close()
		cmd.Stderr = f
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	err = cmd.Wait()
	wall = time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}
