# Ctrl-C at the prompt drops the line; Ctrl-C in a running loop raises
# KeyboardInterrupt in it; the session goes on; Ctrl-D leaves with 0.
python3 _pty.py "$SKEIN" -q <<'KEYS'
send half a line
sleep 0.2
send \x03
wait KeyboardInterrupt\n>>>\x20
send print("after Ctrl-C")\r
send n = 0\r
send while True: n += 1\r
type \r
sleep 0.3
send \x03
wait KeyboardInterrupt\n>>>\x20
send print("loop interrupted:", n > 0)\r
send \x04
KEYS
