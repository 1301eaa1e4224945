package buildid

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// A Tool names a toolchain program whose ID go mixes into action IDs.
type Tool struct {
	// Name is the tool's name as it prints it in its version line:
	// "compile", "asm", "link", "cover", "vet".
	Name string
	// Path is the program to run, usually GOROOT/pkg/tool/GOOS_GOARCH/Name.
	Path string
	// Custom marks a tool that may be replaced by the user, whose version
	// line may then start with any name; errors name it by Path instead of
	// "go tool Name". go treats the vet tool (the default one or the
	// -vettool program) this way, and no other.
	Custom bool
}

// desc is how go's messages name the tool.
func (t Tool) desc() string {
	if t.Custom {
		return t.Path
	}
	return "go tool " + t.Name
}

// ToolIDArgs returns the command line go runs to learn the ID of t: the
// tool itself with -V=full, behind the -toolexec program if any.
func ToolIDArgs(toolexec []string, t Tool) []string {
	args := append([]string(nil), toolexec...)
	return append(args, t.Path, "-V=full")
}

// ParseToolID returns the tool ID of t given the standard output of its
// -V=full run, such as "compile version go1.26.8" or
// "compile version go1.26.8 X:nodwarf5" or
// "compile version devel go1.27-abcdef Tue ... buildID=AAA/BBB".
//
// For a release toolchain the ID is the whole line without surrounding
// space, so that the same release built on any system yields the same
// action IDs. For a development toolchain ("devel" in the version) it is
// the content part of the tool's own build ID, printed as the last field,
// so that rebuilding the tool invalidates what it built.
//
// The result depends only on its arguments; callers may cache it per tool
// and environment.
func ParseToolID(t Tool, output string) (string, error) {
	f := strings.Fields(output)
	devel := len(f) >= 3 && strings.Contains(f[2], "devel")
	if len(f) < 3 || f[0] != t.Name && !t.Custom || f[1] != "version" ||
		devel && !strings.HasPrefix(f[len(f)-1], "buildID=") {
		// go prints the output as is; drop its final newline, which the
		// printer of this error adds back.
		return "", fmt.Errorf("parsing buildID from %s -V=full: unexpected output:\n\t%s", t.desc(), strings.TrimSuffix(output, "\n"))
	}
	if devel {
		return ContentID(f[len(f)-1]), nil
	}
	return strings.TrimSpace(output), nil
}

// ToolIDError reports a failure to run a tool to learn its ID. go prints
// the tool's standard error, then "go: " and the error.
type ToolIDError struct {
	Desc   string // "go tool compile", or the path of a custom tool
	Err    error  // from running the command
	Stderr string // what the tool wrote on standard error
}

func (e *ToolIDError) Error() string {
	return fmt.Sprintf("error obtaining buildID for %s: %v", e.Desc, e.Err)
}

func (e *ToolIDError) Unwrap() error { return e.Err }

// ToolIDRunner runs tools to learn their IDs.
type ToolIDRunner struct {
	Toolexec []string // -toolexec command line, if any
	Dir      string   // working directory ("" for the current one)
	Env      []string // environment (nil for the current process's)
}

// ToolID runs t with -V=full and returns its tool ID (see ParseToolID).
// Errors are a *ToolIDError if the program cannot be run or fails, or the
// error of ParseToolID; like go's messages, their texts lack the "go: "
// prefix.
func (r ToolIDRunner) ToolID(ctx context.Context, t Tool) (string, error) {
	args := ToolIDArgs(r.Toolexec, t)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = r.Dir
	cmd.Env = r.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", &ToolIDError{Desc: t.desc(), Err: err, Stderr: stderr.String()}
	}
	return ParseToolID(t, stdout.String())
}
