package mvs

import (
	"fmt"
	"testing"

	"golang.org/x/mod/module"
)

func TestReq(t *testing.T) {
	main := mv("main", "")
	g := NewGraph(cmp, []module.Version{main})
	g.Require(main, []module.Version{mv("a", "v1.0.0"), mv("b", "v1.2.0"), mv("c", "v1.0.0"), mv("d", "v1.0.0")})
	g.Require(mv("a", "v1.0.0"), []module.Version{mv("b", "v1.2.0")})
	g.Require(mv("b", "v1.2.0"), []module.Version{mv("c", "v1.0.0")})
	g.Require(mv("c", "v1.0.0"), nil)
	g.Require(mv("d", "v1.0.0"), nil)

	// Without base paths, only what no other requirement implies remains.
	if got := fmt.Sprint(g.Req(main, nil)); got != "[a@v1.0.0 d@v1.0.0]" {
		t.Errorf("Req(nil) = %s", got)
	}
	// Base paths are always kept.
	if got := fmt.Sprint(g.Req(main, []string{"c"})); got != "[a@v1.0.0 c@v1.0.0 d@v1.0.0]" {
		t.Errorf("Req(c) = %s", got)
	}
}
