#!/usr/bin/env bash
# scripts/test.sh [--quick] -- sets up the machine, then builds and runs the
# whole CTest suite three times:
#   release    build/           the Release build that run.sh uses
#   gc-stress  build-gcstress/  SKEIN_GC_STRESS: a collection at every allocation
#   asan       build-asan/      AddressSanitizer + UndefinedBehaviorSanitizer, leaks on
# The gc-stress and asan suites skip tests labelled `heavy` (ctest -LE heavy,
# see tests/CMakeLists.txt: 100,000-tasklet programs, quadratic when every
# allocation collects); the release suite runs everything.
# --quick runs only the release build (the developer loop). With CI=true the
# builds use -Werror. Exits non-zero if any build or test fails; the last
# lines are a summary per build. Benchmarks are not part of it (bench.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=0
for arg in "$@"; do
    case $arg in
        --quick) quick=1 ;;
        -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "test.sh: unknown argument '$arg' (try --quick)" >&2; exit 2 ;;
    esac
done

"$SKEIN_ROOT/scripts/setup.sh"

werror=OFF
case ${CI:-} in ""|false|0) ;; *) werror=ON ;; esac

summary=()
failed=0

# suite NAME DIR TIMEOUT [VAR=value...] [--ctest-option...] -- [cmake options...]
# Configures and builds DIR, runs ctest there with the variables set (and
# the extra ctest options), and records one summary line.
suite() {
    local name=$1 dir=$SKEIN_ROOT/$2 timeout=$3
    shift 3
    local envs=() ctargs=()
    while [ "$1" != "--" ]; do
        # --opt=value becomes two words: ctest takes no --opt=value form.
        case $1 in --*=*) ctargs+=("${1%%=*}" "${1#*=}") ;; --*) ctargs+=("$1") ;; *) envs+=("$1") ;; esac
        shift
    done
    shift
    local label
    label=$(printf '%-10s' "$name")

    echo "=== $name: building ${dir#"$SKEIN_ROOT"/}"
    # No stale binary may stand in for one that failed to build.
    rm -f "$dir/skein"
    local built=1
    skein_build "$dir" always -DSKEIN_WERROR=$werror "$@" || built=0
    if [ $built -eq 0 ]; then
        failed=1
        # Whatever did build is still worth testing (make -k built the rest).
        if [ ! -x "$dir/skein" ]; then
            summary+=("$label build FAILED (no skein binary; output above)")
            return
        fi
    fi
    echo "=== $name: running the tests"
    local log=$dir/ctest-summary.log rc=0
    (cd "$dir" && env ${envs[@]+"${envs[@]}"} \
        ctest --output-on-failure -j2 --timeout "$timeout" --no-tests=error ${ctargs[@]+"${ctargs[@]}"}) |
        tee "$log" || rc=$?
    local line failures
    line=$(grep -E 'tests passed, [0-9]+ tests? failed out of' "$log" | tail -n 1 || true)
    failures=$(sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (.*)$/\1/p' "$log" | tr '\n' ' ')
    local broken=""
    [ $built -eq 0 ] && broken="build FAILED (output above); "
    if [ $rc -ne 0 ] || [ $built -eq 0 ]; then
        failed=1
        summary+=("$label FAILED: $broken${line:-ctest exited with status $rc}${failures:+
           failed: $failures}")
    else
        summary+=("$label ok: $line")
    fi
}

suite release build 120 -- -DCMAKE_BUILD_TYPE=Release \
    -DSKEIN_GC_STRESS=OFF -DSKEIN_ASAN=OFF
if [ $quick -eq 0 ]; then
    # Release flags here are -O2 with assertions on (see CMakeLists.txt).
    suite gc-stress build-gcstress 300 --label-exclude=heavy -- -DCMAKE_BUILD_TYPE=Release \
        -DSKEIN_GC_STRESS=ON -DSKEIN_ASAN=OFF -DSKEIN_SHARED=OFF
    suite asan build-asan 300 \
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 --label-exclude=heavy \
        -- -DCMAKE_BUILD_TYPE=Debug -DSKEIN_ASAN=ON -DSKEIN_GC_STRESS=OFF -DSKEIN_SHARED=OFF
fi

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit $failed
