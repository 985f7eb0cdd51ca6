# input() and sys.stdin park only their tasklet when stdin is a pipe: a
# ticker tasklet keeps running while main waits for a line that comes later.
{ sleep 0.3; printf 'Ada\nsecond line\n'; sleep 0.1; printf 'the rest\n'; } | "$SKEIN" _input_ticker.sk
