package load

import "testing"

func TestImportStackText(t *testing.T) {
	for _, tc := range []struct {
		stack []string
		path  string
		want  string
	}{
		{[]string{"m/use", "example.com/c"}, "example.com/c", "m/use imports\n\texample.com/c"},
		{[]string{"m/use"}, "example.com/c", "m/use imports\n\texample.com/c"},
		{[]string{"m/testuse (test)"}, "example.com/c", "m/testuse tested by\n\tm/testuse.test imports\n\texample.com/c"},
		{[]string{"m/a [m/a.test]", "m/b [m/a.test]", "example.com/c"}, "example.com/c", "m/a tested by\n\tm/a.test imports\n\tm/b imports\n\texample.com/c"},
		{nil, "example.com/c", "example.com/c"},
	} {
		if got := importStackText(tc.stack, tc.path); got != tc.want {
			t.Errorf("importStackText(%q, %q) = %q, want %q", tc.stack, tc.path, got, tc.want)
		}
	}
}
