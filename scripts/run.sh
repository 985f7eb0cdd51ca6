#!/usr/bin/env bash
# scripts/run.sh [skein arguments] -- sets up the machine (setup.sh), builds
# the Release binary in build/ when it is stale, then runs it:
#     scripts/run.sh file.sk        scripts/run.sh -c 'print(1 + 1)'
# The build is incremental and silent unless it fails.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$SKEIN_ROOT/scripts/setup.sh" >&2
skein_build "$SKEIN_ROOT/build" once -DCMAKE_BUILD_TYPE=Release -- skein
exec "$SKEIN_ROOT/build/skein" "$@"
