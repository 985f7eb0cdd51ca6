#!/usr/bin/env bash
# scripts/regen-expected.sh [FILE.sk...] -- rewrites the expected outputs of
# the golden tests from CPython 3.11, the oracle of the language contract.
# With no arguments: every tests/lang/**/*.sk and tests/errors/*.sk, except
# helper modules (a file or folder named _*: see tests/CMakeLists.txt).
#
# Each FILE.sk runs as `python3 FILE.sk` from its own directory, with stdin
# from /dev/null. CPython names the script by its absolute path in
# tracebacks; that directory is cut, so they name the bare file name as
# skein's do under run_test.sh. It gives:
#   FILE.out  stdout (always written)
#   FILE.err  stderr without CPython's caret lines (removed when empty)
#   FILE.rc   the exit status (removed when 0)
# A caret line is one made only of spaces, '^' and '~' (at least one of the
# last two); it is kept when the next line starts with SyntaxError,
# IndentationError or TabError, since Skein prints those carets too.
# A file with a line `# regen: no` keeps its hand-written expectations.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=${PYTHON:-python3}

version=$("$py" --version 2>&1 || true)
case $version in
    "Python 3.11."*) ;;
    *) echo "regen-expected.sh: needs CPython 3.11 as $py (found: ${version:-nothing})" >&2
       exit 1 ;;
esac

# clean_stderr DIR: cuts DIR/ from `File "DIR/x.sk"` and drops caret lines.
# A helper module that a test imports is X.sk with a symlink X.py beside it
# for CPython (see tests/CMakeLists.txt); CPython names it DIR/X.py, in a
# traceback or in a message (ImportError's path), Skein names it X.sk.
clean_stderr() {
    local twins
    twins=$(cd "$1" && find . -name '*.py' -type l 2>/dev/null | sed 's|^\./||' | tr '\n' ' ')
    awk -v prefix="File \"$1/" -v dir="$1/" -v twins="$twins" '
        BEGIN { ntwins = split(twins, twin, " ") }
        {
            for (t = 1; t <= ntwins; t++) {
                py = dir twin[t]
                sk = substr(twin[t], 1, length(twin[t]) - 3) ".sk"
                while ((i = index($0, py)) > 0)
                    $0 = substr($0, 1, i - 1) sk substr($0, i + length(py))
            }
            while ((i = index($0, prefix)) > 0)
                $0 = substr($0, 1, i - 1) "File \"" substr($0, i + length(prefix))
            line[NR] = $0
        }
        END {
            for (i = 1; i <= NR; i++) {
                if (line[i] ~ /^[ ^~]*[~^][ ^~]*$/ &&
                    line[i + 1] !~ /^(SyntaxError|IndentationError|TabError)/)
                    continue
                print line[i]
            }
        }'
}

files=()
if [ $# -gt 0 ]; then
    for f in "$@"; do files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done
else
    while IFS= read -r -d '' f; do files+=("$f"); done < <(
        { find "$root/tests/lang" -name '*.sk' ! -path "$root/tests/lang/_*" \
               ! -path "$root/tests/lang/*/_*" -print0
          find "$root/tests/errors" -maxdepth 1 -name '*.sk' ! -name '_*' -print0; } 2>/dev/null |
        sort -z)
fi

# Reproducible CPython: no hash randomisation, no bytecode caches in tests/.
export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8
limit=()
command -v timeout >/dev/null && limit=(timeout 120)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/skein-regen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

written=0 kept=0
for f in ${files[@]+"${files[@]}"}; do
    rel=${f#"$root"/}
    if grep -qx '# regen: no' "$f"; then
        kept=$((kept + 1))
        continue
    fi
    stem=${f%.sk}
    dir=$(cd "$(dirname "$f")" && pwd -P)
    rc=0
    (cd "$dir" &&
        ${limit[@]+"${limit[@]}"} "$py" "$(basename "$f")" </dev/null >"$tmp/out" 2>"$tmp/err") ||
        rc=$?
    clean_stderr "$dir" <"$tmp/err" >"$tmp/err.stripped"
    cp "$tmp/out" "$stem.out"
    if [ -s "$tmp/err.stripped" ]; then cp "$tmp/err.stripped" "$stem.err"; else rm -f "$stem.err"; fi
    if [ $rc -ne 0 ]; then echo "$rc" >"$stem.rc"; else rm -f "$stem.rc"; fi
    case $rel in
        tests/lang/*)
            if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then
                echo "warning: $rel: exit status $rc, stderr:" >&2
                sed 's/^/    /' "$tmp/err" >&2
            fi ;;
    esac
    [ "$rc" = 124 ] && echo "warning: $rel: timed out" >&2
    written=$((written + 1))
done
echo "regen-expected.sh: wrote expectations for $written file(s), kept $kept hand-written"
