# skein --version and -V print the version on stdout and exit 0.
"$SKEIN" --version
"$SKEIN" -V
