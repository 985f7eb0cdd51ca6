# --dis FILE prints the bytecode (opcode names) and does not run FILE.
out=$("$SKEIN" --dis dis_input.sk)
echo "status $?"
for op in MAKE_FUNCTION BINARY_ADD RETURN_VALUE; do
    if printf '%s\n' "$out" | grep -qw "$op"; then echo "has $op"; else echo "missing $op"; fi
done
if printf '%s\n' "$out" | grep -q '^ran 3$'; then echo "it ran the program"; fi
