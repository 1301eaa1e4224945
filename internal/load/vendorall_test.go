package load

import "testing"

func TestShouldBuildAnyTags(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{"package p\n", true},
		{"//go:build ignore\n\npackage p\n", false},
		{"//go:build !ignore\n\npackage p\n", true},
		{"//go:build linux && !linux\n\npackage p\n", true}, // every tag may be both
		{"//go:build ignore || windows\n\npackage p\n", true},
		{"//go:build ignore && windows\n\npackage p\n", false},
		{"// +build ignore\n\npackage p\n", false},
		{"// +build ignore\npackage p\n", true}, // no blank line: not a constraint
		{"/* c */\n//go:build ignore\n\npackage p\n", false},
		{"//go:build bad-tag\n\npackage p\n", false},
		{"//go:build ignore\n//go:build ignore\n\npackage p\n", false},
		{"package p\n\n//go:build ignore\n", true}, // after the package clause
	} {
		if got := ShouldBuildAnyTags([]byte(tt.src)); got != tt.want {
			t.Errorf("ShouldBuildAnyTags(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}
