package buildid

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"testing"
)

func TestHashToString(t *testing.T) {
	for _, s := range []string{"", "a", "hello, world", "\xff\xfe\x00"} {
		h := sha256.Sum256([]byte(s))
		got := HashToString(h)
		// The encoding is base64 (URL alphabet) of the first 15 bytes.
		want := base64.RawURLEncoding.EncodeToString(h[:15])
		if got != want || len(got) != HashLen {
			t.Errorf("HashToString(sha256(%q)) = %q, want %q", s, got, want)
		}
	}
	var all [32]byte
	for i := range all {
		all[i] = 0xff
	}
	if got := HashToString(all); got != "____________________" {
		t.Errorf("HashToString(ff...) = %q", got)
	}
	if got := HashToString([32]byte{}); got != "AAAAAAAAAAAAAAAAAAAA" {
		t.Errorf("HashToString(0...) = %q", got)
	}
}

func TestParts(t *testing.T) {
	const (
		pkg = "_q2tt8BLNR3pFk41wOK2/M34ihvZAosUn6JcnQZny"
		exe = "AQAp8SibdgWOLy2HABBZ/N66VedFRXaHUgPAD7v6m/wxUTGukRUBYEOnlSi_yi/xvkVlIe917B1qy0pR-QN"
	)
	tests := []struct {
		id, action, content string
		parts               []string
		main                string
		mainOK              bool
	}{
		{pkg, "_q2tt8BLNR3pFk41wOK2", "M34ihvZAosUn6JcnQZny", []string{"_q2tt8BLNR3pFk41wOK2", "M34ihvZAosUn6JcnQZny"}, "", false},
		{exe, "AQAp8SibdgWOLy2HABBZ", "xvkVlIe917B1qy0pR-QN",
			[]string{"AQAp8SibdgWOLy2HABBZ", "N66VedFRXaHUgPAD7v6m", "wxUTGukRUBYEOnlSi_yi", "xvkVlIe917B1qy0pR-QN"},
			"N66VedFRXaHUgPAD7v6m/wxUTGukRUBYEOnlSi_yi", true},
		{"legacy", "legacy", "legacy", []string{"legacy"}, "", false},
		{"", "", "", []string{""}, "", false},
	}
	for _, tt := range tests {
		if got := ActionID(tt.id); got != tt.action {
			t.Errorf("ActionID(%q) = %q, want %q", tt.id, got, tt.action)
		}
		if got := ContentID(tt.id); got != tt.content {
			t.Errorf("ContentID(%q) = %q, want %q", tt.id, got, tt.content)
		}
		if got := Split(tt.id); !slices.Equal(got, tt.parts) {
			t.Errorf("Split(%q) = %q, want %q", tt.id, got, tt.parts)
		}
		main, ok := MainID(tt.id)
		if main != tt.main || ok != tt.mainOK {
			t.Errorf("MainID(%q) = %q, %v, want %q, %v", tt.id, main, ok, tt.main, tt.mainOK)
		}
		ma, ok := MainActionID(tt.id)
		if want := ActionID(tt.main); ma != want || ok != tt.mainOK {
			t.Errorf("MainActionID(%q) = %q, %v, want %q, %v", tt.id, ma, ok, want, tt.mainOK)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	a := sha256.Sum256([]byte("action"))
	l := sha256.Sum256([]byte("link"))
	c := sha256.Sum256([]byte("content"))
	as, ls, cs := HashToString(a), HashToString(l), HashToString(c)

	pkg := PackageID(a)
	if pkg != as+"/"+as {
		t.Fatalf("PackageID = %q", pkg)
	}
	final := WithContentID(pkg, c)
	if final != as+"/"+cs || len(final) != len(pkg) {
		t.Fatalf("WithContentID(%q) = %q", pkg, final)
	}
	exe := LinkID(l, final)
	if exe != ls+"/"+as+"/"+cs+"/"+ls {
		t.Fatalf("LinkID = %q", exe)
	}
	if main, _ := MainID(exe); main != final {
		t.Errorf("MainID(LinkID(l, %q)) = %q", final, main)
	}
	if got := WithContentID(exe, c); got != ls+"/"+as+"/"+cs+"/"+cs {
		t.Errorf("WithContentID(%q) = %q", exe, got)
	}
	if got := WithContentID("legacy", c); got != cs {
		t.Errorf("WithContentID(legacy) = %q", got)
	}
}
