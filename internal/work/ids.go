package work

import (
	"bytes"
	"errors"
	"io"

	"gocmd/internal/buildid"
	"gocmd/internal/cache"
)

// newHash starts the hash of an action's inputs, salted with the
// toolchain version as go salts its own, so that gocmd and the go command
// of the same toolchain name actions alike and share GOCACHE entries.
func (b *Builder) newHash(name string) *cache.Hash { return b.hasher.NewHash(name) }

// fileHash returns the hash of a file as build IDs encode it, or "" if
// it cannot be read.
func (b *Builder) fileHash(name string) string {
	sum, err := b.hasher.FileHash(b.actual(name))
	if err != nil {
		return ""
	}
	return buildid.HashToString(sum)
}

// actual returns the file holding name's contents: its replacement
// under -overlay, or name itself.
func (b *Builder) actual(name string) string {
	if b.cfg.FS == nil {
		return name
	}
	return b.cfg.FS.Actual(name)
}

// subkey derives the ID of an auxiliary output of an action (its
// compiler output, "stdout"; its linker output, "link-stdout").
func (b *Builder) subkey(parent [32]byte, desc string) [32]byte {
	return b.hasher.Subkey(parent, desc)
}

// cacheAdapter presents a cache.Cache as the builder's Cache.
type cacheAdapter struct{ c cache.Cache }

// NewCache returns the builder's view of a build cache.
func NewCache(c cache.Cache) Cache { return cacheAdapter{c} }

func (a cacheAdapter) GetFile(id [32]byte) (string, error) {
	file, _, err := cache.GetFile(a.c, id)
	return file, err
}

func (a cacheAdapter) GetBytes(id [32]byte) ([]byte, string, error) {
	data, entry, err := cache.GetBytes(a.c, id)
	if err != nil {
		return nil, "", err
	}
	return data, a.c.OutputFile(entry.OutputID), nil
}

func (a cacheAdapter) Put(id [32]byte, r io.ReadSeeker) (string, error) {
	out, _, err := a.c.Put(id, r)
	if err != nil {
		return "", err
	}
	return a.c.OutputFile(out), nil
}

func (a cacheAdapter) PutBytes(id [32]byte, data []byte) error {
	_, err := a.Put(id, bytes.NewReader(data))
	return err
}

func (a cacheAdapter) PutExecutable(id [32]byte, name string, r io.ReadSeeker) (string, error) {
	d, ok := a.c.(interface {
		PutExecutable(cache.ActionID, string, io.ReadSeeker) (cache.OutputID, int64, error)
	})
	if !ok {
		return "", errors.New("cache cannot hold executables")
	}
	out, _, err := d.PutExecutable(id, name, r)
	if err != nil {
		return "", err
	}
	return a.c.OutputFile(out), nil
}

func (a cacheAdapter) Close() error { return a.c.Close() }
