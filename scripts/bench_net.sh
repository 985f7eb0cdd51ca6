#!/usr/bin/env bash
# scripts/bench_net.sh [--duration S] [--runs N] -- the network benchmark:
# examples/http_hello.sk (a keep-alive HTTP/1.1 server, one tasklet per
# connection) loaded with wrk at 1 and 100 connections, next to the same
# server for CPython with gevent (a greenlet per connection) and with
# asyncio streams, and Go's net/http under GOMAXPROCS=1 when Go is
# installed. Prints requests/s (median of N runs of S seconds, default 3 x
# 10 s) and the ratios to Skein, then two costs in microseconds: sleep(0)
# (a yield through the event loop) and a 1 KB echo round trip between two
# tasklets over loopback TCP. Installs wrk and python3-gevent with apt when
# they are missing. Servers listen on 127.0.0.1 only; every run is bounded.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

duration=10
runs=3
while [ $# -gt 0 ]; do
    case $1 in
        --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "bench_net.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

"$SKEIN_ROOT/scripts/setup.sh"
# gevent lives in Debian's python3; a python3 earlier on PATH may lack it.
pygevent=""
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import gevent' 2>/dev/null; then pygevent=$py; break; fi
done
if ! command -v wrk >/dev/null || [ -z "$pygevent" ]; then
    echo "bench_net: installing wrk and python3-gevent" >&2
    sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    ${sudo[@]+"${sudo[@]}"} apt-get install -y -q wrk python3-gevent >/dev/null
    pygevent=/usr/bin/python3
fi
skein_build "$SKEIN_ROOT/build" once -DCMAKE_BUILD_TYPE=Release -- skein
skein=$SKEIN_ROOT/build/skein
net=$SKEIN_ROOT/scripts/bench/net
tmp=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { "$skein" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start NAME PORT CMD... -- starts a server, waits until it accepts.
start() {
    local name=$1 port=$2
    shift 2
    "$@" >"$tmp/$name.log" 2>&1 &
    server_pid=$!
    local n=0
    until "$skein" -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" \
        2>/dev/null; do
        n=$((n + 1))
        if [ $n -ge 100 ] || ! kill -0 "$server_pid" 2>/dev/null; then
            echo "bench_net: $name did not start:" >&2
            cat "$tmp/$name.log" >&2
            return 1
        fi
        sleep 0.1
    done
}

stop() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# load PORT CONNS -- median requests/s of $runs wrk runs.
load() {
    local port=$1 conns=$2 i
    for i in $(seq "$runs"); do
        wrk -t1 -c"$conns" -d"${duration}s" "http://127.0.0.1:$port/" |
            awk '/^Requests\/sec:/ {print $2}'
    done | median
}

declare -A rps
servers=(skein gevent asyncio)
go_bin=""
if command -v go >/dev/null; then
    go_bin=$tmp/http_hello_go
    if (cd "$net" && go build -o "$go_bin" http_hello.go) 2>/dev/null; then
        servers+=(go)
    fi
fi
for s in "${servers[@]}"; do
    port=$(free_port)
    case $s in
        skein) start skein "$port" "$skein" "$SKEIN_ROOT/examples/http_hello.sk" "$port" ;;
        gevent) start gevent "$port" "$pygevent" "$net/http_hello_gevent.py" "$port" ;;
        asyncio) start asyncio "$port" "$pygevent" "$net/http_hello_asyncio.py" "$port" ;;
        go) start go "$port" env GOMAXPROCS=1 "$go_bin" "$port" ;;
    esac
    for c in 1 100; do
        echo "bench_net: $s, $c connection(s), $runs x ${duration}s" >&2
        rps[$s.$c]=$(load "$port" "$c")
    done
    stop
done

echo
echo "requests/s (wrk, median of $runs x ${duration}s; ratio = skein / other)"
printf '%-10s %14s %10s %14s %10s\n' server "1 conn" ratio "100 conns" ratio
for s in "${servers[@]}"; do
    printf '%-10s %14.0f %10.2f %14.0f %10.2f\n' "$s" "${rps[$s.1]}" \
        "$(awk -v a="${rps[skein.1]}" -v b="${rps[$s.1]}" 'BEGIN {print a / b}')" \
        "${rps[$s.100]}" \
        "$(awk -v a="${rps[skein.100]}" -v b="${rps[$s.100]}" 'BEGIN {print a / b}')"
done
[ -z "$go_bin" ] && echo "(go: not installed)"

echo
echo "costs (skein, median of $runs)"
for i in $(seq "$runs"); do "$skein" "$net/sleep0.sk"; done | median |
    awk '{printf "sleep(0)               %8.2f us\n", $1}'
for i in $(seq "$runs"); do "$skein" "$net/echo_rtt.sk"; done | median |
    awk '{printf "1 KB echo round trip   %8.2f us\n", $1}'
