package modload

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

func TestPatternRootsAndTools(t *testing.T) {
	f := setupFixture(t, "testdata/roots.txt")
	s, err := f.state(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Tools(); !slices.Equal(got, []string{"example.com/a/cmd/tool"}) {
		t.Errorf("Tools() = %v", got)
	}
	roots, err := s.PatternRoots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		prefix, dir string
		main, err   bool
		ignore      []string
	}
	var got []row
	for _, r := range roots {
		dir, _ := filepath.Rel(f.root, r.Dir)
		if r.Dir == "" {
			dir = ""
		}
		got = append(got, row{r.Prefix, filepath.ToSlash(dir), r.Main, r.Err != nil, r.Ignore})
	}
	want := []row{
		{"example.com/main", "work", true, false, []string{"./skip"}},
		{"example.com/a", "modcache/example.com/a@v1.0.0", false, false, nil},
		{"example.com/b", "", false, true, nil},
	}
	if len(got) != len(want) {
		t.Fatalf("PatternRoots = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.prefix != w.prefix || g.dir != w.dir || g.main != w.main || g.err != w.err || !slices.Equal(g.ignore, w.ignore) {
			t.Errorf("root %d = %+v, want %+v", i, g, w)
		}
	}
	if s.Mode() != ModuleMode || len(s.MainModules()) != 1 || s.MainModules()[0].Path != "example.com/main" {
		t.Errorf("Mode/MainModules = %v %+v", s.Mode(), s.MainModules())
	}
	if s.BuildMod() != "mod" || s.GoVersion() != "1.24" {
		t.Errorf("BuildMod, GoVersion = %q, %q", s.BuildMod(), s.GoVersion())
	}
}
