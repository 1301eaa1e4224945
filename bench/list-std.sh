#!/usr/bin/env bash
# list-std.sh times `go list -deps -json std cmd` with the real go and with
# gocmd, alternating the two for N rounds, and prints the median wall-clock
# times and their ratio (gocmd / go). Each command gets its own GOCACHE,
# warmed by one untimed run first, so both run with a warm cache.
#
# Usage: bench/list-std.sh [-n N] [-go REALGO] [-gocmd GOCMD] [-- extra list args]
# Defaults: N=10, REALGO=/usr/local/go/bin/go, GOCMD=bin/gocmd (built from
# this worktree if missing). The caches live in a temporary directory that
# is removed at the end unless KEEP=1.
set -euo pipefail

n=10
realgo=/usr/local/go/bin/go
root=$(cd "$(dirname "$0")/.." && pwd)
gocmd=$root/bin/gocmd
while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift 2 ;;
	-go) realgo=$2; shift 2 ;;
	-gocmd) gocmd=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "usage: $0 [-n N] [-go REALGO] [-gocmd GOCMD] [-- list args]" >&2; exit 2 ;;
	esac
done
args=(list -deps -json std cmd)
if [ $# -gt 0 ]; then
	args=(list "$@")
fi
if [ ! -x "$gocmd" ]; then
	(cd "$root" && "$realgo" build -o "$gocmd" ./cmd/gocmd)
fi

tmp=$(mktemp -d)
if [ "${KEEP:-}" != 1 ]; then
	trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp/work" "$tmp/cache-go" "$tmp/cache-gocmd"
cd "$tmp/work" # outside any module

# run NAME BIN CACHE: one run; prints "wall cpu" in microseconds (cpu is
# user+sys of the command and its children).
run() {
	local bin=$2 cache=$3 TIMEFORMAT='%3R %3U %3S' r u s
	{ time GOCACHE=$cache GOFLAGS= "$bin" "${args[@]}" >"$tmp/out-$1" 2>"$tmp/err-$1"; } 2>"$tmp/time-$1"
	read -r r u s <"$tmp/time-$1"
	awk -v r="$r" -v u="$u" -v s="$s" 'BEGIN {printf "%d %d\n", r*1e6, (u+s)*1e6}'
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "warming caches..." >&2
run go "$realgo" "$tmp/cache-go" >/dev/null
run gocmd "$gocmd" "$tmp/cache-gocmd" >/dev/null

: >"$tmp/t-go"
: >"$tmp/t-gocmd"
for i in $(seq 1 "$n"); do
	a=$(run go "$realgo" "$tmp/cache-go")
	b=$(run gocmd "$gocmd" "$tmp/cache-gocmd")
	echo "$a" >>"$tmp/t-go"
	echo "$b" >>"$tmp/t-gocmd"
	awk -v i="$i" -v a="$a" -v b="$b" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		printf "round %2d: go %6.3fs (cpu %6.3fs)  gocmd %6.3fs (cpu %6.3fs)\n", i, x[1]/1e6, x[2]/1e6, y[1]/1e6, y[2]/1e6
	}' >&2
done
if ! cmp -s "$tmp/out-go" "$tmp/out-gocmd"; then
	echo "warning: the outputs of go and gocmd differ" >&2
fi

mgo=$(cut -d' ' -f1 "$tmp/t-go" | median)
mgocmd=$(cut -d' ' -f1 "$tmp/t-gocmd" | median)
cgo=$(cut -d' ' -f2 "$tmp/t-go" | median)
cgocmd=$(cut -d' ' -f2 "$tmp/t-gocmd" | median)
printf 'go %s (N=%d, warm caches)\n' "${args[*]}" "$n"
awk -v a="$mgo" -v b="$mgocmd" -v c="$cgo" -v d="$cgocmd" 'BEGIN {
	printf "median wall: go %.3fs  gocmd %.3fs  ratio %.2f\n", a/1e6, b/1e6, b/a
	printf "median cpu:  go %.3fs  gocmd %.3fs  ratio %.2f\n", c/1e6, d/1e6, d/c
}'
uptime >&2
