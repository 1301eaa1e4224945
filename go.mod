module gocmd

go 1.26.0
