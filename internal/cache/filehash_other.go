//go:build !linux

package cache

import "io/fs"

// sysStat adds nothing beyond size, mode and modification time on
// systems other than Linux.
func sysStat(fi fs.FileInfo, st *fileStat) {}
