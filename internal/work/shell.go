package work

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"gocmd/internal/load"
	"gocmd/internal/str"
)

// A Shell performs every side effect of a build: running programs,
// writing, copying and removing files. Under -n it only prints the
// equivalent shell commands; under -x it prints them and runs them.
// The printed script is runnable by sh, with $WORK standing for the
// work directory.
//
// One Shell serves the whole build; WithAction returns a view of it
// that attributes output to an action's package.
type Shell struct {
	*shellShared
	action *Action
}

// shellShared is the state all views of a Shell share.
type shellShared struct {
	workDir  string // the real work directory, printed as $WORK
	printN   bool   // -n: print, do not run
	printX   bool   // -x: print and run
	cwd      string // the go command's working directory
	cacheDir string // GOCACHE, whose files are copied, never moved
	environ  []string

	printer   Printer // where build output goes
	mu        sync.Mutex
	scriptDir string // current directory of the printed script

	mkdirMu sync.Mutex
	mkdirs  map[string]*mkdirOnce
}

type mkdirOnce struct {
	once sync.Once
	err  error
}

// ShellConfig configures a Shell.
type ShellConfig struct {
	WorkDir  string
	N, X     bool
	Dir      string   // the go command's working directory
	CacheDir string   // GOCACHE
	Environ  []string // environment of the programs run
	Stderr   io.Writer
	// Printer receives the output; nil means text on Stderr.
	Printer Printer
}

// NewShell returns a Shell for cfg.
func NewShell(cfg ShellConfig) *Shell {
	pr := cfg.Printer
	if pr == nil {
		pr = &TextPrinter{W: cfg.Stderr}
	}
	return &Shell{shellShared: &shellShared{
		workDir:  cfg.WorkDir,
		printN:   cfg.N,
		printX:   cfg.X,
		cwd:      cfg.Dir,
		cacheDir: cfg.CacheDir,
		environ:  cfg.Environ,
		printer:  pr,
	}}
}

// WithAction returns a view of sh whose output belongs to a.
func (sh *Shell) WithAction(a *Action) *Shell {
	return &Shell{shellShared: sh.shellShared, action: a}
}

// pkg is the package the shell's output is about, or nil.
func (sh *Shell) pkg() *load.Package {
	if sh.action == nil {
		return nil
	}
	return sh.action.Package
}

// Printf prints to the build output.
func (sh *Shell) Printf(format string, args ...any) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.printer.Printf(sh.pkg(), format, args...)
}

// Errorf reports the failure of the shell's action.
func (sh *Shell) Errorf(format string, args ...any) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.printer.Errorf(sh.pkg(), format, args...)
}

// showing reports whether commands are printed (-n or -x).
func (sh *Shell) showing() bool { return sh.printN || sh.printX }

// fmtCmd formats a command for printing, writing $WORK for the work
// directory (except in here-documents, which go prints literally).
func (sh *Shell) fmtCmd(format string, args ...any) string {
	cmd := fmt.Sprintf(format, args...)
	if sh.workDir != "" && !strings.HasPrefix(cmd, "cat ") {
		cmd = strings.ReplaceAll(cmd, sh.workDir, "$WORK")
		q := strconv.Quote(sh.workDir)
		if q = q[1 : len(q)-1]; q != sh.workDir {
			cmd = strings.ReplaceAll(cmd, q, "$WORK")
		}
	}
	return cmd
}

// ShowCmd prints a command as -n and -x do. A dir other than "" or "/"
// is the directory the command runs in: when it differs from the
// script's current directory a "cd" line comes first, and words starting
// with dir are shortened to ".".
func (sh *Shell) ShowCmd(dir, format string, args ...any) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	cmd := sh.fmtCmd(format, args...)
	if dir != "" && dir != "/" {
		if dir != sh.scriptDir {
			sh.printer.Printf(sh.pkg(), "%s", sh.fmtCmd("cd %s\n", dir))
			sh.scriptDir = dir
		}
		dot := " ."
		if dir[len(dir)-1] == filepath.Separator {
			dot += string(filepath.Separator)
		}
		cmd = strings.ReplaceAll(" "+cmd, " "+dir, dot)[1:]
	}
	sh.printer.Printf(sh.pkg(), "%s\n", cmd)
}

// WriteFile writes a file the build generates (import configurations,
// empty headers), printing it as an echo or here-document.
func (sh *Shell) WriteFile(file string, text []byte) error {
	if sh.showing() {
		switch {
		case len(text) == 0:
			sh.ShowCmd("", "echo -n > %s # internal", file)
		case bytes.IndexByte(text, '\n') == len(text)-1:
			sh.ShowCmd("", "echo '%s' > %s # internal", bytes.TrimSuffix(text, []byte("\n")), file)
		default:
			sh.ShowCmd("", "cat >%s << 'EOF' # internal\n%sEOF", file, text)
		}
	}
	if sh.printN {
		return nil
	}
	return os.WriteFile(file, text, 0o666)
}

// Mkdir creates dir and its parents, once per build.
func (sh *Shell) Mkdir(dir string) error {
	if dir == "" {
		return nil
	}
	sh.mkdirMu.Lock()
	if sh.mkdirs == nil {
		sh.mkdirs = map[string]*mkdirOnce{}
	}
	m := sh.mkdirs[dir]
	if m == nil {
		m = new(mkdirOnce)
		sh.mkdirs[dir] = m
	}
	sh.mkdirMu.Unlock()
	m.once.Do(func() {
		if sh.showing() {
			sh.ShowCmd("", "mkdir -p %s", dir)
			if sh.printN {
				return
			}
		}
		m.err = os.MkdirAll(dir, 0o777)
	})
	return m.err
}

// made reports whether Mkdir was asked to create dir.
func (sh *Shell) made(dir string) bool {
	sh.mkdirMu.Lock()
	defer sh.mkdirMu.Unlock()
	return sh.mkdirs[dir] != nil
}

// RemoveAll removes the paths like rm -rf, reporting the first error.
func (sh *Shell) RemoveAll(paths ...string) error {
	if sh.showing() {
		show := false
		for _, p := range paths {
			if sh.made(p) {
				show = true
			} else if _, err := os.Stat(p); !os.IsNotExist(err) {
				show = true
			}
		}
		if show {
			sh.ShowCmd("", "rm -rf %s", strings.Join(paths, " "))
		}
	}
	if sh.printN {
		return nil
	}
	var first error
	for _, p := range paths {
		if err := os.RemoveAll(p); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Symlink creates newname pointing to oldname, unless it already does.
func (sh *Shell) Symlink(oldname, newname string) error {
	if link, err := os.Readlink(newname); err == nil && link == oldname {
		return nil
	}
	if sh.showing() {
		sh.ShowCmd("", "ln -s %s %s", oldname, newname)
		if sh.printN {
			return nil
		}
	}
	return os.Symlink(oldname, newname)
}

// MoveOrCopyFile puts src at dst with permissions perm (as adjusted by
// the umask), renaming when it can and copying otherwise (always for
// files in the build cache).
func (sh *Shell) MoveOrCopyFile(dst, src string, perm fs.FileMode, force bool) error {
	if sh.printN {
		sh.ShowCmd("", "mv %s %s", src, dst)
		return nil
	}
	if err := checkDstOverwrite(dst, force); err != nil {
		return err
	}
	if sh.cacheDir != "" && strings.HasPrefix(src, sh.cacheDir) || runtime.GOOS == "windows" {
		return sh.CopyFile(dst, src, perm, force)
	}
	if fi, err := os.Stat(filepath.Dir(dst)); err == nil && fi.IsDir() && fi.Mode()&fs.ModeSetgid != 0 {
		return sh.CopyFile(dst, src, perm, force)
	}
	mode := umasked(dst, perm)
	if err := os.Chmod(src, mode); err == nil {
		if err := os.Rename(src, dst); err == nil {
			if sh.printX {
				sh.ShowCmd("", "mv %s %s", src, dst)
			}
			return nil
		}
	}
	return sh.CopyFile(dst, src, perm, force)
}

// umasked returns perm as the umask lets files be created next to dst,
// found by creating a probe file.
func umasked(dst string, perm fs.FileMode) fs.FileMode {
	f, err := os.OpenFile(filepath.Clean(dst)+"-go-tmp-umask", os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return perm
	}
	mode := perm
	if fi, err := f.Stat(); err == nil {
		mode = fi.Mode() & 0o777
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return mode
}

// CopyFile copies src to dst like cp.
func (sh *Shell) CopyFile(dst, src string, perm fs.FileMode, force bool) error {
	if sh.showing() {
		sh.ShowCmd("", "cp %s %s", src, dst)
		if sh.printN {
			return nil
		}
	}
	sf, err := os.Open(src)
	if err != nil {
		return err
	}
	defer sf.Close()
	if err := checkDstOverwrite(dst, force); err != nil {
		return err
	}
	removeRegular(dst)
	df, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return fmt.Errorf("copying %s: %w", src, err)
	}
	_, err = io.Copy(df, sf)
	df.Close()
	if err != nil {
		removeRegular(dst)
		return fmt.Errorf("copying %s to %s: %v", src, dst, err)
	}
	return nil
}

// removeRegular removes name if it is a regular file.
func removeRegular(name string) {
	if fi, err := os.Lstat(name); err == nil && !fi.Mode().IsRegular() {
		return
	}
	os.Remove(name)
}

// checkDstOverwrite refuses to replace a directory, or (unless force) a
// non-empty file that is not an object or executable the build made.
func checkDstOverwrite(dst string, force bool) error {
	fi, err := os.Stat(dst)
	if err != nil {
		return nil
	}
	if fi.IsDir() {
		return fmt.Errorf("build output %q already exists and is a directory", dst)
	}
	if !force && fi.Mode().IsRegular() && fi.Size() != 0 && !isObject(dst) {
		return fmt.Errorf("build output %q already exists and is not an object file", dst)
	}
	return nil
}

// objectMagic are the first bytes of the files the go command may
// overwrite: archives and executables of every supported format.
var objectMagic = [][]byte{
	[]byte("!<arch>\n"),
	[]byte("\x7FELF"),
	{0xFE, 0xED, 0xFA, 0xCE}, {0xFE, 0xED, 0xFA, 0xCF},
	{0xCE, 0xFA, 0xED, 0xFE}, {0xCF, 0xFA, 0xED, 0xFE},
	{0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00},
	{0x4d, 0x5a, 0x78, 0x00, 0x01, 0x00},
	{0x00, 0x00, 0x01, 0xEB}, {0x00, 0x00, 0x8a, 0x97}, {0x00, 0x00, 0x06, 0x47},
	{0x00, 0x61, 0x73, 0x6D},
	{0x01, 0xDF}, {0x01, 0xF7},
}

func isObject(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 64)
	io.ReadFull(f, buf)
	for _, m := range objectMagic {
		if bytes.HasPrefix(buf, m) {
			return true
		}
	}
	return false
}

// Run runs a program in dir with env added to the environment. A
// failure, or output even without failure, is reported under a "# desc"
// header (desc "" means the action's package description); see report.
func (sh *Shell) Run(dir, desc string, env []string, args ...string) error {
	out, err := sh.RunOut(dir, env, args...)
	if desc == "" {
		desc = sh.fmtCmd("%s", strings.Join(args, " "))
	}
	return sh.Report(desc, dir, out, err)
}

// RunOut runs a program and returns its combined output.
func (sh *Shell) RunOut(dir string, env []string, args ...string) ([]byte, error) {
	for _, arg := range args {
		if strings.HasPrefix(arg, "@") {
			return nil, fmt.Errorf("invalid command-line argument %s in command: %s", arg, JoinUnambiguously(args))
		}
	}
	if sh.showing() {
		var line strings.Builder
		for _, kv := range env {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			if strings.ContainsRune(v, '\'') {
				fmt.Fprintf(&line, "%s=%q ", k, v)
			} else {
				fmt.Fprintf(&line, "%s='%s' ", k, v)
			}
		}
		line.WriteString(JoinUnambiguously(args))
		sh.ShowCmd(dir, "%s", line.String())
		if sh.printN {
			return nil, nil
		}
	}
	path, err := exec.LookPath(args[0])
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, args[1:]...)
	cmd.Args[0] = path
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	if dir != "." {
		cmd.Dir = dir
	}
	cmd.Env = withPWD(sh.environ, cmd.Dir, sh.cwd)
	if a := sh.action; a != nil && a.Package != nil {
		cmd.Env = append(cmd.Env, "TOOLEXEC_IMPORTPATH="+a.Package.Desc())
	}
	cmd.Env = append(cmd.Env, env...)
	cleanup := responseFiles(cmd)
	defer cleanup()
	start := time.Now()
	err = cmd.Run()
	if a := sh.action; a != nil {
		a.recordCmd(args, time.Since(start), cmd.ProcessState)
	}
	if err != nil {
		err = errors.New(args[0] + ": " + err.Error())
	}
	return buf.Bytes(), err
}

// withPWD returns environ with PWD set to the directory a program runs
// in, as os/exec does for the go command.
func withPWD(environ []string, dir, cwd string) []string {
	if dir == "" {
		dir = cwd
	}
	out := make([]string, 0, len(environ)+1)
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "PWD=") {
			out = append(out, kv)
		}
	}
	if filepath.IsAbs(dir) {
		out = append(out, "PWD="+dir)
	}
	return out
}

// Report handles the output and error of a program the build ran. Empty
// output and no error: nothing. Output without error: printed under a
// "# desc" header (or kept with the action's output). An error: returned,
// carrying the output when there is some. Mentions of the work directory
// become $WORK and mentions of dir (and its parents) become relative
// paths when shorter.
func (sh *Shell) Report(desc, dir string, out []byte, runErr error) error {
	if len(out) == 0 {
		return runErr
	}
	var importPath, pkgDesc string
	if a := sh.action; a != nil && a.Package != nil {
		importPath = a.Package.ImportPath
		pkgDesc = a.Package.Desc()
		if desc == "" {
			desc = pkgDesc
		}
		if dir == "" {
			dir = a.Package.Dir
		}
	}
	text := string(out)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text = replacePrefix(text, sh.workDir, "$WORK")
	for d := dir; d != ""; {
		if rel := shortPath(sh.cwd, d); rel != d {
			text = replacePrefix(text, d, rel)
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if !sh.printX && cgoLineRE().MatchString(text) {
		text = cgoLineRE().ReplaceAllString(text, "")
		text = cgoTypeRE().ReplaceAllString(text, "C.")
	}
	e := &CmdError{Desc: desc, Text: text, Path: importPath, needsPath: importPath != "" && desc != pkgDesc}
	if runErr != nil {
		return e
	}
	if a := sh.action; a != nil && a.output != nil {
		a.output = append(a.output, e.Error()...)
		return nil
	}
	sh.Printf("%s", e)
	return nil
}

var (
	cgoLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[[^\[\]]+\.(cgo1|cover)\.go:[0-9]+(:[0-9]+)?\]`) })
	cgoTypeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b_C2?(type|func|var|macro)_\B`) })
)

// A CmdError is the output of a failed (or chatty) program, printed under
// a "# desc" header.
type CmdError struct {
	Desc      string
	Text      string
	Path      string // import path of the package being built
	needsPath bool   // desc does not name the package: add a line that does
}

func (e *CmdError) Error() string {
	if e.needsPath {
		return fmt.Sprintf("# %s\n# [%s]\n", e.Path, e.Desc) + e.Text
	}
	return "# " + e.Desc + "\n" + e.Text
}

// ImportPath returns the import path of the package whose build failed.
func (e *CmdError) ImportPath() string { return e.Path }

// replacePrefix replaces old by new where it starts a line or follows a
// space or tab.
func replacePrefix(s, old, new string) string {
	if old == "" || !strings.Contains(s, old) {
		return s
	}
	s = strings.ReplaceAll(s, " "+old, " "+new)
	s = strings.ReplaceAll(s, "\n"+old, "\n"+new)
	s = strings.ReplaceAll(s, "\n\t"+old, "\n\t"+new)
	if strings.HasPrefix(s, old) {
		s = new + s[len(old):]
	}
	return s
}

// shortPath returns path relative to cwd when that is shorter and names
// the same file.
func shortPath(cwd, path string) string {
	rel, err := filepath.Rel(cwd, path)
	if err != nil || len(rel) >= len(path) {
		return path
	}
	fi1, err1 := os.Stat(filepath.Join(cwd, rel))
	fi2, err2 := os.Stat(path)
	if err1 == nil && err2 == nil && os.SameFile(fi1, fi2) {
		return rel
	}
	return path
}

// JoinUnambiguously joins a command line for printing (see
// str.JoinUnambiguously).
func JoinUnambiguously(args []string) string { return str.JoinUnambiguously(args) }

// argLengthLimit is the command-line length beyond which the toolchain
// programs get their arguments in a response file.
const argLengthLimit = 30 << 10

// responseFiles moves the arguments of a long command line of a
// toolchain program into a response file ("@file", one argument a line,
// with backslashes and newlines escaped). It returns the cleanup.
func responseFiles(cmd *exec.Cmd) func() {
	n := 0
	for _, arg := range cmd.Args {
		n += len(arg)
	}
	switch strings.TrimSuffix(filepath.Base(cmd.Path), ".exe") {
	case "compile", "link", "cgo", "asm", "cover":
	default:
		return func() {}
	}
	if n <= argLengthLimit {
		return func() {}
	}
	f, err := os.CreateTemp("", "args")
	if err != nil {
		return func() {}
	}
	var buf bytes.Buffer
	esc := strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	for _, arg := range cmd.Args[1:] {
		buf.WriteString(esc.Replace(arg))
		buf.WriteByte('\n')
	}
	_, werr := f.Write(buf.Bytes())
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return func() {}
	}
	cmd.Args = []string{cmd.Args[0], "@" + f.Name()}
	return func() { os.Remove(f.Name()) }
}
