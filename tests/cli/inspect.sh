# -i: after the program, the interactive loop. With stdin not a terminal
# it reads statements from stdin and writes its prompts to stderr, as
# CPython does (here stdin is empty, then a short session).
"$SKEIN" -i -c 'print("ran")'
printf 'x = 2\nx * 3\nif x:\n    print("yes")\n\n' | "$SKEIN" -i -c 'print("ran")'
printf 'exit(4)\n' | "$SKEIN" -i -c 'pass'
echo "status $?"
