#!/usr/bin/env bash
# tests/style/layout.sh SRCDIR CC -- the layout rules of docs/internals.md:
#   - vm/ has no .c file in its root but api.c (the rest sits in a layer folder);
#   - every other vm/ .c file has a header of the same name and includes it first;
#   - no vm/ file but vm/api.c (the opener) includes a stdlib/ header;
#   - every source file opens with "// its/path -- what it holds";
#   - every vm/ header compiles on its own (it includes what it uses).
set -u
src=$1
cc=${2:-cc}
cd "$src" || exit 1
fail=0
bad() { echo "layout: $*" >&2; fail=1; }

for f in vm/*.c; do
    [ "$f" = vm/api.c ] || bad "$f: .c files live in a layer folder (vm/core, vm/objects, ...)"
done
for f in $(find vm -mindepth 2 -name '*.c' | sort); do
    h=${f%.c}.h
    [ -f "$h" ] || { bad "$f has no header $h"; continue; }
    first=$(grep -m1 '^#include' "$f")
    [ "$first" = "#include \"$h\"" ] || bad "$f: the first include must be its own header \"$h\""
done
for f in $(find vm -name '*.[ch]' | sort); do
    [ "$f" = vm/api.c ] && continue
    if grep -n '^#[[:space:]]*include[[:space:]]*"stdlib/' "$f" >/dev/null; then
        bad "$f includes stdlib/: only vm/api.c opens the standard library"
    fi
done
for f in $(find include cli parser vm stdlib -name '*.[ch]' | sort); do
    case $(head -n1 "$f") in
        "// $f -- "* | "/* $f -- "*) ;;
        *) bad "$f: the first line must be \"// $f -- what lives here\"" ;;
    esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for h in $(find vm -name '*.h' | sort); do
    printf '#include "%s"\n#include "%s"\n' "$h" "$h" >"$tmp/t.c"
    if ! "$cc" -std=c11 -Wall -Wextra -Werror -Wno-unused-function -I. -Iinclude \
        -fsyntax-only "$tmp/t.c" 2>"$tmp/err"; then
        bad "$h does not compile on its own:"
        head -n 5 "$tmp/err" >&2
    fi
done
[ $fail -eq 0 ] && echo "layout: ok"
exit $fail
