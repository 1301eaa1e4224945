package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"gocmd/internal/str"
)

// Auth supplies credentials for https requests as GOAUTH says ('go
// help goauth'): a semicolon-separated list of "off", "netrc", "git
// DIR" and commands printing URL prefixes and headers. Its Add method
// is a Client's Auth hook. An Auth may be used concurrently.
type Auth struct {
	// GOAUTH is the setting; "" means netrc.
	GOAUTH string
	// NetrcFile is the netrc file ($NETRC or ~/.netrc); "" for none.
	NetrcFile string
	// Environ is the environment of the commands run (nil: the
	// process's).
	Environ []string
	// Log, if set, receives the errors of the credential sources for a
	// URL that got none (go prints them under -x).
	Log func(string)

	once  sync.Once
	fatal error

	mu    sync.Mutex
	creds map[string]http.Header // URL prefix without scheme → headers
}

// Add adds the credentials known for req's URL to req. res is nil for
// a first attempt; for the retry after a 4xx response it is that
// response, and the sources are asked again about the URL. The error
// is a broken GOAUTH setting.
func (a *Auth) Add(req *http.Request, res *http.Response) error {
	if a.setting() == "off" {
		return nil
	}
	a.once.Do(func() { a.fatal = a.run(nil, "") })
	if a.fatal != nil {
		return a.fatal
	}
	u := req.URL.String()
	if res != nil {
		if err := a.run(res, u); err != nil {
			return err
		}
	}
	a.load(req.Header, u)
	return nil
}

func (a *Auth) setting() string {
	if a.GOAUTH == "" {
		return "netrc"
	}
	return a.GOAUTH
}

// run asks every source, last first so that earlier ones win.
func (a *Auth) run(res *http.Response, u string) error {
	setting := a.setting()
	cmds := strings.Split(setting, ";")
	slices.Reverse(cmds)
	var errs []error
	for _, cmd := range cmds {
		cmd = strings.TrimSpace(cmd)
		words := strings.Fields(cmd)
		if len(words) == 0 {
			return fmt.Errorf("go: GOAUTH encountered an empty command (GOAUTH=%s)", setting)
		}
		switch words[0] {
		case "off":
			if len(cmds) != 1 {
				return fmt.Errorf("go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=%s)", setting)
			}
			return nil
		case "netrc":
			lines, err := readNetrc(a.NetrcFile)
			if err != nil {
				errs = append(errs, fmt.Errorf("GOAUTH=%s: %v", cmd, err))
				continue
			}
			for i := len(lines) - 1; i >= 0; i-- {
				h := http.Header{}
				r := http.Request{Header: h}
				r.SetBasicAuth(lines[i].login, lines[i].password)
				a.store(lines[i].machine, h)
			}
		case "git":
			if len(words) != 2 {
				return errors.New("go: GOAUTH=git dir method requires an absolute path to the git working directory")
			}
			dir := words[1]
			if !filepath.IsAbs(dir) {
				return errors.New("go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute")
			}
			fi, err := os.Stat(dir)
			if err != nil {
				return fmt.Errorf("go: GOAUTH=git encountered an error; cannot stat %s: %v", dir, err)
			}
			if !fi.IsDir() {
				return errors.New("go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory")
			}
			if u == "" {
				continue
			}
			prefix, h, err := a.gitCredential(dir, u)
			if err != nil {
				errs = append(errs, fmt.Errorf("GOAUTH=%s: %v", cmd, err))
				continue
			}
			a.store(prefix, h)
		default:
			creds, err := a.command(cmd, u, res)
			if err != nil {
				errs = append(errs, fmt.Errorf("GOAUTH=%s: %v", cmd, err))
				continue
			}
			for p, h := range creds {
				a.store(p, h)
			}
		}
	}
	if a.Log != nil && u != "" && len(errs) > 0 && !a.load(http.Header{}, u) {
		a.Log(fmt.Sprintf("go: GOAUTH encountered errors for %s:", u))
		for _, err := range errs {
			a.Log(fmt.Sprintf("go:   %v", err))
		}
	}
	return nil
}

func trimPrefix(p string) string {
	return strings.TrimSuffix(strings.TrimPrefix(p, "https://"), "/")
}

func (a *Auth) store(prefix string, h http.Header) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.creds == nil {
		a.creds = map[string]http.Header{}
	}
	prefix = trimPrefix(prefix)
	if len(h) == 0 {
		delete(a.creds, prefix)
	} else {
		a.creds[prefix] = h
	}
}

// load adds the headers of the longest stored prefix of u (cut at
// slashes) to dst, reporting whether there was one.
func (a *Auth) load(dst http.Header, u string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := trimPrefix(u)
	for {
		if h, ok := a.creds[p]; ok {
			for k, vs := range h {
				for _, v := range vs {
					dst.Add(k, v)
				}
			}
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

type netrcLine struct{ machine, login, password string }

// readNetrc reads the machine entries of a netrc file; a missing file
// has none.
func readNetrc(file string) ([]netrcLine, error) {
	if file == "" {
		return nil, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	return parseNetrc(string(data)), nil
}

// parseNetrc returns the complete machine/login/password entries of a
// netrc file, skipping macdef bodies and stopping at "default".
func parseNetrc(data string) []netrcLine {
	var out []netrcLine
	var l netrcLine
	inMacro := false
	for _, line := range strings.Split(data, "\n") {
		if inMacro {
			inMacro = line != ""
			continue
		}
		f := strings.Fields(line)
		i := 0
		for ; i < len(f)-1; i += 2 {
			switch f[i] {
			case "machine":
				l = netrcLine{machine: f[i+1]}
			case "login":
				l.login = f[i+1]
			case "password":
				l.password = f[i+1]
			case "macdef":
				inMacro = true
			}
			if l.machine != "" && l.login != "" && l.password != "" {
				out = append(out, l)
				l = netrcLine{}
			}
		}
		if i < len(f) && f[i] == "default" {
			break
		}
	}
	return out
}

// gitCredential asks 'git credential fill' in dir for u, and tells the
// credential helper in the background whether the answer works.
func (a *Auth) gitCredential(dir, u string) (string, http.Header, error) {
	cmd := exec.Command("git", "credential", "fill")
	cmd.Dir = dir
	cmd.Env = a.Environ
	cmd.Stdin = strings.NewReader("url=" + u + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", nil, fmt.Errorf("'git credential fill' failed (url=%s): %w\n%s", u, err, out)
	}
	prefix, user, pass := parseGitCredential(out)
	if prefix == "" {
		return "", nil, fmt.Errorf("'git credential fill' failed for url=%s, could not parse url\n", u)
	}
	if !strings.HasPrefix(u, prefix) {
		return "", nil, fmt.Errorf("requested a credential for %s, but 'git credential fill' provided one for %s\n", u, prefix)
	}
	req, err := http.NewRequest("HEAD", prefix, nil)
	if err != nil {
		return "", nil, fmt.Errorf("internal error constructing HTTP HEAD request: %v\n", err)
	}
	req.SetBasicAuth(user, pass)
	go a.confirmGitCredential(req, out)
	return prefix, req.Header, nil
}

func parseGitCredential(data []byte) (prefix, user, pass string) {
	p := new(url.URL)
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		switch k {
		case "protocol":
			p.Scheme = v
		case "host":
			p.Host = v
		case "path":
			p.Path = v
		case "username":
			user = v
		case "password":
			pass = v
		case "url":
			if u, err := url.ParseRequestURI(v); err == nil {
				p = u
			}
		}
	}
	return p.String(), user, pass
}

// confirmGitCredential tries the credential and runs 'git credential
// approve' or 'reject' as the server answers 200 or 401.
func (a *Auth) confirmGitCredential(req *http.Request, fill []byte) {
	for range 3 {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusUnauthorized {
			action := "reject"
			if res.StatusCode == http.StatusOK {
				action = "approve"
			}
			cmd := exec.Command("git", "credential", action)
			cmd.Env = a.Environ
			cmd.Stdin = bytes.NewReader(fill)
			cmd.Run()
			return
		}
	}
}

// command runs a GOAUTH command (with the URL and the failed response
// on stdin for a retry) and parses the credentials it prints.
func (a *Auth) command(command, u string, res *http.Response) (map[string]http.Header, error) {
	words, err := str.SplitQuotedFields(command)
	if err != nil || len(words) == 0 {
		return nil, fmt.Errorf("cannot parse GOAUTH command %s: %v", command, err)
	}
	cmd := exec.CommandContext(context.Background(), words[0], words[1:]...)
	cmd.Env = a.Environ
	if u != "" {
		cmd.Args = append(cmd.Args, u)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if res != nil {
		var b strings.Builder
		b.WriteString(res.Proto + " " + res.Status + "\n")
		for k, v := range res.Header {
			b.WriteString(k + ": " + strings.Join(v, ", ") + "\n")
		}
		b.WriteString("\n")
		cmd.Stdin = strings.NewReader(b.String())
	}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("could not run command %s: %v\n%s", command, err, stderr.String())
	}
	creds, err := parseAuthOutput(string(out))
	if err != nil {
		return nil, fmt.Errorf("cannot parse output of GOAUTH command %s: %v", command, err)
	}
	return creds, nil
}

// parseAuthOutput reads credential sets: URL lines, a blank line,
// header lines, a blank line.
func parseAuthOutput(data string) (map[string]http.Header, error) {
	creds := map[string]http.Header{}
	for data != "" {
		var line string
		var ok bool
		var urls []string
		for {
			if line, data, ok = strings.Cut(data, "\n"); !ok {
				return nil, errors.New("invalid format: missing empty line after URLs")
			}
			if line == "" {
				break
			}
			u, err := url.ParseRequestURI(line)
			if err != nil {
				return nil, fmt.Errorf("could not parse URL %s: %v", line, err)
			}
			urls = append(urls, u.String())
		}
		h := http.Header{}
		for {
			if line, data, ok = strings.Cut(data, "\n"); !ok {
				return nil, errors.New("invalid format: missing empty line after headers")
			}
			if line == "" {
				break
			}
			name, value, ok := strings.Cut(line, ": ")
			value = strings.TrimSpace(value)
			if !ok || !validHeaderName(name) || !validHeaderValue(value) {
				return nil, errors.New("invalid format: invalid header line")
			}
			h.Add(name, value)
		}
		for _, u := range urls {
			creds[strings.TrimPrefix(u, "https://")] = h.Clone()
		}
	}
	return creds, nil
}

// validHeaderName reports whether v is an HTTP token.
func validHeaderName(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}

// validHeaderValue reports whether v has no control characters other
// than spaces and tabs.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < ' ' || c == 0x7f) && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}
