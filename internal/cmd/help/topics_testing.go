package help

const helpTestflag = `
'go test' takes flags of its own and flags for the test binary it runs.

Some flags write execution profiles for "go tool pprof" ("go tool pprof
-h" explains it; its -sample_index=alloc_space,
-sample_index=alloc_objects and -show_bytes options choose how memory
profiles are shown).

These flags, known to 'go test', control how tests run:

	-artifacts
	    Keep test artifacts in the -outputdir directory (see
	    'go doc testing.T.ArtifactDir').

	-bench regexp
	    Run the benchmarks matching the regular expression; none run by
	    default, '-bench .' or '-bench=.' runs all. The expression is
	    split at slashes that are not inside brackets, and each part
	    must match the corresponding element of a benchmark's name.
	    Benchmarks that may have matching sub-benchmarks run once with
	    b.N=1 to find them: with -bench=X/Y, top-level benchmarks
	    matching X run with b.N=1, then their sub-benchmarks matching Y
	    run in full.

	-benchtime t
	    Run each benchmark for about t, a time.Duration (such as
	    -benchtime 1h30s); 1s by default. Nx instead runs it N times
	    (-benchtime 100x).

	-count n
	    Run each test, benchmark and fuzz seed n times (1 by default),
	    for each GOMAXPROCS value of -cpu. Examples always run once, and
	    fuzz tests selected by -fuzz are not affected.

	-cover
	    Turn on coverage analysis. Coverage rewrites the source before
	    compiling it, so line numbers of compile errors and test
	    failures may not match the original source.

	-covermode set,count,atomic
	    The coverage mode of the tested packages: set records whether
	    each statement ran, count how many times, and atomic counts too
	    but correctly across goroutines, at a higher cost. The default
	    is set, or atomic with -race. Implies -cover.

	-coverpkg pattern1,pattern2,pattern3
	    Analyze the coverage of the packages matching the patterns (see
	    'go help packages') in each test, instead of only the package
	    under test. Implies -cover.

	-cpu 1,2,4
	    The GOMAXPROCS values to run tests, benchmarks and fuzz tests
	    with; the current GOMAXPROCS by default. Fuzz tests selected by
	    -fuzz are not affected.

	-failfast
	    Start no new test once one has failed.

	-fullpath
	    Print full file names in error messages.

	-fuzz regexp
	    Fuzz the fuzz test matching the regular expression. The command
	    line must then name exactly one package of the main module, and
	    regexp match exactly one of its fuzz tests. Fuzzing starts once
	    tests, benchmarks, the seed corpora of other fuzz tests and
	    examples are done. The testing package documentation explains
	    fuzzing.

	-fuzztime t
	    Fuzz for about t, a time.Duration (such as -fuzztime 1h30s);
	    forever by default. Nx instead runs the fuzz target N times
	    (-fuzztime 1000x).

	-fuzzminimizetime t
	    Spend about t on each attempt to minimize an input (such as
	    -fuzzminimizetime 30s); 60s by default. Nx instead runs the fuzz
	    target N times (-fuzzminimizetime 100x).

	-json
	    Report verbose output and results as JSON: the information of
	    -v, for machines.

	-list regexp
	    List the top-level tests, benchmarks, fuzz tests and examples
	    matching the regular expression, without running anything.
	    Subtests and sub-benchmarks are not listed.

	-outputdir directory
	    Where profiles and test artifacts go; by default the directory
	    go test runs in.

	-parallel n
	    How many tests calling t.Parallel (and, while running the seed
	    corpus, fuzz targets calling t.Parallel) may run at once. While
	    fuzzing, how many subprocesses may call the fuzz function at
	    once, t.Parallel or not. GOMAXPROCS by default; higher values
	    can slow things down by contention, fuzzing especially. This
	    applies within one test binary; the binaries of several
	    packages may also run at once, as -p allows (see
	    'go help build').

	-run regexp
	    Run the tests, examples and fuzz tests matching the regular
	    expression. For tests, the expression is split at slashes that
	    are not inside brackets, and each part must match the
	    corresponding element of a test's name. Tests that may have
	    matching subtests run too: with -run=X/Y, every test matching X
	    runs and is reported, even when none of its subtests match Y,
	    since it must run to find them. See also -skip.

	-short
	    Ask long tests to run shorter. Off by default, it is set by
	    all.bash so that installing Go runs a quick sanity check rather
	    than exhaustive tests.

	-shuffle off,on,N
	    Run tests and benchmarks in random order. Off by default; on
	    seeds the random order with the clock, N with N. The seed is
	    printed so that a run can be repeated.

	-skip regexp
	    Skip the tests, examples, fuzz tests and benchmarks matching the
	    regular expression, split at slashes as for -run and -bench.

	-timeout d
	    Panic when a test binary runs longer than d; 0 means no limit.
	    The default is 10 minutes (10m).

	-v
	    Verbose: report each test as it runs, and print what Log and
	    Logf wrote even for tests that pass.

	-vet list
	    The comma-separated vet checks "go test" runs. Empty means a
	    chosen list of checks that are always worth fixing; "off" means
	    no vet at all.

These flags, also known to 'go test', profile the tests:

	-benchmem
	    Print memory allocation statistics of benchmarks (allocations
	    in C, or with C.malloc, are not counted).

	-blockprofile block.out
	    Write a goroutine blocking profile to the file when all tests
	    are done. Keeps the test binary, as -c does.

	-blockprofilerate n
	    Set the detail of blocking profiles with
	    runtime.SetBlockProfileRate(n) (see 'go doc
	    runtime.SetBlockProfileRate'): about one blocking event is
	    sampled per n nanoseconds spent blocked. Without it,
	    -test.blockprofile records every event, as
	    -test.blockprofilerate=1 would.

	-coverprofile cover.out
	    Write a coverage profile to the file once all tests passed.
	    Implies -cover.

	-cpuprofile cpu.out
	    Write a CPU profile to the file before exiting. Keeps the test
	    binary, as -c does.

	-memprofile mem.out
	    Write an allocation profile to the file once all tests passed.
	    Keeps the test binary, as -c does.

	-memprofilerate n
	    Set runtime.MemProfileRate for more precise, and costlier,
	    allocation profiles (see 'go doc runtime.MemProfileRate');
	    -test.memprofilerate=1 records every allocation.

	-mutexprofile mutex.out
	    Write a mutex contention profile to the file when all tests are
	    done. Keeps the test binary, as -c does.

	-mutexprofilefraction n
	    Sample the stacks of 1 in n goroutines holding a contended
	    mutex.

	-trace trace.out
	    Write an execution trace to the file before exiting.

Each of these flags may also be written with a 'test.' prefix, as in
-test.v; a test binary run directly (one made by 'go test -c') only
understands the prefixed form.

Before running the test binary, 'go test' rewrites or removes the flags
it knows, before and after the package list. So

	go test -v -myflag testdata -cpuprofile=prof.out -x

builds the test binary and runs

	pkg.test -test.v -myflag testdata -test.cpuprofile=prof.out

(-x only concerns the go command, not the test, so it is dropped).

Profiling flags other than -coverprofile keep the test binary as
pkg.test, for use in analyzing the profiles.

A test binary runs in the source directory of its package, and may need
to when run directly too. That directory may be in the module cache,
which can be read-only and is verified by checksums, so tests must not
write there, or anywhere else in the module, unless the user asked for
it (as -fuzz does, writing failures to testdata/fuzz).

The package list, if any, must come before the first flag go test does
not know: above, before -myflag, but on either side of -v.

In package list mode, go test caches the results of packages that
passed. Any test flag or argument outside the cacheable ones disables
the cache; -count=1 is the usual way to do so on purpose.

-args (see 'go help test') passes the rest of the command line to the
test binary untouched, so that nothing in it is taken for a known flag
or a package. So

	go test -v -args -x -v

builds the test binary and runs

	pkg.test -test.v -x -v

and

	go test -args math

runs

	pkg.test math

In the first case the -x and the second -v go to the test binary and do
not affect the go command; in the second, math is an argument of the
test binary, not a package to test.
`

const helpTestfunc = `
'go test' looks for tests, benchmarks, fuzz tests and examples in the
"*_test.go" files of the package being tested.

A test is a function named TestXxx, where Xxx does not start with a
lower-case letter, with the signature

	func TestXxx(t *testing.T) { ... }

A benchmark is named BenchmarkXxx, with the signature

	func BenchmarkXxx(b *testing.B) { ... }

A fuzz test is named FuzzXxx, with the signature

	func FuzzXxx(f *testing.F) { ... }

An example is like a test, but instead of reporting success or failure
through a *testing.T it prints to os.Stdout. When its last comment
starts with "Output:", what it prints must equal the rest of the comment
exactly; when it starts with "Unordered output:", the lines must be the
same in any order. An example without such a comment is compiled but not
run; one with nothing after "Output:" runs and must print nothing.

Godoc shows the body of ExampleXxx as an illustration of the function,
constant or variable Xxx. ExampleT_M illustrates method M of type T (or
*T). Several examples of one name are told apart by a suffix _xxx, where
xxx does not start with an upper-case letter.

An example whose output is checked:

	func ExamplePrintln() {
		Println("The output of\nthis example.")
		// Output: The output of
		// this example.
	}

and one whose lines may come in any order:

	func ExamplePerm() {
		for _, value := range Perm(4) {
			fmt.Println(value)
		}

		// Unordered output: 4
		// 2
		// 1
		// 3
		// 0
	}

A test file containing a single example, at least one other
declaration (function, type, variable or constant), and no tests,
benchmarks or fuzz tests is shown whole as the example.

The testing package documentation tells more.
`
