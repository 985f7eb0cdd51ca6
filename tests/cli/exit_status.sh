# Exit statuses: 0, 1 for an uncaught exception or a syntax error,
# SystemExit's code otherwise (a message is printed and gives 1).
"$SKEIN" -c 'pass'; echo "pass: $?"
"$SKEIN" -c '1/0' 2>/dev/null; echo "exception: $?"
"$SKEIN" -c 'x = (' 2>/dev/null; echo "syntax error: $?"
"$SKEIN" -c 'raise SystemExit(3)'; echo "SystemExit(3): $?"
"$SKEIN" -c 'raise SystemExit'; echo "SystemExit: $?"
"$SKEIN" -c 'raise SystemExit(None)'; echo "SystemExit(None): $?"
"$SKEIN" -c 'raise SystemExit("bye")'; echo "SystemExit('bye'): $?"
"$SKEIN" -c 'print("before"); raise SystemExit(5)'; echo "after output: $?"
