# A script read from a FIFO (a named pipe): read once, so it runs and the
# interpreter exits when it ends, rather than waiting for a second writer.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/script.sk"
printf 'import sys\nprint("from a fifo", len(sys.argv))\nraise SystemExit(3)\n' > "$dir/script.sk" &
timeout 10 "$SKEIN" "$dir/script.sk"
echo "status $?"
wait
