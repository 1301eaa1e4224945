# Shared helpers of the bench scripts (sourced, not run).
# The sourcing script defines timeit WHICH DIR ARGS..., which runs one
# command (WHICH is go or gocmd) and prints its wall time in seconds, and
# sets reps.

# now prints the time in seconds with nanoseconds.
now() { date +%s.%N; }

# median of numbers, one a line.
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# runtimed BIN DIR ERRFILE ARGS... runs BIN ARGS in DIR and prints the
# wall time; on failure it prints the command's stderr and exits.
runtimed() {
	local bin=$1 dir=$2 errfile=$3
	shift 3
	local t0 t1
	t0=$(now)
	if ! (cd "$dir" && "$bin" "$@" >/dev/null 2>"$errfile"); then
		echo "$bin $* failed in $dir:" >&2
		cat "$errfile" >&2
		exit 1
	fi
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

# bench NAME DIR PREP ARGS... times ARGS with both commands reps times,
# alternating which goes first, running PREP WHICH I (a shell function
# name) before each timed run, and prints the medians and their ratio.
bench() {
	local name=$1 dir=$2 prep=$3
	shift 3
	local go_times=() gocmd_times=() i order w t
	for ((i = 0; i < reps; i++)); do
		if ((i % 2 == 0)); then order="go gocmd"; else order="gocmd go"; fi
		for w in $order; do
			$prep "$w" "$i"
			t=$(timeit "$w" "$dir" "$@")
			if [ "$w" = go ]; then go_times+=("$t"); else gocmd_times+=("$t"); fi
		done
	done
	local g c
	g=$(printf '%s\n' "${go_times[@]}" | median)
	c=$(printf '%s\n' "${gocmd_times[@]}" | median)
	printf '%-28s go %8.3fs  gocmd %8.3fs  ratio %.2f  (median of %d)\n' "$name" "$g" "$c" "$(awk -v a="$c" -v b="$g" 'BEGIN {print a / b}')" "$reps"
}

noprep() { :; }
