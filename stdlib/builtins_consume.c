// stdlib/builtins_consume.c -- the builtins that consume an iterable, again
// in Skein (stdlib/builtins_consume.h). Their C versions pull items through
// nested calls, and a tasklet cannot block under C: `list(ch)` or
// `sum(m.size for m in proc)` would fail with "a C function is on the
// stack". Called by the loop itself, such a builtin hands its call to the
// Skein version below (sk_redirect: the loop calls that function with the
// same arguments), whose `for` loop may block like any other. The code is
// named "<stackless>", so its frames stay out of tracebacks.
#include "stdlib/builtins_consume.h"
#include "parser/compile.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/objects/dict.h"
#include "vm/objects/str.h"
#include "vm/sched/loop.h"
#include "vm/sched/tasklet.h"

static const char CONSUME[] =
    "def _list(it):\n"
    "    r = []\n"
    "    for x in it:\n"
    "        r.append(x)\n"
    "    return r\n"
    "def _tuple(it):\n"
    "    return tuple(_list(it))\n"
    "def _set(it):\n"
    "    s = set()\n"
    "    for x in it:\n"
    "        s.add(x)\n"
    "    return s\n"
    "def _frozenset(it):\n"
    "    return frozenset(_set(it))\n"
    "def _sorted(it, /, *, key=None, reverse=False):\n"
    "    r = _list(it)\n"
    "    r.sort(key=key, reverse=reverse)\n"
    "    return r\n"
    "def _sum(it, /, start=0):\n"
    "    total = start\n"
    "    for x in it:\n"
    "        total = total + x\n"
    "    return total\n"
    "def _any(it):\n"
    "    for x in it:\n"
    "        if x:\n"
    "            return True\n"
    "    return False\n"
    "def _all(it):\n"
    "    for x in it:\n"
    "        if not x:\n"
    "            return False\n"
    "    return True\n"
    "_NO = object()\n"
    "def _minmax(name, gt, it, key, default):\n"
    "    it = iter(it)\n"
    "    for best in it:\n"
    "        break\n"
    "    else:\n"
    "        if default is _NO:\n"
    "            raise ValueError(name + \"() arg is an empty sequence\")\n"
    "        return default\n"
    "    if key is None:\n"
    "        for x in it:\n"
    "            if gt(x, best):\n"
    "                best = x\n"
    "        return best\n"
    "    kb = key(best)\n"
    "    for x in it:\n"
    "        kx = key(x)\n"
    "        if gt(kx, kb):\n"
    "            best, kb = x, kx\n"
    "    return best\n"
    "def _max(it, /, *, key=None, default=_NO):\n"
    "    return _minmax(\"max\", lambda a, b: a > b, it, key, default)\n"
    "def _min(it, /, *, key=None, default=_NO):\n"
    "    return _minmax(\"min\", lambda a, b: a < b, it, key, default)\n"
    "def _join(sep, it, /):\n"
    "    return sep.join(_list(it))\n"
    "def _dict(src, /, **kw):\n"
    "    d = {}\n"
    "    if hasattr(src, \"keys\"):\n"
    "        d.update(src)\n"
    "    else:\n"
    "        n = 0\n"
    "        for item in src:\n"
    "            try:\n"
    "                pair = _list(item)\n"
    "            except TypeError:\n"
    "                raise TypeError(\"cannot convert dictionary update sequence element #%d to a "
    "sequence\" % n) from None\n"
    "            if len(pair) != 2:\n"
    "                raise ValueError(\"dictionary update sequence element #%d has length %d; 2 is "
    "required\" % (n, len(pair)))\n"
    "            d[pair[0]] = pair[1]\n"
    "            n += 1\n"
    "    d.update(kw)\n"
    "    return d\n"
    "def _enumerate(iterable, start=0):\n"
    "    n = start\n"
    "    for x in iterable:\n"
    "        yield n, x\n"
    "        n += 1\n"
    "def _args(n):\n"
    "    return \"argument 1\" if n == 1 else \"arguments 1-%d\" % n\n"
    "def _zip(*its, strict=False):\n"
    "    if not its:\n"
    "        return\n"
    "    iters = [iter(i) for i in its]\n"
    "    while True:\n"
    "        items = []\n"
    "        for k in range(len(iters)):\n"
    "            for x in iters[k]:\n"
    "                items.append(x)\n"
    "                break\n"
    "            else:\n"
    "                if strict:\n"
    "                    if k:\n"
    "                        raise ValueError(\"zip() argument %d is shorter than %s\" % (k + 1, "
    "_args(k)))\n"
    "                    for j in range(1, len(iters)):\n"
    "                        for x in iters[j]:\n"
    "                            raise ValueError(\"zip() argument %d is longer than %s\" % (j + "
    "1, _args(j)))\n"
    "                return\n"
    "        yield tuple(items)\n"
    "def _map(func, *its):\n"
    "    if len(its) == 1:\n"
    "        for x in its[0]:\n"
    "            yield func(x)\n"
    "    else:\n"
    "        for args in _zip(*its):\n"
    "            yield func(*args)\n"
    "def _filter(func, it, /):\n"
    "    if func is None:\n"
    "        for x in it:\n"
    "            if x:\n"
    "                yield x\n"
    "    else:\n"
    "        for x in it:\n"
    "            if func(x):\n"
    "                yield x\n";

bool sk_consume_may_block(SkVM *vm, const SkValue *args, SkValue it) {
    SkTasklet *t = vm->current;
    // Only the call the loop is making (not a C helper's own call of the
    // native with an argument array of its own).
    if (!vm->sched.direct || t->c_depth != 1 || args != t->stack + vm->sched.call_off + 1)
        return false;
    if (SK_IS_KIND(it, SK_CHANNEL) || SK_IS_KIND(it, SK_INSTANCE)) return true;
    // A generator is pulled faster by the C loop (about 6% on list and sum):
    // it goes the Skein way only when some other tasklet or a wait on the
    // event loop could let it block and come back.
    return SK_IS_KIND(it, SK_GENERATOR) &&
           (vm->sched.runcount > 1 || vm->sched.nwd > 0 || sk_loop_pending(vm) > 0);
}

// Compile and run the Skein versions into vm->sched.consume.
static SkValue consume_init(SkVM *vm) {
    SkDict *d = sk_dict_new(vm);
    if (!d) return SK_ERR;
    sk_gc_push_root(vm, sk_obj(d));
    SkCode *code = sk_compile(vm, CONSUME, sizeof CONSUME - 1, "<stackless>", SK_PARSE_FILE);
    SkValue r = code ? sk_run_code(vm, code, d) : SK_ERR;
    sk_gc_pop_root(vm);
    if (SK_IS_ERR(r)) return SK_ERR;
    vm->sched.consume = sk_obj(d);
    return SK_NONE;
}

SkValue sk_consume_redirect(SkVM *vm, SkValue *args, const char *name) {
    if (SK_IS_UNDEF(vm->sched.consume)) {
        // First use: running the helpers' module code may move the stack
        // (sk_run_code keeps the loop's note of this call).
        ptrdiff_t off = args - vm->current->stack;
        SkValue r = consume_init(vm);
        args = vm->current->stack + off;
        if (SK_IS_ERR(r)) return SK_ERR;
    }
    SkValue fn = sk_dict_get_str(SK_AS_DICT(vm->sched.consume), sk_str_intern_cstr(vm, name));
    if (SK_IS_UNDEF(fn)) return sk_raise(vm, vm->exc.SystemError, "no %s", name);
    args[-1] = fn;
    vm->sched.redirect = true;
    return SK_ERR;
}
