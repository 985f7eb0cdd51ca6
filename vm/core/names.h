// vm/core/names.h -- interned strings the VM looks up often, made once at
// start-up: vm->names.init is the SkStr "__init__". Add a line to use a new one.
#ifndef SK_VM_CORE_NAMES_H
#define SK_VM_CORE_NAMES_H

// clang-format off
#define SK_NAMES(N) \
    N(init, "__init__") N(new_, "__new__") N(call, "__call__") N(repr, "__repr__") \
    N(str, "__str__") N(len, "__len__") N(bool_, "__bool__") N(hash, "__hash__") \
    N(eq, "__eq__") N(ne, "__ne__") N(lt, "__lt__") N(le, "__le__") N(gt, "__gt__") \
    N(ge, "__ge__") N(iter, "__iter__") N(next, "__next__") N(getitem, "__getitem__") \
    N(setitem, "__setitem__") N(delitem, "__delitem__") N(contains, "__contains__") \
    N(enter, "__enter__") N(exit, "__exit__") N(getattr, "__getattr__") \
    N(setattr, "__setattr__") N(delattr, "__delattr__") N(getattribute, "__getattribute__") \
    N(add, "__add__") N(radd, "__radd__") N(iadd, "__iadd__") \
    N(sub, "__sub__") N(rsub, "__rsub__") N(isub, "__isub__") \
    N(mul, "__mul__") N(rmul, "__rmul__") N(imul, "__imul__") \
    N(truediv, "__truediv__") N(rtruediv, "__rtruediv__") N(itruediv, "__itruediv__") \
    N(floordiv, "__floordiv__") N(rfloordiv, "__rfloordiv__") N(ifloordiv, "__ifloordiv__") \
    N(mod, "__mod__") N(rmod, "__rmod__") N(imod, "__imod__") \
    N(pow, "__pow__") N(rpow, "__rpow__") N(ipow, "__ipow__") \
    N(matmul, "__matmul__") N(rmatmul, "__rmatmul__") N(imatmul, "__imatmul__") \
    N(lshift, "__lshift__") N(rlshift, "__rlshift__") N(ilshift, "__ilshift__") \
    N(rshift, "__rshift__") N(rrshift, "__rrshift__") N(irshift, "__irshift__") \
    N(and_, "__and__") N(rand, "__rand__") N(iand, "__iand__") \
    N(or_, "__or__") N(ror, "__ror__") N(ior, "__ior__") \
    N(xor, "__xor__") N(rxor, "__rxor__") N(ixor, "__ixor__") \
    N(neg, "__neg__") N(pos, "__pos__") N(invert, "__invert__") N(abs, "__abs__") \
    N(index, "__index__") N(int_, "__int__") N(float_, "__float__") N(format, "__format__") \
    N(round, "__round__") N(reversed, "__reversed__") N(missing, "__missing__") \
    N(name, "__name__") N(qualname, "__qualname__") N(module, "__module__") \
    N(doc, "__doc__") N(dict, "__dict__") N(class_, "__class__") N(main, "__main__") \
    N(builtins, "__builtins__") N(file, "__file__") N(all, "__all__") \
    N(init_subclass, "__init_subclass__") N(set_name, "__set_name__") \
    N(get, "__get__") N(set, "__set__") N(delete_, "__delete__") \
    N(args, "args") N(send, "send") N(throw_, "throw") N(close, "close") \
    N(key, "key") N(reverse, "reverse") N(sep, "sep") N(end, "end") N(flush, "flush") \
    N(write, "write") N(sys, "sys") N(del, "__del__") N(stdout, "stdout") N(self, "self") N(lambda, "<lambda>") N(module_, "<module>") \
    N(empty, "") N(none, "None") N(true_, "True") N(false_, "False") \
    N(underscore, "_") N(keys, "keys")
// clang-format on

#endif
