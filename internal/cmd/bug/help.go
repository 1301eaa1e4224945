package bug

const helpBug = `
Bug starts a new bug report for the Go project: it gathers information
about this system (Go version, operating system, environment, C compiler)
into a bug report template and opens the issue tracker with it in the
default web browser. If no browser can be opened, it prints the report
so that it can be filed by hand.
`
