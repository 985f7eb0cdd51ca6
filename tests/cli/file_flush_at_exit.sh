# Files left open are flushed and closed when the VM ends, and when the
# collector frees them: nothing written is lost. Also: a module in the
# script's folder shadows an embedded one (string), and stdin reads lines.
t=$(mktemp -d "${TMPDIR:-/tmp}/skein-flush.XXXXXX")
"$SKEIN" -c "f = open('$t/a.txt', 'w'); f.write('kept at exit\n')"
cat "$t/a.txt"
"$SKEIN" -c "
for i in range(3):
    f = open('$t/b%d.txt' % i, 'w'); f.write('collected %d\n' % i)
f = None
x = [list(range(100)) for _ in range(2000)]
"
cat "$t/b0.txt" "$t/b1.txt" "$t/b2.txt"
printf 'ascii_letters = "shadowed"\n' > "$t/string.sk"
printf 'import string\nprint(string.ascii_letters)\n' > "$t/main.sk"
"$SKEIN" "$t/main.sk"
"$SKEIN" -c 'import string; print(string.digits, string.__file__)'
printf 'one\ntwo\n' | "$SKEIN" -c 'import sys; print(repr(sys.stdin.readline())); print([l for l in sys.stdin])'
rm -rf "$t"
