# The wire protocol is real: a Skein server driven by CPython clients (plain
# socket module, one thread each) in a second process.
command -v python3 >/dev/null || { echo "python3 is needed (scripts/setup.sh installs it)"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$SKEIN" _echo_server.sk 20 > "$out" &
server=$!
n=0
until [ -s "$out" ] || [ $n -ge 200 ]; do sleep 0.05; n=$((n + 1)); done
python3 _cpython_client.py "$(head -n 1 "$out")" 20
wait $server
echo "server exit status $?"
tail -n 1 "$out"
