# Tab completion: a global, a keyword, a module after `import`, a module's
# attribute, the list of candidates on a second Tab; a Tab at the start of
# a line indents. A property is not run to complete past it.
python3 _pty.py "$SKEIN" -q <<'KEYS'
send my_variable = 5\r
send my_v\t
sleep 0.2
send \r
send imp\t
sleep 0.2
send  mat\t
sleep 0.2
send \r
send math.sq\t
sleep 0.2
send (16)\r
send math.co\t
sleep 0.2
send \t
sleep 0.3
send s(0)\r
send class P:\r
send \t@property\r
send \tdef boom(self):\r
send \t\traise RuntimeError("ran user code")\r
send \r
send p = P()\r
send p.boom.\t\t
sleep 0.3
send \x15print("no code ran")\r
send \x04
KEYS
