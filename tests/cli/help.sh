# -h and --help print the usage on stdout and exit 0.
out=$("$SKEIN" -h)
echo "-h: status $?"
printf '%s\n' "$out" | head -n 1
for opt in '-c cmd' '-m mod' '--dis file' '-i ' '--version'; do
    printf '%s\n' "$out" | grep -q -e "$opt" && echo "mentions $opt"
done
"$SKEIN" --help | cmp -s - <(printf '%s\n' "$out") && echo "--help is the same"
