package mvs

import (
	"fmt"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

func cmp(path, v1, v2 string) int {
	if v1 == v2 {
		return 0
	}
	if v1 == "" {
		return 1
	}
	if v2 == "" {
		return -1
	}
	return semver.Compare(v1, v2)
}

func mv(p, v string) module.Version { return module.Version{Path: p, Version: v} }

func TestSelection(t *testing.T) {
	main := mv("main", "")
	g := NewGraph(cmp, []module.Version{main})
	g.Require(main, []module.Version{mv("b", "v1.1.0"), mv("a", "v1.0.0")})
	g.Require(mv("a", "v1.0.0"), []module.Version{mv("b", "v1.2.0"), mv("c", "v1.0.0")})
	g.Require(mv("b", "v1.2.0"), []module.Version{mv("d", "none")})
	if got := g.Selected("b"); got != "v1.2.0" {
		t.Errorf("Selected(b) = %s", got)
	}
	if got := g.Selected("d"); got != "none" {
		t.Errorf("Selected(d) = %s", got)
	}
	if got := fmt.Sprint(g.BuildList()); got != "[main a@v1.0.0 b@v1.2.0 c@v1.0.0]" {
		t.Errorf("BuildList = %s", got)
	}
	if _, ok := g.RequiredBy(mv("c", "v1.0.0")); ok {
		t.Errorf("RequiredBy(c) reported requirements that were never loaded")
	}
	path := g.FindPath(func(m module.Version) bool { return m.Path == "c" })
	if fmt.Sprint(path) != "[main a@v1.0.0 c@v1.0.0]" {
		t.Errorf("FindPath = %v", path)
	}
	var walked []string
	g.WalkBreadthFirst(func(m module.Version) { walked = append(walked, m.String()) })
	if fmt.Sprint(walked) != "[main b@v1.1.0 a@v1.0.0 b@v1.2.0 c@v1.0.0]" {
		t.Errorf("WalkBreadthFirst = %v", walked)
	}
}

func TestBuildListError(t *testing.T) {
	stack := []module.Version{mv("main", ""), mv("a", "v1.0.0"), mv("b", "v1.0.0")}
	err := NewBuildListError(module.VersionError(mv("b", "v1.0.0"), fmt.Errorf("boom")), stack)
	if got, want := err.Error(), "a@v1.0.0 requires\n\tb@v1.0.0: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	err = NewBuildListError(module.VersionError(mv("c", "v1.0.0"), fmt.Errorf("boom")), stack)
	if got, want := err.Error(), "a@v1.0.0 requires\n\tb@v1.0.0 (replaced by c@v1.0.0): boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
