package tool

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"gocmd/internal/base"
	"gocmd/internal/env"
)

// distList does what 'go tool dist list' does when the toolchain has no
// dist program (distributions leave it out). It reports false, letting
// the caller report the missing tool, for flags it does not know.
func distList(inv *base.Invocation, args []string) bool {
	fs := flag.NewFlagSet("go tool dist list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	jsonOut := fs.Bool("json", false, "")
	broken := fs.Bool("broken", false, "")
	fs.Bool("v", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return false
	}
	type port struct {
		GOOS         string
		GOARCH       string
		CgoSupported bool
		FirstClass   bool
		Broken       bool `json:",omitempty"`
	}
	var ports []port
	for _, p := range env.Ports() {
		if p.Broken && !*broken {
			continue
		}
		if !*jsonOut {
			fmt.Fprintf(inv.Stdout, "%s/%s\n", p.GOOS, p.GOARCH)
			continue
		}
		ports = append(ports, port{p.GOOS, p.GOARCH, p.CgoSupported, p.FirstClass, p.Broken})
	}
	if !*jsonOut {
		return true
	}
	out, err := json.MarshalIndent(ports, "", "\t")
	if err != nil {
		return false
	}
	inv.Stdout.Write(out)
	return true
}
