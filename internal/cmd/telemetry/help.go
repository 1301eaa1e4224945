package telemetry

const helpTelemetry = `
Telemetry shows or changes the Go telemetry mode, which is one of:

	off
		no counter data is collected or uploaded.
	local
		counter data is written to the local file system only, never
		uploaded.
	on
		counter data is written locally and sent from time to time to
		https://telemetry.go.dev/, where it helps to improve the Go
		toolchain and related tools and is published in a public data
		set.

The privacy policy is at https://telemetry.go.dev/privacy; collection
follows the Google Privacy Policy (https://policies.google.com/privacy).

"go telemetry" prints the current mode; "go telemetry off", "go
telemetry local" and "go telemetry on" set it.

'go env' reports the mode as GOTELEMETRY and the directory holding the
local data as GOTELEMETRYDIR; neither can be set with 'go env -w'.

More about telemetry: https://go.dev/doc/telemetry.
`
