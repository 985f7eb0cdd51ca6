# With no script and stdin not a terminal, skein runs stdin as the program.
printf 'x = 6\nprint(x * 7)\n' | "$SKEIN"
printf 'print("dash")\n' | "$SKEIN" -
