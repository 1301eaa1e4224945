//go:build !linux

package telemetry

// HostCounters returns the counters that describe the host operating
// system's version. Only Linux is covered so far.
func HostCounters() []string { return nil }
