#!/usr/bin/env bash
# scripts/bench_ab.sh ROUNDS SCRIPT BINARY... -- compare builds of skein (or
# any interpreters) on one script by CPU time: ROUNDS rounds, each running
# every binary once in turn under `perf stat -e task-clock`, then the median
# and minimum per binary in ms. Alternating the binaries matters on a shared
# machine whose speed changes from one minute to the next (this project's
# machine is bimodal): two builds measured in separate batches can differ
# by 50% for nothing. Example:
#   scripts/bench_ab.sh 21 scripts/bench/ping_pong.sk /tmp/old/skein build/skein
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: scripts/bench_ab.sh ROUNDS SCRIPT BINARY..." >&2
    exit 2
fi
rounds=$1
script=$2
shift 2
command -v perf >/dev/null || { echo "bench_ab.sh: perf is needed (apt install linux-perf)" >&2; exit 2; }
declare -A times
for ((i = 0; i < rounds; i++)); do
    for b in "$@"; do
        t=$(perf stat -x, -e task-clock "$b" "$script" 2>&1 >/dev/null | grep task-clock | cut -d, -f1)
        times[$b]+="$t "
    done
done
for b in "$@"; do
    echo "${times[$b]}" | tr ' ' '\n' | grep . | sort -n |
        awk -v b="$b" '{a[NR] = $1} END {printf "%-40s median %8.1f ms  min %8.1f ms  (%d runs)\n", b, a[int((NR + 1) / 2)], a[1], NR}'
done
