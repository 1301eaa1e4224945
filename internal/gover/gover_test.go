package gover

import (
	"testing"

	"golang.org/x/mod/module"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		x, y string
		want int
	}{
		{"1.21", "1.21.0", -1},
		{"1.21rc1", "1.21.0", -1},
		{"1.21rc1", "1.21", 1},
		{"1.9", "1.10", -1},
		{"1.17", "1.17", 0},
		{"", "1.0", -1},
	}
	for _, tt := range tests {
		if got := Compare(tt.x, tt.y); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.x, tt.y, got, tt.want)
		}
	}
}

func TestFromToolchain(t *testing.T) {
	for name, want := range map[string]string{
		"go1.21.3":      "1.21.3",
		"go1.22rc1-x":   "1.22rc1",
		"gccgo":         "",
		"go1.2/../x":    "",
		"go1.21.3+auto": "1.21.3",
		"notgo1.21.3":   "",
	} {
		if got := FromToolchain(name); got != want {
			t.Errorf("FromToolchain(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestModSort(t *testing.T) {
	list := []module.Version{
		{Path: "b", Version: "v1.10.0"},
		{Path: "go", Version: "1.21"},
		{Path: "b", Version: "v1.9.0"},
		{Path: "a", Version: "v1.0.0/go.mod"},
		{Path: "a", Version: "v1.0.0"},
	}
	ModSort(list)
	want := []module.Version{
		{Path: "a", Version: "v1.0.0"},
		{Path: "a", Version: "v1.0.0/go.mod"},
		{Path: "b", Version: "v1.9.0"},
		{Path: "b", Version: "v1.10.0"},
		{Path: "go", Version: "1.21"},
	}
	for i := range want {
		if list[i] != want[i] {
			t.Fatalf("ModSort = %v, want %v", list, want)
		}
	}
}
