package cli

import "strings"

// goflagNames lists, sorted and space-separated, every flag that some
// command of the tree defines: the names $GOFLAGS may use. A flag of
// another command is accepted (and ignored), as go does. Keeping the
// list here lets an invocation check $GOFLAGS without making every
// command; TestGoflagNames keeps it in step with the tree.
const goflagNames = "" +
	"C a artifacts asan asmflags bench benchmem benchtime blockprofile blockprofilerate " +
	"buildmode buildvcs c cache changed compat compiled compiler count cover covermode " +
	"coverpkg coverprofile cpu cpuprofile d debug-actiongraph debug-runtime-trace debug-trace " +
	"deps diff dropexclude dropgodebug dropignore dropreplace droprequire dropretract droptool " +
	"dropuse e exclude exec export f failfast find fix fixtool fmt fullpath fuzz fuzzcache " +
	"fuzzminimizetime fuzztime gccgoflags gcflags go godebug i ignore insecure installsuffix " +
	"json ldflags linkshared list m memprofile memprofilerate mod modcache modcacherw modfile " +
	"module msan mutexprofile mutexprofilefraction n o outputdir overlay p parallel pgo pkgdir " +
	"print r race replace require retract retracted reuse run short shuffle skip t tags test " +
	"test.artifacts test.bench test.benchmem test.benchtime test.blockprofile " +
	"test.blockprofilerate test.count test.coverprofile test.cpu test.cpuprofile test.failfast " +
	"test.fullpath test.fuzz test.fuzzminimizetime test.fuzztime test.list test.memprofile " +
	"test.memprofilerate test.mutexprofile test.mutexprofilefraction test.outputdir " +
	"test.parallel test.run test.short test.shuffle test.skip test.timeout test.trace test.v " +
	"testcache timeout tool toolchain toolexec trace trimpath u use v vendor versions vet " +
	"vettool w work x"

// isGoflagName reports whether some command defines the flag name.
func isGoflagName(name string) bool {
	return name != "" && !strings.Contains(name, " ") && strings.Contains(" "+goflagNames+" ", " "+name+" ")
}
