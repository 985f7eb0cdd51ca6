# Files left unclosed behave as in CPython (where dropping the last
# reference closes them): a later open() of the same path sees what was
# written, and at exit the last of several unclosed writes is what stays.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/prog.sk" <<'PROG'
import json
p = "data.txt"
open(p, "w").write("first")
print(repr(open(p).read()))
json.dump({"a": 1}, open(p, "w"))
print(json.load(open(p)))
open(p, "w").write("one")
open(p, "w").write("two")
open(p, "w").write("three")
PROG
cd "$dir" && "$SKEIN" prog.sk && cat data.txt && echo
