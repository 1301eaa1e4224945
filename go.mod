module gocmd

go 1.26.0

require (
	golang.org/x/mod v0.42.0
	golang.org/x/term v0.47.0
	golang.org/x/tools v0.51.0
	rsc.io/script v0.0.2
)

require golang.org/x/sys v0.49.0 // indirect
