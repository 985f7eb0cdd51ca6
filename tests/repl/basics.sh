# Definitions across lines, a value echoed and kept in `_`, an error and
# the recovery with earlier names intact, a blank line, exit(3).
python3 _pty.py "$SKEIN" -q <<'KEYS'
send x = 6 * 7\r
send x\r
send def f(n):\r
send     return n + 1\r
send \r
send f(x)\r
send _ * 2\r
send None\r
send 1/0\r
send print(x, f(1))\r
send class C:\r
send     def __repr__(self):\r
send         return "<a C>"\r
send \r
send C()\r
send [1,\r
send  2]\r
send if x:\r
send     print("big") if x > 10 else print("small")\r
send \r
send def bad(:\r
send \r
send exit(3)\r
KEYS
