package telemetry

const helpTelemetry = `
TODO
`
