# scripts/lib.sh -- shared by run.sh, test.sh and the bench scripts (sourced,
# not run): where the repository is, how to build a tree quietly, and which
# skein binary a benchmark measures.

SKEIN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# skein_build DIR WHEN [cmake -D options...] [-- build targets...]
# Configures DIR when WHEN is "always" or when DIR has no CMakeCache.txt yet
# ("once"), then brings the targets (default: all) up to date with -j2,
# going on past a failed target so everything else is built (make -k).
# Output is shown only when something fails; returns non-zero then.
skein_build() {
    local dir=$1 when=$2
    shift 2
    local opts=() targets=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    local t
    for t in "$@"; do targets+=(--target "$t"); done
    local log keep_going
    log=$(mktemp "${TMPDIR:-/tmp}/skein-build.XXXXXX")
    if { if [ "$when" = always ] || [ ! -f "$dir/CMakeCache.txt" ]; then
             cmake -S "$SKEIN_ROOT" -B "$dir" ${opts[@]+"${opts[@]}"}
         fi &&
         if [ -f "$dir/Makefile" ]; then keep_going=(-- -k); else keep_going=(); fi &&
         cmake --build "$dir" -j2 ${targets[@]+"${targets[@]}"} ${keep_going[@]+"${keep_going[@]}"}; } >"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    # The progress lines hide the errors; everything else is shown.
    grep -Ev '^\[ *[0-9]+%\] (Building|Linking|Built|Scanning)|^-- ' "$log" >&2 || true
    rm -f "$log"
    echo "error: building ${dir#"$SKEIN_ROOT"/} failed (output above)" >&2
    return 1
}

# skein_for_bench -- sets $skein for a benchmark: $SKEIN (no build) when
# set, else build/skein, set up and built in Release if stale.
skein_for_bench() {
    if [ -n "${SKEIN:-}" ]; then
        skein=$(cd "$(dirname "$SKEIN")" && pwd)/$(basename "$SKEIN")
    else
        "$SKEIN_ROOT/scripts/setup.sh"
        skein_build "$SKEIN_ROOT/build" once -DCMAKE_BUILD_TYPE=Release -- skein
        skein=$SKEIN_ROOT/build/skein
    fi
}
