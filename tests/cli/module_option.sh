# -m runs a module from the search path as __main__ (a .sk file, or a
# package's __main__), with sys.argv[0] its absolute path and the rest of
# the command line its arguments; an unknown module is an error (status 1).
cd _modules
"$SKEIN" -m _runme one two
"$SKEIN" -m _runpkg
SKEINPATH="$PWD" "$SKEIN" -c 'print("SKEINPATH honoured")'
cd ..
SKEINPATH="$PWD/_modules" "$SKEIN" -m _runme from-skeinpath
"$SKEIN" -m _no_such_module
echo "status $?"
