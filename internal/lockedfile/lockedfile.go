// Package lockedfile opens files under advisory file-system locks, so that
// several go commands (ours and the real one) can read and update shared
// files such as GOCACHE/trim.txt, GOCACHE/testexpire.txt and module cache
// lock files without tearing them. Readers hold a shared lock, writers an
// exclusive one; the locks are the same flock(2) locks cmd/go takes, so the
// two programs exclude each other.
package lockedfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// File is an *os.File that holds a lock until Close.
type File struct {
	*os.File
	closed bool
}

// OpenFile opens name like os.OpenFile and then locks it: shared when the
// file is opened read-only, exclusive otherwise. O_TRUNC is applied only once
// the lock is held, so a reader never sees a file emptied by a writer that
// is still waiting for its lock.
func OpenFile(name string, flag int, perm fs.FileMode) (*File, error) {
	trunc := flag&os.O_TRUNC != 0
	f, err := os.OpenFile(name, flag&^os.O_TRUNC, perm)
	if err != nil {
		return nil, err
	}
	exclusive := flag&(os.O_WRONLY|os.O_RDWR) != 0
	if err := lock(f, exclusive); err != nil {
		f.Close()
		return nil, &fs.PathError{Op: lockOp(exclusive), Path: name, Err: err}
	}
	if trunc {
		if err := f.Truncate(0); err != nil {
			unlock(f)
			f.Close()
			return nil, err
		}
	}
	return &File{File: f}, nil
}

func lockOp(exclusive bool) string {
	if exclusive {
		return "Lock"
	}
	return "RLock"
}

// Open opens name for reading under a shared lock.
func Open(name string) (*File, error) { return OpenFile(name, os.O_RDONLY, 0) }

// Create creates or truncates name for writing under an exclusive lock.
func Create(name string) (*File, error) {
	return OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// Edit opens name for reading and writing under an exclusive lock, creating
// it empty if needed; the contents are left as they are.
func Edit(name string) (*File, error) {
	return OpenFile(name, os.O_RDWR|os.O_CREATE, 0o666)
}

// Close releases the lock and closes the file. Closing twice is an error.
func (f *File) Close() error {
	if f.closed {
		return &fs.PathError{Op: "close", Path: f.Name(), Err: fs.ErrClosed}
	}
	f.closed = true
	uerr := unlock(f.File)
	err := f.File.Close()
	if err == nil && uerr != nil {
		err = &fs.PathError{Op: "Unlock", Path: f.Name(), Err: uerr}
	}
	return err
}

// Read returns the contents of name, read under a shared lock.
func Read(name string) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Write replaces the contents of name (creating it with perm if needed)
// with content, under an exclusive lock.
func Write(name string, content io.Reader, perm fs.FileMode) (err error) {
	f, err := OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Transform reads name under an exclusive lock (creating it empty if
// needed), calls t with its contents, and replaces them with t's result.
// If t fails, the file is left unchanged and its error is returned. The file
// is first grown to the new size and then truncated, so a crash midway
// leaves at worst a mix of the old and new bytes rather than an empty file.
func Transform(name string, t func([]byte) ([]byte, error)) (err error) {
	f, err := Edit(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	old, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	data, err := t(old)
	if err != nil {
		return err
	}
	if bytes.Equal(data, old) {
		return nil
	}
	if len(data) > len(old) {
		if err := f.Truncate(int64(len(data))); err != nil {
			return err
		}
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	return f.Truncate(int64(len(data)))
}

// Mutex is a lock held on the file at Path, shared between processes.
// Its zero value is not usable: set Path.
type Mutex struct {
	Path string
}

// MutexAt returns a Mutex locking the file at path.
func MutexAt(path string) *Mutex {
	return &Mutex{Path: path}
}

// String describes the mutex.
func (mu *Mutex) String() string { return fmt.Sprintf("lockedfile.Mutex(%s)", mu.Path) }

// Lock takes the mutex, creating its file if needed, and returns the
// function that releases it.
func (mu *Mutex) Lock() (unlock func(), err error) {
	if mu.Path == "" {
		return nil, errors.New("lockedfile.Mutex: missing Path")
	}
	f, err := OpenFile(mu.Path, os.O_WRONLY|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}
