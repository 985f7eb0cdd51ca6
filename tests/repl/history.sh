# History: one session writes ~/.skein_history (here $SKEIN_HISTFILE), a
# multi-line statement as one entry; the next session recalls it with the
# Up arrow and runs it again. An unwritable history file is a warning at
# exit, never a crash.
hist=$(mktemp)
trap 'rm -f "$hist"' EXIT
python3 _pty.py "$SKEIN" -q <<KEYS
env SKEIN_HISTFILE=$hist
send def twice(n):\r
send     return 2 * n\r
send \r
send twice(21)\r
send \x04
KEYS
echo "--- second session"
python3 _pty.py "$SKEIN" -q <<KEYS
env SKEIN_HISTFILE=$hist
send \x1b[A\x1b[A
sleep 0.2
send \r
send \r
send twice(5)\r
send \x04
KEYS
echo "--- history file unwritable"
python3 _pty.py "$SKEIN" -q <<KEYS
env SKEIN_HISTFILE=/nonexistent-folder/history
send 1 + 1\r
send \x04
KEYS
