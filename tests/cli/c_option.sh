# -c runs the code given on the command line; stdout is flushed at exit.
"$SKEIN" -c 'print(1+1)'
"$SKEIN" -c 'print("no newline", end="")' | cat
echo
"$SKEIN" '-cprint(3 * 4)'
"$SKEIN" -c 'x = 5
if x > 2:
    print("multi-line", x)'
