# scripts/bench_conc.sh -- the tasklet/channel table of bench.sh, sourced by
# it (not run alone) with $skein, $runs, $tmp, $bench_dir, conc_names and
# the helpers timed and median in scope. These programs use the stackless
# module, which python3 lacks, so there is no ratio column: each row shows
# skein's median wall time, the cost of one operation and the target from
# the concurrency issue. The cost per operation comes from the median CPU
# time (user + sys, from /usr/bin/time; wall time without it) minus that of
# an empty `import stackless` program: on a shared two-core machine the
# wall time also counts other processes. blocked_memory also runs with N=0 as a baseline and
# reports (peak RSS(N) - peak RSS(0)) / N from /usr/bin/time -f %M.
# Peers for scale (not measured here): greenlet switches cost about
# 100-200 ns, Go channel round trips about 200-400 ns.

# conc_spec NAME -> "ops unit target" (target "-" when the issue sets none)
conc_spec() {
    case $1 in
        ping_pong) echo "1000000 ns/round-trip 90" ;;
        ring) echo "1000000 ns/hand-over -" ;;
        spawn) echo "200000 ns/tasklet 180" ;;
        blocked_memory) echo "1000000 bytes/tasklet 300" ;;
        *) echo "0 - -" ;;
    esac
}

# peak_kb OUTFILE ARGS... -- runs skein ARGS from the bench directory under
# /usr/bin/time; prints the peak resident set size in KB.
peak_kb() {
    local out=$1
    shift
    (cd "$bench_dir" && /usr/bin/time -f %M -o "$tmp/rss" "$skein" "$@" >"$out" 2>&1) || return $?
    tail -n 1 "$tmp/rss"
}

# cpu_timed OUTFILE ARGS... -- runs skein ARGS from the bench directory;
# prints "wall cpu" in seconds (cpu = user + sys, or wall without
# /usr/bin/time).
cpu_timed() {
    local out=$1 w
    shift
    if [ -x /usr/bin/time ]; then
        (cd "$bench_dir" && /usr/bin/time -f '%e %U %S' -o "$tmp/cpu" "$skein" "$@" >"$out" 2>&1) || return $?
        awk 'END { printf "%.3f %.3f", $1, $2 + $3 }' "$tmp/cpu"
    else
        w=$(timed "$out" "$skein" "$@") || return $?
        echo "$w $w"
    fi
}

printf 'import stackless\n' >"$tmp/empty.sk"
base_times=""
for ((r = 1; r <= runs; r++)); do
    t=$(cpu_timed "$tmp/empty.out" "$tmp/empty.sk") && base_times+=" ${t#* }"
done
base=$(echo "$base_times" | median)

conc_format='%-14s %9s %12s %-16s %s\n'
[ ${#names[@]} -gt 0 ] && echo
printf "$conc_format" tasklets "skein s" "per op" "unit" "target (per op: CPU time less ${base:-?} s start-up)"
for n in "${conc_names[@]}"; do
    read -r ops unit target <<<"$(conc_spec "$n")"
    sk_times="" cpu_times="" note=""
    for ((r = 1; r <= runs; r++)); do
        if t=$(cpu_timed "$tmp/skein.out" "$n.sk"); then
            sk_times+=" ${t% *}"
            cpu_times+=" ${t#* }"
        else
            note="SKEIN FAILED (status $?)"
            break
        fi
    done
    if [ -n "$note" ]; then
        printf "$conc_format" "$n" - - - "$note"
        head -n 6 "$tmp/skein.out" | sed 's/^/    /'
        continue
    fi
    sk=$(echo "$sk_times" | median)
    cpu=$(echo "$cpu_times" | median)
    per="-"
    if [ "$n" = blocked_memory ]; then
        if [ -x /usr/bin/time ] && kb0=$(peak_kb "$tmp/m0.out" "$n.sk" 0) &&
            kbn=$(peak_kb "$tmp/mn.out" "$n.sk" "$ops"); then
            per=$(awk -v a="$kbn" -v b="$kb0" -v n="$ops" 'BEGIN { printf "%.0f", (a - b) * 1024 / n }')
            note="peak $(awk -v k="$kbn" 'BEGIN { printf "%.0f MB", k / 1024 }') (target < 350 MB)"
        else
            note="(no /usr/bin/time: memory not measured)"
        fi
    elif [ "$ops" -gt 0 ]; then
        per=$(awk -v t="$cpu" -v b="${base:-0}" -v n="$ops" 'BEGIN { printf "%.0f", (t - b) * 1e9 / n }')
    fi
    [ "$target" != "-" ] && note="<= $target $unit${note:+; $note}"
    [ "$per" = "-" ] && unit="-"
    printf "$conc_format" "$n" "$sk" "$per" "$unit" "$note"
done
