#!/usr/bin/env bash
# tests/embed/install.sh BUILDDIR SRCDIR CC -- `cmake --install` into a
# scratch prefix, then build a host in a scratch folder the way the docs
# say: `cc host.c $(pkg-config --cflags --libs skein)` (the shared library,
# found at run time through the rpath skein.pc adds), and once more against
# libskein.a with `pkg-config --static`. Both hosts must run and print the
# expected text; the installed skein binary must run a script.
set -euo pipefail
build=$1 src=$2 cc=${3:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
pc=$(dirname "$(find "$tmp/prefix" -name skein.pc | head -n 1)")
export PKG_CONFIG_PATH=$pc
for f in include/skein.h bin/skein; do
    [ -e "$tmp/prefix/$f" ] || { echo "not installed: $f" >&2; exit 1; }
done
so=$(find "$tmp/prefix" -name 'libskein.so.0*' | head -n 1)
[ -n "$so" ] || { echo "libskein.so.0 not installed" >&2; exit 1; }
soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
[ "$soname" = libskein.so.0 ] || { echo "SONAME is '$soname'" >&2; exit 1; }
# Only the API is exported: every exported name is declared in skein.h.
for sym in $(nm -D --defined-only "$so" | awk '{print $3}' | grep -E '^[a-z]'); do
    grep -q "[ *]$sym(" "$src/include/skein.h" || { echo "exported but not in skein.h: $sym" >&2; exit 1; }
done
mkdir "$tmp/host"
cp "$src/examples/embed/hello.c" "$tmp/host/"
cd "$tmp/host"
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror hello.c $(pkg-config --cflags --libs skein) -o hello_shared
./hello_shared >out_shared.txt
libdir=$(pkg-config --variable=libdir skein)
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror hello.c $(pkg-config --cflags skein) "$libdir/libskein.a" \
    $(pkg-config --static --libs-only-l skein | sed 's/-lskein//') -o hello_static
./hello_static >out_static.txt
cmp out_shared.txt out_static.txt
grep -q '^hello from Skein, 42$' out_shared.txt || { cat out_shared.txt >&2; exit 1; }
echo 'print("installed", 6 * 7)' >t.sk
[ "$("$tmp/prefix/bin/skein" t.sk)" = "installed 42" ]
echo "install: ok"
