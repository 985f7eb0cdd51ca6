# Tracebacks of code from -c and stdin name "<string>" and "<stdin>" and, as
# in CPython, show no source line (there is no file to read it from); a
# SyntaxError still shows its line and caret.
"$SKEIN" -c 'x = 1
y = x / 0'; echo "status $?"
printf 'def f():\n    return [][1]\nf()\n' | "$SKEIN"; echo "status $?"
"$SKEIN" -c 'def f(:'; echo "status $?"
