# Shared helpers of the bench scripts (sourced, not run).
# The sourcing script defines timeit WHICH DIR ARGS..., which runs one
# command (WHICH is go or gocmd) through runtimed and prints its times,
# and sets reps (and batch, the runs timed together, if not 1).

# now prints the time in seconds with nanoseconds.
now() { date +%s.%N; }

# median of numbers, one a line.
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# runtimed BIN DIR ERRFILE ARGS... runs BIN ARGS in DIR $batch times
# (default 1) and prints the wall time and the CPU time (user+sys, the
# command's and its children's) of one run, in seconds: "wall cpu". On
# failure it prints the command's stderr and exits. A batch of runs
# makes the times of commands taking a few milliseconds measurable. The
# times are taken by bench/cmdtime (built by buildcmdtime), which counts
# the command's process alone, not a shell's fork for each run.
runtimed() {
	local bin=$1 dir=$2 errfile=$3
	shift 3
	"$cmdtime" -n "${batch:-1}" -dir "$dir" -stderr "$errfile" "$bin" "$@" || exit 1
}

# buildcmdtime builds bench/cmdtime with the real go into directory $1
# and sets cmdtime to its path.
buildcmdtime() {
	cmdtime=$1/cmdtime
	(cd "$(dirname "${BASH_SOURCE[0]}")/cmdtime" && GOFLAGS= "$realgo" build -o "$cmdtime" .) || exit 1
}

# bench NAME DIR PREP ARGS... times ARGS with both commands reps times,
# alternating which goes first, running PREP WHICH I (a shell function
# name) before each timed run, and prints the medians of the wall and
# CPU times, their ratios gocmd/go, the median of the wall-time ratios
# of each pair of samples taken one after the other ("paired": robust
# when the machine's speed drifts during the benchmark), and the load
# average at the end.
bench() {
	local name=$1 dir=$2 prep=$3
	shift 3
	local go_times=() gocmd_times=() go_cpu=() gocmd_cpu=() i order w t
	for ((i = 0; i < reps; i++)); do
		if ((i % 2 == 0)); then order="go gocmd"; else order="gocmd go"; fi
		for w in $order; do
			$prep "$w" "$i"
			t=$(timeit "$w" "$dir" "$@")
			if [ "$w" = go ]; then
				go_times+=("${t% *}") go_cpu+=("${t#* }")
			else
				gocmd_times+=("${t% *}") gocmd_cpu+=("${t#* }")
			fi
		done
	done
	local g c gc cc p
	p=$(for ((i = 0; i < reps; i++)); do awk -v a="${gocmd_times[i]}" -v b="${go_times[i]}" 'BEGIN {print (b > 0 ? a / b : 0)}'; done | median)
	g=$(printf '%s\n' "${go_times[@]}" | median)
	c=$(printf '%s\n' "${gocmd_times[@]}" | median)
	gc=$(printf '%s\n' "${go_cpu[@]}" | median)
	cc=$(printf '%s\n' "${gocmd_cpu[@]}" | median)
	printf '%-28s go %8.4fs  gocmd %8.4fs  ratio %.2f (paired %.2f) | cpu go %7.4fs  gocmd %7.4fs  ratio %.2f  (median of %d%s, load %s)\n' \
		"$name" "$g" "$c" "$(awk -v a="$c" -v b="$g" 'BEGIN {print a / b}')" "$p" \
		"$gc" "$cc" "$(awk -v a="$cc" -v b="$gc" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
		"$reps" "$([ "${batch:-1}" -gt 1 ] && echo " x $batch runs")" "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)"
}

noprep() { :; }
