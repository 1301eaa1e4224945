package envcmd

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"unicode"

	"gocmd/internal/base"
	"gocmd/internal/env"
)

// printScript prints vars sorted by name as a script for the host's
// shell (sh, rc on Plan 9, cmd on Windows).
func printScript(inv *base.Invocation, vars []env.Var, onlyChanged bool) error {
	return writeScript(inv.Stdout, inv.Stderr, runtime.GOOS, vars, onlyChanged)
}

func writeScript(w, errw io.Writer, goos string, vars []env.Var, onlyChanged bool) error {
	vars = slices.Clone(vars)
	slices.SortFunc(vars, func(a, b env.Var) int { return strings.Compare(a.Name, b.Name) })
	var failed error
	for _, v := range vars {
		if v.Name == "TERM" {
			continue
		}
		if goos != "plan9" && strings.Contains(v.Value, "\x00") {
			return fmt.Errorf("go: internal error: encountered null byte in environment variable %s on non-plan9 platform", v.Name)
		}
		if onlyChanged && !v.Changed {
			continue
		}
		switch goos {
		default:
			fmt.Fprintf(w, "%s=%s\n", v.Name, ShellQuote(v.Value))
		case "plan9":
			fmt.Fprintf(w, "%s=%s\n", v.Name, rcQuote(v.Value))
		case "windows":
			if strings.ContainsFunc(v.Value, unquotableInBatch) {
				fmt.Fprintf(errw, "go: stripping unprintable or unescapable characters from %%%q%%\n", v.Name)
				failed = base.Exit(1)
			}
			fmt.Fprintf(w, "set %s=%s\n", v.Name, BatchEscape(v.Value))
		}
	}
	return failed
}

// ShellQuote quotes s for a POSIX shell: in single quotes, with each
// single quote written as '\”.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// rcQuote quotes s for Plan 9's rc; a value with NUL bytes is a list.
func rcQuote(s string) string {
	if !strings.Contains(s, "\x00") {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	parts := strings.Split(s, "\x00")
	for i, p := range parts {
		parts[i] = "'" + strings.ReplaceAll(p, "'", "''") + "'"
	}
	return "(" + strings.Join(parts, " ") + ")"
}

// unquotableInBatch reports whether r cannot appear in a Windows "set"
// command.
func unquotableInBatch(r rune) bool {
	if r == '\r' || r == '\n' {
		return true
	}
	return !unicode.IsGraphic(r) && !unicode.IsSpace(r)
}

// BatchEscape escapes s for a Windows "set" command, replacing runes it
// cannot express with U+FFFD.
func BatchEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unquotableInBatch(r):
			b.WriteRune(unicode.ReplacementChar)
		case r == '%':
			b.WriteString("%%")
		case strings.ContainsRune("<>|&^", r):
			b.WriteByte('^')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// printJSON prints vars as one JSON object with sorted keys.
func printJSON(w io.Writer, vars []env.Var, onlyChanged bool) error {
	m := make(map[string]string)
	for _, v := range vars {
		if v.Name == "TERM" || onlyChanged && !v.Changed {
			continue
		}
		m[v.Name] = v.Value
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "\t")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("go: %s", err)
	}
	return nil
}
