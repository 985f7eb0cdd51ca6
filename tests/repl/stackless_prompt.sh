# Stackless at the prompt: a deadlock report is an ordinary traceback and
# the prompt comes back; a tasklet created at the prompt runs while the
# prompt waits (so it has run before stackless.run() is typed).
python3 _pty.py "$SKEIN" -q <<'KEYS'
send import stackless\r
send ch = stackless.channel()\r
send ch.receive()\r
send def f(x):\r
send     print("tasklet got", x)\r
send \r
send t = stackless.tasklet(f)(5)\r
wait tasklet got 5
send stackless.run()\r
send t.alive, stackless.getruncount()\r
send \x04
KEYS
