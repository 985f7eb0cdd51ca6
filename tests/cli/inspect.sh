# -i is accepted; until the REPL exists it runs the program and says so.
"$SKEIN" -i -c 'print("ran")'
