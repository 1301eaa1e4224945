package lockedfile

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestReadWriteTransform(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	if _, err := Read(name); !os.IsNotExist(err) {
		t.Fatalf("Read(missing) = %v", err)
	}
	if err := Write(name, strings.NewReader("hello world"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := Write(name, strings.NewReader("short"), 0o666); err != nil {
		t.Fatal(err)
	}
	if data, err := Read(name); err != nil || string(data) != "short" {
		t.Fatalf("Read = %q, %v", data, err)
	}
	for _, s := range []string{"a much longer content", "tiny", "tiny"} {
		if err := Transform(name, func([]byte) ([]byte, error) { return []byte(s), nil }); err != nil {
			t.Fatal(err)
		}
		if data, _ := Read(name); string(data) != s {
			t.Fatalf("after Transform: %q, want %q", data, s)
		}
	}
	boom := errors.New("boom")
	if err := Transform(name, func([]byte) ([]byte, error) { return []byte("x"), boom }); err != boom {
		t.Fatalf("Transform error = %v", err)
	}
	if data, _ := Read(name); string(data) != "tiny" {
		t.Fatalf("failed Transform changed the file: %q", data)
	}
	f, err := Edit(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err == nil {
		t.Error("second Close succeeded")
	}
}

// TestTransformExcludes increments a counter from many goroutines, each
// with its own file descriptor: flock locks exclude each other per open
// file, as between processes.
func TestTransformExcludes(t *testing.T) {
	name := filepath.Join(t.TempDir(), "counter")
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for range 10 {
				err := Transform(name, func(old []byte) ([]byte, error) {
					n, _ := strconv.Atoi(string(old))
					return []byte(strconv.Itoa(n + 1)), nil
				})
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if data, _ := Read(name); string(data) != "200" {
		t.Fatalf("counter = %q, want 200", data)
	}
}

func TestMutex(t *testing.T) {
	mu := MutexAt(filepath.Join(t.TempDir(), "lock"))
	unlock, err := mu.Lock()
	if err != nil {
		t.Fatal(err)
	}
	locked := make(chan struct{})
	go func() {
		unlock2, err := mu.Lock()
		if err != nil {
			t.Error(err)
		} else {
			unlock2()
		}
		close(locked)
	}()
	select {
	case <-locked:
		t.Fatal("second Lock did not wait")
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	<-locked
	if _, err := (&Mutex{}).Lock(); err == nil {
		t.Error("Lock without a path succeeded")
	}
}
