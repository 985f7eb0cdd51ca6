# Bad options are usage errors: a message, the usage line, status 2.
"$SKEIN" --bogus; echo "status $?"
"$SKEIN" -Z; echo "status $?"
"$SKEIN" -c; echo "status $?"
"$SKEIN" --dis; echo "status $?"
