#!/usr/bin/env bash
# tests/run_test.sh SKEIN FILE -- runs one golden test and compares what it
# did with what it should have done. CTest calls it once per test (see
# tests/CMakeLists.txt); it also works by hand.
#
# FILE.sk is run as `SKEIN FILE.sk` from inside its own directory (so a
# traceback names the bare file name, as CPython's does when regenerating
# the expectations), with stdin from /dev/null.
# FILE.sh is a shell test: run with bash from its directory, with $SKEIN set
# to the binary, for tests of the command line itself (tests/cli/).
#
# Expectations sit next to FILE: FILE.out (stdout; missing = empty),
# FILE.err (stderr; missing = must be empty), FILE.rc (exit status;
# missing = 0). A mismatch prints a unified diff and fails.
# Needs only bash and diffutils: no python3.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 SKEIN FILE" >&2
    exit 2
fi

skein=$1
file=$2
case $skein in /*) ;; */*) skein=$PWD/$skein ;; esac  # bare names: PATH
dir=$(cd "$(dirname "$file")" && pwd) || exit 2
base=$(basename "$file")
stem=$dir/${base%.*}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/skein-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

cd "$dir" || exit 2
case $base in
    *.sh) SKEIN=$skein bash "$base" </dev/null >"$tmp/out" 2>"$tmp/err" ;;
    *) "$skein" "$base" </dev/null >"$tmp/out" 2>"$tmp/err" ;;
esac
rc=$?

expected_rc=0
if [ -f "$stem.rc" ]; then
    read -r expected_rc <"$stem.rc" || true
fi

# Each failing part is reported; all parts are checked, so one run shows
# every difference.
status=0
compare() { # what, expected file, actual file
    local expected=$2
    [ -f "$expected" ] || expected=/dev/null
    if ! cmp -s "$expected" "$3"; then
        echo "--- $1 differs (expected ${2##*/}, got actual):"
        diff -u --label "expected $1" --label "actual $1" "$expected" "$3"
        status=1
    fi
}
compare stdout "$stem.out" "$tmp/out"
compare stderr "$stem.err" "$tmp/err"
if [ "$rc" != "$expected_rc" ]; then
    echo "--- exit status: expected $expected_rc, got $rc"
    status=1
fi
if [ $status -ne 0 ]; then
    echo "FAIL: $file"
fi
exit $status
