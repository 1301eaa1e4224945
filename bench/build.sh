#!/usr/bin/env bash
# Times gocmd against the real go on the same work, alternating the two
# commands in one run, each with its own GOCACHE, and prints the ratio
# gocmd/go of the median wall times:
#   a) go build std, and go build ./... in golang.org/x/tools, from an
#      empty cache
#   b) no-op go build std, and no-op go build ./... in golang.org/x/tools
#   c) go build ./... in x/tools after editing one file of a leaf package
#
# Usage: bench/build.sh [-n reps] [-skip-empty] [gocmd-binary]
# Environment: CGO_ENABLED (default 0), REALGO (default /usr/local/go/bin/go), BENCH_DIR (scratch
# directory, default a new temporary one, removed at the end).
# The x/tools source and its dependencies are fetched once with the real
# go (needs the module proxy); both commands then build offline.
set -euo pipefail

reps=5
skip_empty=0
while [ $# -gt 0 ]; do
	case "$1" in
	-n) reps=$2; shift 2 ;;
	-skip-empty) skip_empty=1; shift ;;
	*) break ;;
	esac
done
here=$(cd "$(dirname "$0")/.." && pwd)
gocmd=${1:-$here/bin/gocmd}
gocmd=$(cd "$(dirname "$gocmd")" && pwd)/$(basename "$gocmd")
realgo=${REALGO:-/usr/local/go/bin/go}
goroot=$("$realgo" env GOROOT)
tools_version=v0.52.0

scratch=${BENCH_DIR:-}
if [ -z "$scratch" ]; then
	scratch=$(mktemp -d /tmp/gocmd-bench.XXXXXX)
	trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
fi
mkdir -p "$scratch"
export GOFLAGS= GOTOOLCHAIN=local GOWORK=off GO111MODULE=
export GOMODCACHE=$scratch/gomodcache
# Without cgo unless asked (CGO_ENABLED=1): the same work for both.
export CGO_ENABLED=${CGO_ENABLED:-0}

. "$here/bench/lib.sh"
buildcmdtime "$scratch"

# timeit WHICH DIR ARGS... runs the command with its own GOCACHE and
# prints the wall time in seconds.
timeit() {
	local which=$1 dir=$2
	shift 2
	local bin=$realgo cache=$scratch/cache-go
	if [ "$which" = gocmd ]; then
		bin=$gocmd cache=$scratch/cache-gocmd
	fi
	GOCACHE=$cache runtimed "$bin" "$dir" "$scratch/err-$which" "$@"
}
emptycache() {
	local cache=$scratch/cache-go
	[ "$1" = gocmd ] && cache=$scratch/cache-gocmd
	chmod -R u+w "$cache" 2>/dev/null || true
	rm -rf "$cache"
}

echo "gocmd: $gocmd"
echo "go:    $realgo ($("$realgo" env GOVERSION)), CGO_ENABLED=$CGO_ENABLED, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

# a) std from an empty cache (one run each by default: it is long).
if [ "$skip_empty" = 0 ]; then
	saved=$reps
	reps=${EMPTY_REPS:-1}
	bench "build std (empty cache)" "$goroot/src" emptycache build std
	reps=$saved
else
	timeit go "$goroot/src" build std >/dev/null
	timeit gocmd "$goroot/src" build std >/dev/null
fi

# b) no-op build std.
bench "build std (no-op)" "$goroot/src" noprep build std

# x/tools: source from the module proxy into a writable directory, its
# dependencies into the shared module cache.
tools=$scratch/tools
if [ ! -d "$tools" ]; then
	dir=$(GOFLAGS=-modcacherw "$realgo" mod download -json "golang.org/x/tools@$tools_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	cp -r "$dir" "$tools"
	chmod -R u+w "$tools"
	(cd "$tools" && GOFLAGS=-modcacherw "$realgo" mod download)
fi
export GOFLAGS=-mod=mod GOPROXY=off
if [ "$skip_empty" = 0 ]; then
	saved=$reps
	reps=${EMPTY_REPS:-1}
	bench "build ./... x/tools (empty)" "$tools" emptycache build ./...
	reps=$saved
else
	timeit go "$tools" build ./... >/dev/null
	timeit gocmd "$tools" build ./... >/dev/null
fi
bench "build ./... x/tools (no-op)" "$tools" noprep build ./...

# c) edit one file of a leaf package (one with no imports inside
# x/tools, which many packages use): each run adds an exported function,
# which changes the package's export data, so that its importers
# recompile and the commands containing it relink.
leaf=$tools/internal/event/label/label.go
editleaf() { printf '\nfunc BenchEdit%s%d() int { return %d }\n' "$1" "$2" "$2" >>"$leaf"; }
bench "build ./... x/tools (edit)" "$tools" editleaf build ./...
