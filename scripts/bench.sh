#!/usr/bin/env bash
# scripts/bench.sh [--runs N] [name...] -- times the programs in
# scripts/bench/ with build/skein (Release, built if stale), python3 and,
# when a .lua twin exists, lua5.4. Runs are interleaved (skein, python, lua,
# skein, ...) so a noisy moment hurts every column alike; each column shows
# the median of N runs (default 5). Before timing, skein's output must match
# python's, else the row says OUTPUT DIFFERS. The last line is the geometric
# mean of each ratio column. Needs no python to time: bash and date do.
# SKEIN=/path/to/skein times that binary instead (no build).
# Benchmarks that import stackless (python3 has no such module) get their
# own table after the geomean: the per-operation cost after subtracting
# the start-up time, and for blocked_memory the bytes per blocked tasklet
# from the peak RSS (/usr/bin/time) over a baseline run, with the targets.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=5
names=()
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --runs=*) runs=${1#--runs=}; shift ;;
        -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
        *) names+=("${1%.sk}"); shift ;;
    esac
done
case $runs in ''|*[!0-9]*|0) echo "bench.sh: --runs wants a positive number" >&2; exit 2 ;; esac

bench_dir=$SKEIN_ROOT/scripts/bench
if [ ${#names[@]} -eq 0 ]; then
    for f in "$bench_dir"/*.sk; do names+=("$(basename "${f%.sk}")"); done
fi
for n in "${names[@]}"; do
    [ -f "$bench_dir/$n.sk" ] || { echo "bench.sh: no benchmark $bench_dir/$n.sk" >&2; exit 2; }
done

skein_for_bench

python=""
if command -v python3 >/dev/null; then
    python=python3
    v=$(python3 --version 2>&1)
    case $v in "Python 3.11."*) ;; *) echo "bench.sh: warning: $v is not 3.11; ratios are not comparable" >&2 ;; esac
else
    echo "bench.sh: warning: no python3; the python columns stay empty" >&2
fi
lua=""
command -v lua5.4 >/dev/null && lua=lua5.4

tmp=$(mktemp -d "${TMPDIR:-/tmp}/skein-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# timed OUTFILE CMD... -- runs CMD from the bench directory, prints the wall
# time in seconds; fails with CMD's status.
timed() {
    local out=$1 start end
    shift
    start=$(date +%s%N)
    (cd "$bench_dir" && "$@" >"$out" 2>&1) || return $?
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}
median() { tr ' ' '\n' | awk NF | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit; m = int((NR + 1) / 2)
    printf "%.3f", NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }'; }

# Programs using the stackless module go to bench_conc.sh's table.
plain_names=() conc_names=()
for n in "${names[@]}"; do
    if grep -q '^import stackless' "$bench_dir/$n.sk"; then conc_names+=("$n"); else plain_names+=("$n"); fi
done
names=(${plain_names[@]+"${plain_names[@]}"})

row_format='%-14s %9s %9s %8s %9s %8s  %s\n'
[ ${#names[@]} -gt 0 ] && printf "$row_format" benchmark "skein s" "python s" "sk/py" "lua s" "sk/lua" ""
py_ratios=() lua_ratios=()
for n in ${names[@]+"${names[@]}"}; do
    sk_times="" py_times="" lua_times="" note=""
    has_lua=""
    [ -n "$lua" ] && [ -f "$bench_dir/$n.lua" ] && has_lua=1
    for ((r = 1; r <= runs; r++)); do
        if t=$(timed "$tmp/skein.out" "$skein" "$n.sk"); then
            sk_times+=" $t"
        else
            note="SKEIN FAILED (status $?)"
            break
        fi
        if [ -n "$python" ]; then
            t=$(timed "$tmp/python.out" "$python" "$n.sk") && py_times+=" $t" || note="PYTHON FAILED"
            if [ $r -eq 1 ] && ! cmp -s "$tmp/skein.out" "$tmp/python.out"; then
                note="OUTPUT DIFFERS"
                break
            fi
        fi
        if [ -n "$has_lua" ]; then
            t=$(timed "$tmp/lua.out" "$lua" "$n.lua") && lua_times+=" $t" || note="LUA FAILED"
        fi
    done
    if [ -n "$note" ] && [ "$note" != "LUA FAILED" ] && [ "$note" != "PYTHON FAILED" ]; then
        printf "$row_format" "$n" - - - - - "$note"
        if [ "$note" = "OUTPUT DIFFERS" ]; then
            diff "$tmp/python.out" "$tmp/skein.out" | head -n 6 | sed 's/^/    /'
        else
            head -n 6 "$tmp/skein.out" | sed 's/^/    /'
        fi
        continue
    fi
    sk=$(echo "$sk_times" | median)
    py=$(echo "$py_times" | median)
    lu=$(echo "$lua_times" | median)
    rp=$(ratio "$sk" "$py" || true)
    rl=$(ratio "$sk" "$lu" || true)
    [ -n "$rp" ] && py_ratios+=("$rp")
    [ -n "$rl" ] && lua_ratios+=("$rl")
    printf "$row_format" "$n" "$sk" "${py:--}" "${rp:--}" "${lu:--}" "${rl:--}" "$note"
done

geomean() { printf '%s\n' "$@" | awk '$1 > 0 { s += log($1); n++ }
    END { if (n) printf "%.2f", exp(s / n) }'; }
gp="" gl=""
[ ${#py_ratios[@]} -gt 0 ] && gp=$(geomean "${py_ratios[@]}")
[ ${#lua_ratios[@]} -gt 0 ] && gl=$(geomean "${lua_ratios[@]}")
[ ${#names[@]} -gt 0 ] && printf "$row_format" "geomean" "" "" "${gp:--}" "" "${gl:--}" "(ratio < 1: skein is faster)"

if [ ${#conc_names[@]} -gt 0 ]; then . "$SKEIN_ROOT/scripts/bench_conc.sh"; fi
