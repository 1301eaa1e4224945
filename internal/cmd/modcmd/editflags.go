package modcmd

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// This file checks the values of the editing flags of 'go mod edit'.
// Each parser returns the edit to apply later, or go's error for a bad
// value (which stops the command before any later flag is read).

type modEditFunc = func(*modfile.File) error

// relPathError names a file error after the path as the user gave it.
func relPathError(err error, name string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = name
	}
	return err
}

// splitPathVersion splits path@version; a version starting with - or /
// is an error (it would be read as a flag or a file).
func splitPathVersion(arg string) (path, vers string, found bool, err error) {
	path, vers, found = strings.Cut(arg, "@")
	if !found {
		return arg, "", false, nil
	}
	if vers != "" && (vers[0] == '-' || vers[0] == '/') {
		return "", "", false, fmt.Errorf("invalid module version %q", vers)
	}
	return path, vers, true, nil
}

// versionArgOK reports whether a version may be written into go.mod as
// a plain token (not necessarily a semantic version: "master" is fine
// until the next command resolves it).
func versionArgOK(v string) bool { return !modfile.MustQuote(v) }

// pathVersionArg checks -flag=path@version.
func pathVersionArg(flag, arg string) (path, vers string, err error) {
	before, after, found, err := splitPathVersion(arg)
	if err != nil {
		return "", "", fmt.Errorf("go: -%s=%s: %v", flag, arg, err)
	}
	if !found {
		return "", "", fmt.Errorf("go: -%s=%s: need path@version", flag, arg)
	}
	path, vers = strings.TrimSpace(before), strings.TrimSpace(after)
	if err := module.CheckImportPath(path); err != nil {
		return "", "", fmt.Errorf("go: -%s=%s: invalid path: %v", flag, arg, err)
	}
	if !versionArgOK(vers) {
		return "", "", fmt.Errorf("go: -%s=%s: invalid version %q", flag, arg, vers)
	}
	return path, vers, nil
}

// pathArg checks -flag=path (no version).
func pathArg(flag, arg string) (string, error) {
	if strings.Contains(arg, "@") {
		return "", fmt.Errorf("go: -%s=%s: need just path, not path@version", flag, arg)
	}
	if err := module.CheckImportPath(arg); err != nil {
		return "", fmt.Errorf("go: -%s=%s: invalid path: %v", flag, arg, err)
	}
	return arg, nil
}

// optionalVersionArg checks path[@version] for -replace and
// -dropreplace; adj ("old", "new") names the side in errors. With
// allowDir, a directory path is accepted as is.
func optionalVersionArg(adj, arg string, allowDir bool) (path, vers string, err error) {
	if allowDir && modfile.IsDirectoryPath(arg) {
		return arg, "", nil
	}
	before, after, found, err := splitPathVersion(arg)
	if err != nil {
		return "", "", err
	}
	path = arg
	if found {
		path, vers = strings.TrimSpace(before), strings.TrimSpace(after)
	}
	if err := module.CheckImportPath(path); err != nil {
		return path, vers, fmt.Errorf("invalid %s path: %v", adj, err)
	}
	if path != arg && !versionArgOK(vers) {
		return path, vers, fmt.Errorf("invalid %s version: %q", adj, vers)
	}
	return path, vers, nil
}

// versionInterval parses "v1.2.3" or "[v1.2.3,v1.4.5]".
func versionInterval(arg string) (modfile.VersionInterval, error) {
	if !strings.HasPrefix(arg, "[") {
		if !versionArgOK(arg) {
			return modfile.VersionInterval{}, fmt.Errorf("invalid version: %q", arg)
		}
		return modfile.VersionInterval{Low: arg, High: arg}, nil
	}
	bad := fmt.Errorf("invalid version interval: %q", arg)
	if !strings.HasSuffix(arg, "]") {
		return modfile.VersionInterval{}, bad
	}
	low, high, ok := strings.Cut(arg[1:len(arg)-1], ",")
	if !ok {
		return modfile.VersionInterval{}, bad
	}
	low, high = strings.TrimSpace(low), strings.TrimSpace(high)
	if !versionArgOK(low) || !versionArgOK(high) {
		return modfile.VersionInterval{}, bad
	}
	return modfile.VersionInterval{Low: low, High: high}, nil
}

// godebugArg checks -godebug=key=value.
func godebugArg(arg string) (key, value string, err error) {
	key, value, ok := strings.Cut(arg, "=")
	if !ok || strings.ContainsAny(arg, "\"`',") {
		return "", "", fmt.Errorf("go: -godebug=%s: need key=value", arg)
	}
	return key, value, nil
}

// replaceArg checks -replace=old[@v]=new[@w] (for go.mod and go.work).
func replaceArg(arg string) (oldPath, oldVers, newPath, newVers string, err error) {
	before, after, found := strings.Cut(arg, "=")
	if !found {
		return "", "", "", "", fmt.Errorf("go: -replace=%s: need old[@v]=new[@w] (missing =)", arg)
	}
	oldArg, newArg := strings.TrimSpace(before), strings.TrimSpace(after)
	if strings.HasPrefix(newArg, ">") {
		return "", "", "", "", fmt.Errorf("go: -replace=%s: separator between old and new is =, not =>", arg)
	}
	oldPath, oldVers, err = optionalVersionArg("old", oldArg, false)
	if err != nil {
		return "", "", "", "", fmt.Errorf("go: -replace=%s: %v", arg, err)
	}
	newPath, newVers, err = optionalVersionArg("new", newArg, true)
	if err != nil {
		return "", "", "", "", fmt.Errorf("go: -replace=%s: %v", arg, err)
	}
	if newPath == newArg && !modfile.IsDirectoryPath(newArg) {
		return "", "", "", "", fmt.Errorf("go: -replace=%s: unversioned new path must be local directory", arg)
	}
	return oldPath, oldVers, newPath, newVers, nil
}

func parseGodebugEdit(arg string) (modEditFunc, error) {
	key, value, err := godebugArg(arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.AddGodebug(key, value) }, nil
}

func parseDropGodebugEdit(arg string) (modEditFunc, error) {
	return func(f *modfile.File) error { return f.DropGodebug(arg) }, nil
}

func parseRequireEdit(arg string) (modEditFunc, error) {
	path, vers, err := pathVersionArg("require", arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.AddRequire(path, vers) }, nil
}

func parseDropRequireEdit(arg string) (modEditFunc, error) {
	path, err := pathArg("droprequire", arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.DropRequire(path) }, nil
}

func parseExcludeEdit(arg string) (modEditFunc, error) {
	path, vers, err := pathVersionArg("exclude", arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.AddExclude(path, vers) }, nil
}

func parseDropExcludeEdit(arg string) (modEditFunc, error) {
	path, vers, err := pathVersionArg("dropexclude", arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.DropExclude(path, vers) }, nil
}

func parseReplaceEdit(arg string) (modEditFunc, error) {
	oldPath, oldVers, newPath, newVers, err := replaceArg(arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.AddReplace(oldPath, oldVers, newPath, newVers) }, nil
}

func parseDropReplaceEdit(arg string) (modEditFunc, error) {
	path, vers, err := optionalVersionArg("old", arg, true)
	if err != nil {
		return nil, fmt.Errorf("go: -dropreplace=%s: %v", arg, err)
	}
	return func(f *modfile.File) error { return f.DropReplace(path, vers) }, nil
}

func parseRetractEdit(arg string) (modEditFunc, error) {
	vi, err := versionInterval(arg)
	if err != nil {
		return nil, fmt.Errorf("go: -retract=%s: %v", arg, err)
	}
	return func(f *modfile.File) error { return f.AddRetract(vi, "") }, nil
}

func parseDropRetractEdit(arg string) (modEditFunc, error) {
	vi, err := versionInterval(arg)
	if err != nil {
		return nil, fmt.Errorf("go: -dropretract=%s: %v", arg, err)
	}
	return func(f *modfile.File) error { return f.DropRetract(vi) }, nil
}

func parseToolEdit(arg string) (modEditFunc, error) {
	path, err := pathArg("tool", arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.AddTool(path) }, nil
}

func parseDropToolEdit(arg string) (modEditFunc, error) {
	path, err := pathArg("droptool", arg)
	if err != nil {
		return nil, err
	}
	return func(f *modfile.File) error { return f.DropTool(path) }, nil
}

func parseIgnoreEdit(arg string) (modEditFunc, error) {
	return func(f *modfile.File) error { return f.AddIgnore(arg) }, nil
}

func parseDropIgnoreEdit(arg string) (modEditFunc, error) {
	return func(f *modfile.File) error { return f.DropIgnore(arg) }, nil
}
