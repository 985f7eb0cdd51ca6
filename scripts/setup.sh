#!/usr/bin/env bash
# scripts/setup.sh -- makes sure this machine can build Skein: cmake, make, a
# C compiler with the C library headers, bison, flex, the readline and
# libuv, GMP and PCRE2 headers, clang-format (the suite's style check), python3 (the
# CPython side of the network tests), pkg-config and binutils (the embedding
# tests build hosts against the installed library) and ThreadSanitizer's
# runtime (two VMs on two threads). Installs what is missing with
# apt-get; silent when nothing is missing, so run.sh and test.sh call it
# every time.
# Exits non-zero, naming the packages, when it cannot install them.
set -euo pipefail

missing=()     # Debian packages to install
have() { command -v "$1" >/dev/null 2>&1; }

# A header counts as present when the compiler finds it, wherever it is.
compiler=""
for c in "${CC:-}" cc gcc clang; do
    if [ -n "$c" ] && have "$c"; then compiler=$c; break; fi
done
header_ok() {
    [ -n "$compiler" ] && printf '%b' "$1" | "$compiler" -E -x c - >/dev/null 2>&1
}

have cmake || missing+=(cmake)
have make || missing+=(make)
have bison || missing+=(bison)
have flex || missing+=(flex)
have clang-format || missing+=(clang-format)
have python3 || missing+=(python3)
have pkg-config || missing+=(pkg-config)
have nm || missing+=(binutils)
if [ -z "$compiler" ]; then
    missing+=(gcc libc6-dev)
elif ! header_ok '#include <stdio.h>\n'; then
    missing+=(libc6-dev)
fi
header_ok '#include <stdio.h>\n#include <readline/readline.h>\n' || missing+=(libreadline-dev)
header_ok '#include <uv.h>\n' || missing+=(libuv1-dev)
header_ok '#include <gmp.h>\n' || missing+=(libgmp-dev)
header_ok '#define PCRE2_CODE_UNIT_WIDTH 8\n#include <pcre2.h>\n' || missing+=(libpcre2-dev)
tsan_ok() {
    local t
    t=$(mktemp -d)
    printf 'int main(void) { return 0; }\n' >"$t/t.c"
    "$compiler" -fsanitize=thread "$t/t.c" -o "$t/t" >/dev/null 2>&1
    local rc=$?
    rm -rf "$t"
    return $rc
}
[ -z "$compiler" ] || tsan_ok || missing+=(libtsan2)

[ ${#missing[@]} -eq 0 ] && exit 0

cannot() {
    echo "setup: cannot install the build dependencies ($1)." >&2
    echo "setup: please install these Debian/Ubuntu packages (or their equivalents):" >&2
    echo "    ${missing[*]}" >&2
    exit 1
}

have apt-get || cannot "no apt-get on this system"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    have sudo || cannot "not root and no sudo"
    sudo=(sudo)
fi

echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp "${TMPDIR:-/tmp}/skein-setup.XXXXXX")
trap 'rm -f "$log"' EXIT
if ! { ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
       ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    cannot "apt-get failed"
fi
echo "setup: done" >&2
