# A script that cannot be opened is a usage error (status 2), worded as
# CPython words it: a relative path is shown prefixed with the working dir.
"$SKEIN" no_such_file.sk 2>&1 | sed "s|'$PWD/|'CWD/|"
"$SKEIN" .. 2>&1 | sed "s|'$PWD/|'CWD/|"
"$SKEIN" /no-such-dir/x.sk
