package env

import "os/exec"

// lookPathOS searches the process's own PATH.
func lookPathOS(file string) (string, error) { return exec.LookPath(file) }
