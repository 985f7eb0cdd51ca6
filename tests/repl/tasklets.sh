# A tasklet started at the prompt keeps running while the prompt waits for
# input; its output goes above the line being typed, which stays intact.
python3 _pty.py "$SKEIN" -q <<'KEYS'
send import stackless, time\r
send def ticker():\r
send     for i in range(3):\r
send         print("tick", i)\r
send         time.sleep(0.1)\r
send \r
send t = stackless.tasklet(ticker)()\r
send abc
wait tick 2
send def = 1\r
send abcdef\r
send t.alive\r
send \x04
KEYS
