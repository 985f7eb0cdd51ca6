# SIGINT: KeyboardInterrupt in the main tasklet, wherever it is (a busy
# loop, a sleep); uncaught, the traceback and then death by SIGINT, so the
# shell sees status 130, as with CPython. A plain background job of a script
# starts with SIGINT ignored (Skein, like CPython, leaves it ignored): env
# --default-signal gives the program the default disposition back.

interrupt() { # FILE: run it, wait for its first line, then send SIGINT
    env --default-signal=INT "$SKEIN" "$1" > out.tmp 2> err.tmp &
    local pid=$! n=0
    until [ -s out.tmp ] || [ $n -ge 100 ]; do sleep 0.05; n=$((n + 1)); done
    sleep 0.1
    kill -INT $pid
    wait $pid
    echo "status $?"
    cat out.tmp
    cat err.tmp >&2
    rm -f out.tmp err.tmp
}
interrupt _busy.sk
# The second signal arrives while main sleeps.
env --default-signal=INT "$SKEIN" _busy_caught.sk > out.tmp &
pid=$!
n=0
until [ -s out.tmp ] || [ $n -ge 100 ]; do sleep 0.05; n=$((n + 1)); done
sleep 0.1
kill -INT $pid
sleep 0.3
kill -INT $pid
wait $pid
echo "status $?"
cat out.tmp
rm -f out.tmp
