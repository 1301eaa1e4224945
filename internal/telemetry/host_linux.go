package telemetry

import (
	"bytes"
	"syscall"
)

// HostCounters returns the counters that describe the host operating
// system's version: go/platform/host/linux/major-version:M and
// go/platform/host/linux/version:M-N, from uname's release.
func HostCounters() []string {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return []string{"go/platform/host/linux/version:unknown-uname-error"}
	}
	rel := make([]byte, 0, len(u.Release))
	for _, c := range u.Release {
		rel = append(rel, byte(c))
	}
	if i := bytes.IndexByte(rel, 0); i >= 0 {
		rel = rel[:i]
	}
	major, minor, ok := majorMinor(string(rel))
	if !ok {
		return []string{"go/platform/host/linux/version:unknown-bad-format"}
	}
	return []string{
		"go/platform/host/linux/major-version:" + major,
		"go/platform/host/linux/version:" + major + "-" + minor,
	}
}
