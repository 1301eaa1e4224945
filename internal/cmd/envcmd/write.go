package envcmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gocmd/internal/base"
	"gocmd/internal/env"
	"gocmd/internal/str"
)

// runWrite implements 'go env -w NAME=VALUE...'.
func runWrite(inv *base.Invocation, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("go: no KEY=VALUE arguments given")
	}
	e := inv.Env
	add := make(map[string]string)
	for _, arg := range args {
		key, val, ok := strings.Cut(arg, "=")
		if !ok {
			return fmt.Errorf("go: arguments must be KEY=VALUE: invalid argument: %s", arg)
		}
		if err := checkWrite(e, key, val); err != nil {
			return fmt.Errorf("go: %v", err)
		}
		if _, dup := add[key]; dup {
			return fmt.Errorf("go: multiple values for key: %s", key)
		}
		add[key] = val
		if osVal := origEnv(inv, key); osVal != "" && osVal != val {
			fmt.Fprintf(inv.Stderr, "warning: go env -w %s=... does not override conflicting OS environment variable\n", key)
		}
	}
	if err := checkBuildConfig(inv, add, nil); err != nil {
		return fmt.Errorf("go: %v", err)
	}
	if tmp, ok := add["GOTMPDIR"]; ok && tmp != "" && !filepath.IsAbs(tmp) {
		return fmt.Errorf("go: GOTMPDIR must be an absolute path")
	}
	return updateEnvFile(e, add, nil)
}

// runUnset implements 'go env -u NAME...'.
func runUnset(inv *base.Invocation, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("go: 'go env -u' requires an argument")
	}
	e := inv.Env
	del := make(map[string]bool)
	var order []string
	for _, arg := range args {
		if err := checkWrite(e, arg, ""); err != nil {
			return fmt.Errorf("go: %v", err)
		}
		if !del[arg] {
			order = append(order, arg)
		}
		del[arg] = true
	}
	if err := checkBuildConfig(inv, nil, del); err != nil {
		return fmt.Errorf("go: %v", err)
	}
	return updateEnvFile(e, nil, order)
}

// checkWrite checks that key may be set to val in the go env file.
func checkWrite(e *env.Env, key, val string) error {
	switch key {
	case "GOEXE", "GOGCCFLAGS", "GOHOSTARCH", "GOHOSTOS", "GOMOD", "GOWORK", "GOTOOLDIR", "GOVERSION", "GOTELEMETRY", "GOTELEMETRYDIR":
		return fmt.Errorf("%s cannot be modified", key)
	case "GOENV", "GODEBUG":
		return fmt.Errorf("%s can only be set using the OS environment", key)
	}
	if !e.CanGet(key) {
		return fmt.Errorf("unknown go command variable %s", key)
	}
	switch key {
	case "GO111MODULE":
		switch val {
		case "", "auto", "on", "off":
		default:
			return fmt.Errorf("invalid %s value %q", key, val)
		}
	case "GOPATH":
		if strings.HasPrefix(val, "~") {
			return fmt.Errorf("GOPATH entry cannot start with shell metacharacter '~': %q", val)
		}
		if !filepath.IsAbs(val) && val != "" {
			return fmt.Errorf("GOPATH entry is relative; must be absolute path: %q", val)
		}
	case "GOMODCACHE":
		if !filepath.IsAbs(val) && val != "" {
			return fmt.Errorf("GOMODCACHE entry is relative; must be absolute path: %q", val)
		}
	case "CC", "CXX":
		if val == "" {
			break
		}
		words, err := str.SplitQuotedFields(val)
		if err != nil {
			return fmt.Errorf("invalid %s: %v", key, err)
		}
		if len(words) == 0 {
			return fmt.Errorf("%s entry cannot contain only space", key)
		}
		if !filepath.IsAbs(words[0]) && words[0] != filepath.Base(words[0]) {
			return fmt.Errorf("%s entry is relative; must be absolute path: %q", key, words[0])
		}
	}
	if !utf8.ValidString(val) {
		return fmt.Errorf("invalid UTF-8 in %s=... value", key)
	}
	if strings.Contains(val, "\x00") {
		return fmt.Errorf("invalid NUL in %s=... value", key)
	}
	if strings.ContainsAny(val, "\v\r\n") {
		return fmt.Errorf("invalid newline in %s=... value", key)
	}
	return nil
}

// checkBuildConfig checks that GOOS, GOARCH and GOEXPERIMENT stay valid
// once the settings in add are made and those in del removed.
func checkBuildConfig(inv *base.Invocation, add map[string]string, del map[string]bool) error {
	e := inv.Env
	get := func(key, cur, def string) (string, bool) {
		if v, ok := add[key]; ok {
			return v, true
		}
		if del[key] {
			if v := origEnv(inv, key); v != "" {
				return v, true
			}
			return def, true
		}
		return cur, false
	}
	goos, okOS := get("GOOS", e.GOOS(), e.StdlibGOOS())
	goarch, okArch := get("GOARCH", e.GOARCH(), e.StdlibGOARCH())
	if okOS || okArch {
		if err := env.CheckPort(goos, goarch); err != nil {
			return err
		}
	}
	exp, okExp := get("GOEXPERIMENT", e.Get("GOEXPERIMENT"), env.DefaultGOEXPERIMENT)
	if okExp {
		if _, err := env.ParseGOEXPERIMENT(goos, goarch, exp); err != nil {
			return err
		}
	}
	return nil
}

// updateEnvFile rewrites the user's go env file with the changes.
func updateEnvFile(e *env.Env, add map[string]string, del []string) error {
	file := e.GOENVFile()
	mustExist := len(add) == 0
	if file == "" {
		return fmt.Errorf("go: cannot find go env config: %v", e.GOENVFileError())
	}
	data, err := os.ReadFile(file)
	if err != nil && (!errors.Is(err, fs.ErrNotExist) || mustExist) {
		return fmt.Errorf("go: reading go env config: %v", err)
	}
	out := []byte(env.EditEnvFile(string(data), add, del))
	if err := os.WriteFile(file, out, 0o666); err != nil {
		os.MkdirAll(filepath.Dir(file), 0o777)
		if err := os.WriteFile(file, out, 0o666); err != nil {
			return fmt.Errorf("go: writing go env config: %v", err)
		}
	}
	return nil
}
