package load

import (
	"os"
	"testing"

	"gocmd/internal/wire"
)

// TestFormatTestmain checks the generated test main against the file go
// generated for the same tests (testdata/testmain.golden: in-package
// tests, a benchmark, a fuzz target and an example; external tests with
// TestMain and an unordered example).
func TestFormatTestmain(t *testing.T) {
	want, err := os.ReadFile("testdata/testmain.golden")
	if err != nil {
		t.Fatal(err)
	}
	p := &Package{Package: wire.Package{Name: "a", ImportPath: "example.com/tt/a", Module: &wire.Module{Path: "example.com/tt"}}}
	tf := &TestFuncs{
		Tests:       []TestFunc{{"_test", "TestF", "", false}, {"_xtest", "TestX", "", false}},
		Benchmarks:  []TestFunc{{"_test", "BenchmarkF", "", false}},
		FuzzTargets: []TestFunc{{"_test", "FuzzF", "", false}},
		Examples: []TestFunc{
			{"_test", "ExampleF", "hi \"q\"\n", false},
			{"_xtest", "Example_unordered", "b\na\n", true},
		},
		TestMain:    &TestFunc{"_xtest", "TestMain", "", false},
		ImportTest:  true,
		NeedTest:    true,
		ImportXtest: true,
		NeedXtest:   true,
	}
	if got := FormatTestmain(p, tf, nil); string(got) != string(want) {
		t.Errorf("FormatTestmain:\n%s\nwant:\n%s", got, want)
	}
}
