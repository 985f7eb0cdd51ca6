#!/usr/bin/env bash
# tests/style/format.sh SRCDIR [CLANG_FORMAT] -- fails when a C file of the
# tree differs from what clang-format makes of it under .clang-format.
# Fix with: clang-format -i $(git ls-files '*.c' '*.h')
set -u
src=$1
cf=${2:-clang-format}
if ! command -v "$cf" >/dev/null 2>&1; then
    echo "style: clang-format not found (scripts/setup.sh installs it)" >&2
    exit 1
fi
cd "$src" || exit 1
mapfile -t files < <(find include cli parser vm stdlib tests/unit -name '*.[ch]' | sort)
out=$("$cf" --dry-run -Werror "${files[@]}" 2>&1)
if [ -n "$out" ]; then
    printf '%s\n' "$out" | head -n 40
    n=$(printf '%s\n' "$out" | grep -c 'error:' || true)
    echo "style: $n place(s) differ from .clang-format; run clang-format -i on the files named above" >&2
    exit 1
fi
echo "style: ${#files[@]} files formatted as .clang-format says"
