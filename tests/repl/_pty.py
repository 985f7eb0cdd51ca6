# tests/repl/_pty.py -- drives `skein` on a pseudo-terminal for the REPL
# tests: python3 _pty.py SKEIN [ARGS...] < script. Each script line is
# `send TEXT` (escapes: \r Enter, \x03 Ctrl-C, \x04 Ctrl-D, \x1b[A Up;
# after an Enter it waits for the next prompt), `type TEXT` (no waiting),
# `wait TEXT` (until TEXT appears in the output since the last send, at
# most 10 s; a trailing space is written \x20), `sleep S`,
# `env NAME=VALUE` (before the first send). Prints the session as a
# terminal would show its lines (escape sequences dropped) and the exit
# status, so a test compares it with an expected transcript.
import os, pty, re, select, sys, time

args = sys.argv[1:]
env = dict(os.environ, TERM="xterm", SKEIN_HISTFILE="")
steps = []
for raw in sys.stdin.read().splitlines():
    if not raw.strip() or raw.startswith("#"):
        continue
    cmd, _, arg = raw.partition(" ")
    arg = arg.encode().decode("unicode_escape")
    if cmd == "env":
        k, _, v = arg.partition("=")
        env[k] = v
    else:
        steps.append((cmd, arg))

pid, fd = pty.fork()
if pid == 0:
    os.execvpe(args[0], args, env)

def clean(raw):
    text = raw.decode(errors="replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "")

out = b""
reaped = None
since = 0  # wait looks for its text after the last send
def pump(until=None, timeout=10.0):
    global out
    end = time.time() + timeout
    while time.time() < end:
        if until is not None and until in clean(out[since:]):
            return True
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            out += data
    return until is None

pump(">>> ")
for cmd, arg in steps:
    if cmd == "send":
        mark = since = len(out)
        os.write(fd, arg.encode())
        if arg.endswith("\r"):
            # Each Enter is answered by a prompt, or by the end of the session.
            end = time.time() + 10
            while time.time() < end and not re.search(rb"(>>>|\.\.\.) $", out[mark:]):
                if not pump(timeout=0.05) and not re.search(rb"(>>>|\.\.\.) $", out[mark:]):
                    done, st = os.waitpid(pid, os.WNOHANG)
                    if done:
                        reaped = st
                        break
    elif cmd == "type":
        since = len(out)
        os.write(fd, arg.encode())
    elif cmd == "wait":
        pump(arg)
    elif cmd == "sleep":
        pump(timeout=float(arg))
pump(timeout=0.3)
status = reaped if reaped is not None else os.waitpid(pid, 0)[1]
text = clean(out)
# A line redrawn after background output leaves the prompt it erased.
# (The redraw is made of escape sequences that are dropped above.)
text = re.sub(r"(>>> |\.\.\. )[^\n]*?(?=tick \d)", "", text)
print(text.rstrip())
print("exit status", os.waitstatus_to_exitcode(status))
