package vcs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// revTime parses "revision:unix-seconds".
func revTime(out []byte) (string, time.Time, error) {
	s := string(bytes.TrimSpace(out))
	rev, secs, ok := strings.Cut(s, ":")
	if !ok || rev == "" {
		return "", time.Time{}, errors.New("unrecognized VCS tool output")
	}
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("unrecognized VCS tool output: %v", err)
	}
	return rev, time.Unix(n, 0), nil
}

func gitStatus(ctx context.Context, r *Runner, v *Cmd, dir string) (Status, error) {
	out, err := r.output(ctx, v, dir, "status --porcelain")
	if err != nil {
		return Status{}, err
	}
	st := Status{Uncommitted: len(out) > 0}
	// An empty repository has a status but no log: with changes to
	// report, go stamps them without a revision.
	out, err = r.output(ctx, v, dir, "-c log.showsignature=false log -1 --format=%H:%ct")
	switch {
	case err != nil && !st.Uncommitted:
		return Status{}, err
	case err == nil:
		st.Revision, st.CommitTime, err = revTime(out)
		if err != nil {
			return Status{}, err
		}
	}
	return st, nil
}

func hgStatus(ctx context.Context, r *Runner, v *Cmd, dir string) (Status, error) {
	out, err := r.output(ctx, v, dir, "log -r. -T {node}:{date|hgdate}")
	if err != nil {
		return Status{}, err
	}
	var st Status
	if len(out) > 0 {
		// "node:secs offset": drop the time zone offset.
		if i := bytes.IndexByte(out, ' '); i > 0 {
			out = out[:i]
		}
		st.Revision, st.CommitTime, err = revTime(out)
		if err != nil {
			return Status{}, err
		}
	}
	out, err = r.output(ctx, v, dir, "status -S")
	if err != nil {
		return Status{}, err
	}
	st.Uncommitted = len(out) > 0
	return st, nil
}

func svnStatus(ctx context.Context, r *Runner, v *Cmd, dir string) (Status, error) {
	out, err := r.output(ctx, v, dir, "info --show-item last-changed-revision")
	if err != nil {
		return Status{}, err
	}
	rev := strings.TrimSpace(string(out))
	out, err = r.output(ctx, v, dir, "info --show-item last-changed-date")
	if err != nil {
		return Status{}, err
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(string(out)))
	if err != nil {
		return Status{}, fmt.Errorf("unable to parse output of svn info: %v", err)
	}
	out, err = r.output(ctx, v, dir, "status")
	if err != nil {
		return Status{}, err
	}
	return Status{Revision: rev, CommitTime: t, Uncommitted: len(out) > 0}, nil
}

func bzrStatus(ctx context.Context, r *Runner, v *Cmd, dir string) (Status, error) {
	out, err := r.output(ctx, v, dir, "version-info")
	if err != nil {
		return Status{}, err
	}
	var st Status
	for _, line := range strings.Split(string(out), "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch key {
		case "revision-id":
			st.Revision = value
		case "date":
			st.CommitTime, err = time.Parse("2006-01-02 15:04:05 -0700", value)
			if err != nil {
				return Status{}, errors.New("unable to parse output of bzr version-info")
			}
		}
	}
	out, err = r.output(ctx, v, dir, "status")
	if err != nil {
		return Status{}, err
	}
	// An out-of-date working tree is reported on the first line, which
	// is not a change.
	if bytes.HasPrefix(out, []byte("working tree is out of date")) {
		if i := bytes.IndexByte(out, '\n'); i >= 0 {
			out = out[:i]
		}
	}
	st.Uncommitted = len(out) > 0
	return st, nil
}

func fossilStatus(ctx context.Context, r *Runner, v *Cmd, dir string) (Status, error) {
	errInfo := errors.New("unable to parse output of fossil info")
	out, err := r.output(ctx, v, dir, "info")
	if err != nil {
		return Status{}, err
	}
	// The line of interest: "checkout:     <hash> 2021-09-21 12:00:00 UTC".
	s := string(out)
	i := strings.Index(s, "\ncheckout:")
	if i < 0 {
		return Status{}, errInfo
	}
	s = s[i+len("\ncheckout:"):]
	i = strings.Index(s, " UTC")
	if i < 0 {
		return Status{}, errInfo
	}
	s = strings.TrimSpace(s[:i])
	rev, when, ok := strings.Cut(s, " ")
	if !ok {
		return Status{}, errInfo
	}
	t, err := time.ParseInLocation(time.DateTime, when, time.UTC)
	if err != nil {
		return Status{}, fmt.Errorf("%v: %v", errInfo, err)
	}
	out, err = r.output(ctx, v, dir, "changes --differ")
	if err != nil {
		return Status{}, err
	}
	return Status{Revision: rev, CommitTime: t, Uncommitted: len(out) > 0}, nil
}
