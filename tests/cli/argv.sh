# sys.argv is [script, args...]: "-c" for -c, "-" or "" for stdin; options
# after the script belong to the script.
"$SKEIN" argv_input.sk a 'b c' -x -- -c
"$SKEIN" -- argv_input.sk z
"$SKEIN" -c 'import sys; print(sys.argv)' 1 2
"$SKEIN" -c 'import sys; print(sys.argv)'
printf 'import sys\nprint(sys.argv)\n' | "$SKEIN" - q
printf 'import sys\nprint(sys.argv)\n' | "$SKEIN"
