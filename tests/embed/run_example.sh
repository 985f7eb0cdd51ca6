#!/usr/bin/env bash
# tests/embed/run_example.sh EXE EXPECTED [ARGS...] -- run an embedding
# example in its own folder and compare its whole output with EXPECTED.
set -u
exe=$1 expected=$2
shift 2
out=$(cd "$(dirname "$expected")" && "$exe" "$@" 2>&1)
rc=$?
if [ "$out" != "$(cat "$expected")" ]; then
    diff <(printf '%s\n' "$out") "$expected" >&2
    echo "exit status $rc" >&2
    exit 1
fi
exit $rc
