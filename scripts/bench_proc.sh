#!/usr/bin/env bash
# scripts/bench_proc.sh [--runs N] -- the process module's figures beside
# Python 3.11's multiprocessing (fork start method) on the same machine in
# the same run, each the median of N runs (default 5), runs interleaved:
#   map        process.map of a CPU-bound function, 1 worker then 2: the
#              speed-up (goal >= 1.9 on 2 cores), beside the ceiling of the
#              machine: two independent runs at once against one alone
#   roundtrip  small-message round trips per second, parent <-> child:
#              skein vs multiprocessing.Pipe and .Queue (goal >= 10x)
#   1 MB       MB/s of 1 MB messages both ways, same peers
#   spawn      spawn + join of an empty child in ms (goal <= 1 ms), vs
#              multiprocessing.Process
# Each program (scripts/bench/proc/) times itself and prints one number.
# SKEIN=/path/to/skein measures that binary instead (no build).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=5
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --runs=*) runs=${1#--runs=}; shift ;;
        -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "bench_proc.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
case $runs in ''|*[!0-9]*|0) echo "bench_proc.sh: --runs wants a positive number" >&2; exit 2 ;; esac

skein_for_bench
command -v python3 >/dev/null || { echo "bench_proc.sh: needs python3 for the peers" >&2; exit 2; }
dir=$SKEIN_ROOT/scripts/bench/proc
cd "$dir"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

declare -A got
# Interleave: one run of every program per round.
for ((r = 1; r <= runs; r++)); do
    got[map1]+=" $("$skein" map_cpu.sk 1 32)"
    got[map2]+=" $("$skein" map_cpu.sk 2 32)"
    # The machine's own ceiling: two independent single-worker runs of half
    # the work at once, against one of them alone.
    t0=$(date +%s.%N)
    "$skein" map_cpu.sk 1 16 >/dev/null & "$skein" map_cpu.sk 1 16 >/dev/null; wait
    t1=$(date +%s.%N)
    got[pair]+=" $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
    t0=$(date +%s.%N)
    "$skein" map_cpu.sk 1 16 >/dev/null
    t1=$(date +%s.%N)
    got[single]+=" $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
    got[rt_sk]+=" $("$skein" roundtrip.sk 20000)"
    got[rt_pipe]+=" $(python3 roundtrip.py pipe 20000)"
    got[rt_queue]+=" $(python3 roundtrip.py queue 20000)"
    got[mb_sk]+=" $("$skein" throughput.sk 200)"
    got[mb_pipe]+=" $(python3 throughput.py pipe 200)"
    got[mb_queue]+=" $(python3 throughput.py queue 200)"
    got[sp_sk]+=" $("$skein" spawn_join.sk 100)"
    got[sp_mp]+=" $(python3 spawn_join.py 100)"
done
declare -A m
for k in "${!got[@]}"; do m[$k]=$(echo "${got[$k]}" | median); done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "process module, medians of $runs runs ($(nproc) CPUs)"
printf '%-28s %12s %12s %12s\n' "" skein "mp.Pipe" "mp.Queue"
printf '%-28s %12s %12s %12s   x%s / x%s\n' "round trips/s (small)" "${m[rt_sk]}" "${m[rt_pipe]}" "${m[rt_queue]}" \
    "$(ratio "${m[rt_sk]}" "${m[rt_pipe]}")" "$(ratio "${m[rt_sk]}" "${m[rt_queue]}")"
printf '%-28s %12s %12s %12s   x%s / x%s\n' "MB/s (1 MB messages)" "${m[mb_sk]}" "${m[mb_pipe]}" "${m[mb_queue]}" \
    "$(ratio "${m[mb_sk]}" "${m[mb_pipe]}")" "$(ratio "${m[mb_sk]}" "${m[mb_queue]}")"
printf '%-28s %12s %12s %12s   x%s faster\n' "spawn + join (ms)" "${m[sp_sk]}" "${m[sp_mp]}" "(Process)" \
    "$(ratio "${m[sp_mp]}" "${m[sp_sk]}")"
printf '%-28s %12s s (1 worker) %s s (2 workers): speed-up x%s\n' "process.map, CPU-bound" "${m[map1]}" "${m[map2]}" \
    "$(ratio "${m[map1]}" "${m[map2]}")"
printf '%-28s %12s s (one run) %s s (two at once): ceiling x%s\n' "two independent processes" "${m[single]}" "${m[pair]}" \
    "$(awk -v a="${m[single]}" -v b="${m[pair]}" 'BEGIN { printf "%.2f", 2 * a / b }')"
