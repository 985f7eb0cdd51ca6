# SKEINSTARTUP runs a file in __main__ before the first prompt; -i runs
# the prompt after a program, with its names; -q drops the banner.
python3 _pty.py "$SKEIN" -q <<KEYS
env SKEINSTARTUP=$PWD/_startup.sk
send greeting\r
send \x04
KEYS
echo "--- -i after a program"
python3 _pty.py "$SKEIN" -i -c 'answer = 42' <<'KEYS'
send answer + 1\r
send \x04
KEYS
echo "--- banner"
python3 _pty.py "$SKEIN" <<'KEYS'
send \x04
KEYS
