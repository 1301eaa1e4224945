package clean

const helpClean = `
Clean deletes files that builds leave in package source directories.
The go command itself builds in temporary directories and a cache, so
clean mostly matters for files made by older tools or by running
go build by hand.

When packages are named, or -i or -r is given, clean removes these
files from the source directory of each package:

	_obj/            object directory of old Makefiles
	_test/           test directory of old Makefiles
	_testmain.go     gotest file of old Makefiles
	test.out         test log of old Makefiles
	build.out        test log of old Makefiles
	*.[568ao]        object files of old Makefiles

	DIR(.exe)        written by go build
	DIR.test(.exe)   written by go test -c
	MAINFILE(.exe)   written by go build MAINFILE.go
	*.so             written by SWIG

DIR is the last element of the directory's path, and MAINFILE the base
name of any Go file of the directory that is not part of the package
build.

The flags:

	-i
		also remove the installed archive or executable of each package
		(what 'go install' would write).
	-n
		print the remove commands instead of running them.
	-r
		apply clean to all the dependencies of the named packages too.
	-x
		print the remove commands as they run.
	-cache
		remove the whole go build cache.
	-testcache
		mark every test result in the build cache as expired.
	-modcache
		remove the whole module download cache, including the unpacked
		sources of dependencies.
	-fuzzcache
		remove the inputs the fuzzing engine kept in the build cache
		because they widen coverage. Fuzzing may be less effective until
		it finds such inputs again. The testdata directories are left
		alone.

See 'go help build' for the build flags and 'go help packages' for
naming packages.
`
