package cache

import (
	"io/fs"
	"syscall"
)

// sysStat adds the inode, device and status change time to st: a file
// replaced by another, or rewritten with its old modification time
// restored, is then still seen as changed.
func sysStat(fi fs.FileInfo, st *fileStat) {
	if s, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.ino = uint64(s.Ino)
		st.dev = uint64(s.Dev)
		st.ctime = uint64(s.Ctim.Sec)*1e9 + uint64(s.Ctim.Nsec)
	}
}
