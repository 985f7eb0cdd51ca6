# -X preempt=N (as --preempt N) and -u (unbuffered stdout and stderr; the
# streams interleave as written here with or without it, since a write to
# stderr flushes stdout first); unknown -X options and bad values are usage
# errors with status 2.
"$SKEIN" -X preempt=1000 -c '
import stackless
out = []
def spin(name):
    for i in range(20000):
        pass
    out.append(name)
stackless.tasklet(spin)("a")
stackless.tasklet(spin)("b")
stackless.run()
print(sorted(out))'
"$SKEIN" -u -c 'import sys
print("out 1")
sys.stderr.write("err 1\n")
print("out 2")' 2>&1
"$SKEIN" -X nonsense -c 'pass'
echo "status $?"
"$SKEIN" -X preempt=-3 -c 'pass'
echo "status $?"
