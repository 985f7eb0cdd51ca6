# A server blocked in accept() gets SIGTERM from another process: its
# handler runs in the main tasklet, raises SystemExit, and the finally
# block closes the socket (as CPython).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$SKEIN" _term_server.sk > "$out" &
pid=$!
n=0
until [ -s "$out" ] || [ $n -ge 200 ]; do sleep 0.05; n=$((n + 1)); done
kill -TERM $pid
wait $pid
echo "exit status $?"
cat "$out"
