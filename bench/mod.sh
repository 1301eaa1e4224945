#!/usr/bin/env bash
# Times gocmd against the real go on module work, alternating the two
# commands in one run, and prints the ratios gocmd/go of the median wall
# and CPU times:
#   a) go mod download of golang.org/x/tools@v0.52.0's whole module graph
#      into an empty module cache (each command has its own)
#   b) go mod tidy in x/tools with a warm module cache
#   c) go list -m all in x/tools with a warm module cache
#
# Usage: bench/mod.sh [-n reps] [gocmd-binary]
# Environment: REALGO (default /usr/local/go/bin/go), BENCH_DIR (scratch
# directory, default a new temporary one, removed at the end).
# Needs the module proxy (GOPROXY as configured, by default GOROOT/go.env's).
set -euo pipefail

reps=3
while [ $# -gt 0 ]; do
	case "$1" in
	-n) reps=$2; shift 2 ;;
	*) break ;;
	esac
done
here=$(cd "$(dirname "$0")/.." && pwd)
gocmd=${1:-$here/bin/gocmd}
gocmd=$(cd "$(dirname "$gocmd")" && pwd)/$(basename "$gocmd")
realgo=${REALGO:-/usr/local/go/bin/go}
tools_version=v0.52.0

scratch=${BENCH_DIR:-}
if [ -z "$scratch" ]; then
	scratch=$(mktemp -d /tmp/gocmd-bench.XXXXXX)
	trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
fi
mkdir -p "$scratch"
export GOFLAGS=-modcacherw GOTOOLCHAIN=local GOWORK=off GO111MODULE=
. "$here/bench/lib.sh"
buildcmdtime "$scratch"

# timeit WHICH DIR ARGS... runs the command with its own GOMODCACHE and
# GOCACHE and prints the wall time in seconds.
timeit() {
	local which=$1 dir=$2
	shift 2
	local bin=$realgo
	[ "$which" = gocmd ] && bin=$gocmd
	GOMODCACHE=${modcache:-$scratch/modcache-$which} GOCACHE=$scratch/cache-$which \
		runtimed "$bin" "$dir" "$scratch/err-$which" "$@"
}

# emptymodcache WHICH I points the next run at a new, empty module
# cache. Removing one cache just before filling the next would time the
# file system's reuse of just-freed inodes (ext4 looks past recently
# deleted ones, which makes each new file slower): the caches are
# removed only after the benchmark. Pending writes are flushed first,
# so that no run pays for an earlier one's.
emptymodcache() {
	modcache=$scratch/dl-$1-$2
	sync
}
removedl() {
	chmod -R u+w "$scratch"/dl-* 2>/dev/null || true
	rm -rf "$scratch"/dl-*
}

# fresh copies of x/tools's go.mod and go.sum before each tidy, so that
# both commands do the same work every time.
resetmod() {
	cp "$scratch/go.mod.orig" "$tools/go.mod"
	cp "$scratch/go.sum.orig" "$tools/go.sum"
}

# linking says how a binary was built: the release go is built with
# CGO_ENABLED=0 (statically linked); a gocmd built with cgo loads libc
# and starts its threads through it, about 2ms more CPU a run, which
# matters for commands of a few milliseconds (list -m all).
linking() { "$realgo" version -m "$1" 2>/dev/null | sed -n 's/^[[:space:]]*build[[:space:]]*\(CGO_ENABLED=.*\)/\1/p'; }
echo "gocmd: $gocmd ($(linking "$gocmd"))"
echo "go:    $realgo ($("$realgo" env GOVERSION), $(linking "$realgo")), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

tools=$scratch/tools
if [ ! -d "$tools" ]; then
	dir=$(GOMODCACHE=$scratch/modcache-src "$realgo" mod download -json "golang.org/x/tools@$tools_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	cp -r "$dir" "$tools"
	chmod -R u+w "$tools"
fi
cp "$tools/go.mod" "$scratch/go.mod.orig"
cp "$tools/go.sum" "$scratch/go.sum.orig"

removedl
bench "mod download (empty cache)" "$tools" emptymodcache mod download
removedl
modcache=
# One untimed run of each command first, so that the timed runs find
# GOCACHE warm too (go's module index, gocmd's directory scans), not
# only the module cache.
for w in go gocmd; do
	resetmod "$w"
	timeit "$w" "$tools" mod tidy >/dev/null
done
bench "mod tidy (warm)" "$tools" resetmod mod tidy
# list -m all takes a few milliseconds, and this machine's speed drifts
# over seconds: many short samples (2 runs each), alternating between
# the commands, keep both medians from the same conditions.
reps=$((reps * 6)) batch=2 bench "list -m all (warm)" "$tools" noprep list -m all
